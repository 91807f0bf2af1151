"""A league under the party (党建带群建): a league committee led by the party committee
and a league branch led by the secretary's party branch, with an officer each."""

from dataclasses import dataclass

from organizations import services as org_services
from organizations.models import MassMembership, Organization, Person, Role, User
from tests.factories import person, unit

K = Organization.Kind


@dataclass
class League:
    committee: Organization
    branch: Organization
    officer: User  # the league committee's secretary (团委书记)
    branch_officer: User  # the league branch's secretary (团支部书记)
    youth: Person


def league_under_party(inst) -> League:
    committee = unit("团委", K.LEAGUE_COMMITTEE, inst.institute, led_by=inst.committee)
    branch = unit("一支部团支部", K.LEAGUE_BRANCH, committee, led_by=inst.branch)
    officer = person(inst.institute, "leagueofficer", department=inst.department)
    branch_officer = person(inst.institute, "league", department=inst.department)
    youth = person(
        inst.institute,
        "youth",
        department=inst.department,
        political_status=Person.PoliticalStatus.LEAGUE,
    )
    MassMembership.objects.create(person=youth, unit=branch)
    org_services.role_grant(
        person=officer, kind=Role.Kind.LEAGUE_OFFICER, node=committee
    )
    org_services.role_grant(
        person=branch_officer, kind=Role.Kind.LEAGUE_OFFICER, node=branch
    )
    return League(committee, branch, officer.user, branch_officer.user, youth)
