"""An academy over both test institutes, with its own activity office (the academy
account is staff of the first institute, as the bench and demo have it)."""

from dataclasses import dataclass

import pytest

from organizations.models import Organization, Person, Role, User
from organizations.services import role_grant
from pledges.models import Campaign
from tests.factories import person, unit
from tests.pledges.academy import place_under, reload
from tests.pledges.builders import make_campaign


@dataclass
class AcademySetup:
    unit: Organization
    office_body: Organization
    campaign: Campaign
    person: Person

    @property
    def user(self) -> User:
        return self.person.user


def build_academy(inst, other_inst, *, name="青岚科学院") -> AcademySetup:
    top = unit(name, Organization.Kind.ACADEMY, None)
    for i in (inst, other_inst):
        place_under(top, i.institute)
        reload(i)
    top.refresh_from_db()
    body = unit(f"{name}活动办公室", Organization.Kind.ACTIVITY_OFFICE, top)
    someone = person(inst.institute, "academy", department=inst.department)
    role_grant(person=someone, kind=Role.Kind.OFFICE, node=body, title="主任")
    someone.refresh_from_db()
    return AcademySetup(top, body, make_campaign(top), someone)


@pytest.fixture(name="academy")
def academy_fixture(inst, other_inst) -> AcademySetup:
    return build_academy(inst, other_inst)
