"""One definition of "the campaign's office" at every level (organizations.campaign_office)."""

import pytest

from chuangxian.calendar import steps
from organizations import campaign_office as co
from organizations.access import office_institutes, scope_of
from pledges import selectors
from pledges.access import can_manage_campaign, get_campaign_for, is_campaign_office
from pledges.services.academy import create_institute_campaign_from
from tests.pledges.builders import make_campaign

pytestmark = pytest.mark.django_db


def test_the_seat_is_the_academy_for_an_academy_campaign(academy, inst, other_inst):
    assert co.campaign_seat_id(academy.campaign) == academy.unit.pk
    assert co.is_academy_campaign(academy.campaign)
    assert co.campaign_institute_ids(academy.campaign) == sorted(
        [inst.institute.pk, other_inst.institute.pk],
        key=lambda pk: [inst.institute.pk, other_inst.institute.pk].index(pk),
    )


def test_the_seat_is_the_institute_for_a_campaign_held_inside_it(inst):
    at_institute = make_campaign(inst.institute)
    at_committee = make_campaign(inst.committee)

    for campaign in (at_institute, at_committee):
        assert co.campaign_seat_id(campaign) == inst.institute.pk
        assert co.campaign_institute_ids(campaign) == [inst.institute.pk]


def test_only_the_academy_office_manages_the_academy_campaign(academy, inst):
    assert can_manage_campaign(academy.user, academy.campaign)
    assert can_manage_campaign(scope_of(academy.user), academy.campaign)
    assert not can_manage_campaign(inst.user("office"), academy.campaign)
    assert get_campaign_for(academy.user, academy.campaign.pk, need="manage")


def test_the_institute_office_manages_its_adopted_campaign_not_the_academy(
    academy, inst, other_inst
):
    own = create_institute_campaign_from(academy.campaign, inst.institute)

    assert co.campaign_seat_id(own) == inst.institute.pk
    assert can_manage_campaign(inst.user("office"), own)
    assert not can_manage_campaign(academy.user, own)
    assert not can_manage_campaign(other_inst.user("office"), own)


def test_the_academy_office_is_one_of_the_academy_campaigns_offices(
    academy, inst, other_inst
):
    expected = sorted(
        [academy.person.pk, inst.people["office"].pk, other_inst.people["office"].pk]
    )
    # The same people are told by the calendar, the selectors and the predicate.
    assert [p.pk for p in selectors.campaign_office(academy.campaign)] == expected
    assert [p.pk for p in steps.office_people(academy.campaign)] == expected
    assert is_campaign_office(academy.user, academy.campaign)
    assert co.body_serves_campaign(academy.office_body, academy.campaign)


def test_an_institute_campaign_does_not_tell_the_academy(academy, inst):
    own = create_institute_campaign_from(academy.campaign, inst.institute)

    assert [p.pk for p in selectors.campaign_office(own)] == [inst.people["office"].pk]
    assert not is_campaign_office(academy.user, own)


def test_academy_roles_reach_no_subtree(academy, inst):
    scope = scope_of(academy.user)

    assert [r.node_id for r in scope.academy_roles] == [academy.office_body.pk]
    assert scope.read_paths == () and scope.manage_paths == ()
    assert not scope.is_office
    assert co.is_academy_office(academy.user)
    assert list(co.academy_seats(academy.user)) == [academy.unit]
    assert not office_institutes(academy.user).exists()
    assert not co.is_academy_office(inst.user("office"))


def test_the_calendar_button_follows_can_manage(client, academy, inst):
    from django.urls import reverse

    client.force_login(academy.user)
    page = client.get(reverse("dashboards:office") + f"?campaign={academy.campaign.pk}")
    assert page.status_code in (200, 403)
    client.force_login(inst.user("office"))
    page = client.get(reverse("calendar", args=[academy.campaign.pk]))
    assert page.status_code == 403
    client.force_login(academy.user)
    page = client.get(reverse("calendar", args=[academy.campaign.pk]))
    assert page.status_code == 200


def test_a_branch_academy_seats_its_own_campaign(inst, other_inst):
    from django.core.exceptions import ValidationError

    from organizations.models import Organization, Role
    from organizations.services import role_grant
    from tests.factories import person, unit
    from tests.pledges.academy import place_under, reload

    top = unit("青岚科学院", Organization.Kind.ACADEMY, None)
    branch_academy = unit("青岚分院", Organization.Kind.BRANCH_ACADEMY, top)
    place_under(branch_academy, inst.institute)
    reload(inst)
    branch_academy.refresh_from_db()
    body = unit("分院活动办公室", Organization.Kind.ACTIVITY_OFFICE, branch_academy)
    staff = person(inst.institute, "branch_academy_office", department=inst.department)
    role_grant(person=staff, kind=Role.Kind.OFFICE, node=body)
    # Staff of an institute outside the branch academy cannot sit in its office.
    with pytest.raises(ValidationError):
        role_grant(person=other_inst.people["staff"], kind=Role.Kind.OFFICE, node=body)

    campaign = make_campaign(branch_academy)
    assert co.campaign_seat_id(campaign) == branch_academy.pk
    assert co.campaign_institute_ids(campaign) == [inst.institute.pk]
    assert can_manage_campaign(staff.user, campaign)
    assert not can_manage_campaign(inst.user("office"), campaign)
    assert is_campaign_office(inst.user("office"), campaign)
    assert not is_campaign_office(other_inst.user("office"), campaign)
    assert list(co.academy_seats(staff.user)) == [branch_academy]


def test_only_the_academys_own_leading_group_signs_its_awards_off(
    academy, inst, other_inst
):
    from evaluations.awards.access import is_leader
    from organizations.models import Organization, Role
    from organizations.services import role_grant
    from tests.factories import person, unit

    group = unit("院领导小组", Organization.Kind.LEADING_GROUP, academy.unit)
    chief = person(inst.institute, "acleader", department=inst.department)
    role_grant(person=chief, kind=Role.Kind.LEADER, node=group, title="组长")
    institute_leader = scope_of(inst.user("leader"))

    assert is_leader(scope_of(chief.user), academy.campaign)
    assert not is_leader(institute_leader, academy.campaign)
    assert is_leader(institute_leader, make_campaign(inst.institute))
