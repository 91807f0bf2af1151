"""The rule of who leads a mass unit: own ``led_by``, else the nearest mass ancestor's,
else the institute's party committee; one unit and many answer alike."""

import pytest

from organizations.access import scope_of
from organizations.models import Organization
from pledges.leadership.rules import (
    leading_party_unit,
    leading_units_of,
    leads,
    led_units,
)
from tests.factories import unit
from tests.pledges.leadership.builders import league_under_party

pytestmark = pytest.mark.django_db
K = Organization.Kind


def test_it_takes_the_units_own_led_by(inst):
    league = league_under_party(inst)
    assert leading_party_unit(league.branch) == inst.branch
    assert leading_party_unit(league.committee) == inst.committee


def test_it_takes_the_nearest_mass_ancestors_led_by(inst):
    union_branch = unit("一部分工会", K.UNION_BRANCH, inst.union, led_by=inst.gb)
    group = unit("一部工会小组", K.UNION_GROUP, union_branch)
    assert leading_party_unit(group) == inst.gb


def test_it_falls_back_to_the_institutes_party_committee(inst):
    women = unit("妇委会", K.WOMEN_COMMITTEE, inst.institute)
    group = unit("妇女小组", K.WOMEN_GROUP, women)
    assert leading_party_unit(women) == inst.committee
    assert leading_party_unit(group) == inst.committee


def test_it_leads_nothing_that_is_not_a_mass_unit(inst):
    assert leading_party_unit(inst.branch) is None


def test_it_answers_many_units_as_one(inst):
    league_under_party(inst)
    union_branch = unit("一部分工会", K.UNION_BRANCH, inst.union, led_by=inst.gb)
    unit("一部工会小组", K.UNION_GROUP, union_branch)
    unit("妇委会", K.WOMEN_COMMITTEE, inst.institute)
    mass = list(Organization.objects.filter(kind__in=Organization.MASS_KINDS))
    many = leading_units_of(mass)
    assert len(many) == len(mass) >= 6
    for u in mass:
        assert many[u.pk] == leading_party_unit(u), u.name


def test_it_gives_each_secretary_the_units_their_branch_leads(inst):
    league = league_under_party(inst)
    secretary = scope_of(inst.user("secretary"))
    gsec = scope_of(inst.user("gsec"))
    othersec = scope_of(inst.user("othersec"))
    assert list(led_units(secretary)) == [league.branch]
    assert league.branch in led_units(gsec)  # the branch lies under the general branch
    assert not led_units(othersec).exists()
    for scope, expected in ((secretary, True), (gsec, True), (othersec, False)):
        assert leads(scope, league.branch) is expected
    assert not leads(secretary, league.committee)
