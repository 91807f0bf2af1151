"""One rule, one definition (STYLE rule 15), on a campaign held above institute level.

An academy holds the campaign and both test institutes sit under it: the case where the
copies of "who is the office", "who has not filed", "which campaign is current" and
"may this user open it" used to answer differently.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from chuangxian.calendar import steps
from evaluations.awards import access as award_access
from evaluations.awards import selectors as award_selectors
from evaluations.awards import services as award_services
from evaluations.inspections import selectors as inspection_selectors
from evaluations.inspections import services as inspection_services
from evaluations.scoring import access as scoring_access
from evaluations.scoring import selectors as scoring_selectors
from organizations.access import scope_of
from organizations.models import Organization, Person, User
from pledges import selectors
from pledges.access import (
    can_manage_campaign,
    can_read_campaign,
    get_campaign_for,
    get_pledge_filing_for,
    is_campaign_leader,
    is_campaign_office,
    may_file_pledge_for,
)
from pledges.models import Pledge, Status
from pledges.services.workflow import approvers_of
from tests.api.builders import as_user
from tests.factories import build_institute
from tests.pledges.builders import make_campaign, make_plan, make_pledge

pytestmark = pytest.mark.django_db


def _users(*institutes) -> list[User]:
    return [p.user for i in institutes for p in i.people.values() if p.user_id]


# ---------------------------------------------------------------------------------------
# The campaign's activity office and leading group


def test_it_tells_the_office_of_every_institute_under_an_academy_campaign(
    inst, other_inst, academy
):
    offices = [inst.people["office"], other_inst.people["office"]]
    expected = sorted(p.pk for p in offices)

    assert [p.pk for p in selectors.campaign_office(academy.campaign)] == expected
    # The calendar and the inspections used to find nobody here (no office body can
    # sit above an institute); the awards found these two.
    assert [p.pk for p in steps.office_people(academy.campaign)] == expected
    assert [p.pk for p in inspection_services.office_people(academy.campaign)] == (
        expected
    )
    assert [p.pk for p in award_services.office_people(academy.campaign)] == expected
    assert [p.pk for p in steps.leaders(academy.campaign)] == sorted(
        [inst.people["leader"].pk, other_inst.people["leader"].pk]
    )


def test_it_keeps_an_institute_campaigns_office_to_that_institute(inst, other_inst):
    campaign = make_campaign(inst.institute)

    assert selectors.campaign_office(campaign) == [inst.people["office"]]
    assert selectors.campaign_leaders(campaign) == [inst.people["leader"]]


def test_it_sends_a_plan_to_the_office_of_its_own_institute(inst, other_inst, academy):
    # The machine branch sits right under the committee, which nobody manages: the
    # office approves, and only the branch's own institute's office (filed by the
    # branch's secretary: nobody approves what they filed).
    from organizations.services import role_grant

    role_grant(person=inst.people["othersec"], kind="secretary", node=inst.lone_branch)
    inst.user("othersec").__dict__.pop("_cx_scope", None)
    plan = make_plan(academy.campaign, inst.lone_branch, inst.user("othersec"))

    assert approvers_of(plan) == [inst.people["office"].pk]


@pytest.mark.parametrize("at", ["academy", "institute"])
def test_it_agrees_on_the_office_and_leaders_as_predicate_and_query(
    inst, other_inst, academy, at
):
    campaign = (
        academy.campaign if at == "academy" else make_campaign(other_inst.institute)
    )
    office = {p.pk for p in selectors.campaign_office(campaign)}
    leaders = {p.pk for p in selectors.campaign_leaders(campaign)}
    for user in _users(inst, other_inst):
        scope = scope_of(user)
        assert is_campaign_office(scope, campaign) == (scope.person.pk in office)
        assert is_campaign_leader(scope, campaign) == (scope.person.pk in leaders)


def test_it_lets_institute_offices_and_leaders_read_but_not_change_an_academy_campaign(
    inst, other_inst, academy
):
    pk = academy.campaign.pk
    for key in ("office", "leader"):
        user = inst.user(key)
        assert get_campaign_for(user, pk, need="oversee") == academy.campaign
        # Scoring set-up and the working award list: the leader used to be refused
        # the one and let into the other.
        assert scoring_access.get_office_campaign_for(user, pk) == academy.campaign
        assert award_access.get_award_campaign_for(user, pk) == academy.campaign
        with pytest.raises(PermissionDenied):
            get_campaign_for(user, pk, need="manage")
    with pytest.raises(PermissionDenied):
        get_campaign_for(inst.user("member"), pk, need="oversee")
    # Signing the academy's awards off is the academy's own leading group's.
    with pytest.raises(PermissionDenied):
        award_access.get_signoff_campaign_for(inst.user("leader"), pk)
    assert not can_manage_campaign(scope_of(inst.user("office")), academy.campaign)


def test_it_hides_an_academy_campaign_from_an_institute_outside_the_academy(
    inst, academy
):
    outsider = build_institute("丙研究所", prefix="z")

    with pytest.raises(Http404):
        get_campaign_for(outsider.user("office"), academy.campaign.pk)
    assert academy.campaign not in selectors.campaigns_for(
        scope_of(outsider.user("office"))
    )


# ---------------------------------------------------------------------------------------
# Which campaigns one sees, and which one is current


def test_it_lists_exactly_the_campaigns_it_lets_one_open(inst, other_inst, academy):
    campaigns = [
        academy.campaign,
        make_campaign(inst.institute),
        make_campaign(other_inst.institute),
        make_campaign(inst.committee),
    ]
    outsider = build_institute("丙研究所", prefix="z")
    campaigns.append(make_campaign(outsider.institute))
    for user in _users(inst, other_inst, outsider):
        scope = scope_of(user)
        listed = set(selectors.campaigns_for(scope).values_list("pk", flat=True))
        allowed = {c.pk for c in campaigns if can_read_campaign(scope, c)}
        assert listed == allowed, user.username
        running_first = selectors.campaigns_for(scope, running_first=True)
        assert set(running_first.values_list("pk", flat=True)) == allowed
        actives = list(running_first.values_list("is_active", flat=True))
        assert actives == sorted(actives, reverse=True)


def test_it_shows_every_home_panel_the_same_current_campaign(inst, other_inst, academy):
    # The academy's campaign was set up first; the institute's own campaign of the
    # same year runs too. The nearest level wins everywhere (scoring and awards used
    # to take the campaign set up first).
    own = make_campaign(inst.institute)
    scope = scope_of(inst.user("office"))

    assert selectors.current_campaign_for(scope) == own
    assert scoring_selectors.office_panel(scope)["campaign"] == own
    assert inspection_selectors.office_panel(scope)["campaign"] == own
    assert award_selectors.office_panel(scope)["campaign"] == own
    assert selectors.campaign_for_scope(scope) == own
    assert (
        selectors.campaign_for_scope(scope, str(academy.campaign.pk))
        == academy.campaign
    )


# ---------------------------------------------------------------------------------------
# Who has not filed


def test_it_counts_the_same_unfiled_branches_and_members_everywhere(
    inst, other_inst, academy
):
    from chuangxian.dashboards import selectors as dashboards

    campaign = academy.campaign
    make_plan(campaign, inst.branch, inst.user("secretary"))
    make_pledge(campaign, inst.branch, inst.people["member"], inst.user("secretary"))
    # A branch wound up: its members can file nowhere; the reminders used to chase them.
    Organization.objects.filter(pk=other_inst.other_branch.pk).update(is_active=False)

    units = set(selectors.units_without_plan(campaign).values_list("pk", flat=True))
    members = set(
        selectors.members_without_pledge_filed(campaign).values_list("pk", flat=True)
    )
    assert units == {
        inst.other_branch.pk,
        inst.lone_branch.pk,
        other_inst.branch.pk,
        other_inst.lone_branch.pk,
    }
    assert members == {
        inst.people[k].pk for k in ("gsec", "secretary", "othersec", "othermember")
    } | {other_inst.people[k].pk for k in ("gsec", "secretary", "member")}

    _, counts = steps._reminders_action(
        campaign=campaign,
        due_on=campaign.phase1_start,
        today=campaign.phase1_start,
        by=None,
    )
    assert counts["unfiled_branches"] == len(units)
    assert counts["unfiled_members"] == len(members)

    scope = scope_of(inst.user("office"))
    mine = {
        u
        for u in units
        if Organization.objects.get(pk=u).institute_id == inst.institute.pk
    }
    totals = dashboards.filing(scope, campaign)["totals"]
    assert totals["no_plan"] == len(mine)
    assert (
        totals["no_pledge"]
        == Person.objects.filter(pk__in=members, institute=inst.institute).count()
    )
    assert selectors.filing_counts(scope, campaign)["branches_without_plan"] == len(
        mine
    )


def test_it_still_asks_for_the_branch_pledge_of_a_member_who_pledged_elsewhere(
    inst, academy
):
    # Another unit's pledge is not the branch pledge (the reminders used to stop here).
    Pledge.objects.create(
        campaign=academy.campaign,
        unit=inst.union,
        person=inst.people["member"],
        criteria_set=academy.campaign.criteria_sets.filter(audience="person").first(),
    )

    assert inst.people["member"] in selectors.members_without_pledge_filed(
        academy.campaign
    )


# ---------------------------------------------------------------------------------------
# Filing a pledge on a member's behalf


def test_it_files_for_a_member_the_same_way_on_the_page_and_in_the_api(
    client, inst, other_inst, academy
):
    secretary = inst.user("secretary")
    assert get_pledge_filing_for(
        secretary, inst.branch.pk, inst.people["member"].pk
    ) == (inst.branch, inst.people["member"])
    with pytest.raises(Http404):  # another institute's member, even in one campaign
        get_pledge_filing_for(secretary, inst.branch.pk, other_inst.people["member"].pk)
    assert not may_file_pledge_for(
        scope_of(inst.user("staff")), inst.people["member"], inst.branch
    )

    client.force_login(secretary)
    page = client.post(
        reverse("pledges:pledge_create"),
        {"unit": inst.branch.pk, "person": inst.people["member"].pk},
    )
    assert page.status_code == 302
    api = as_user(Client(), secretary).post(
        "/api/v1/pledges/",
        json.dumps({"unit": inst.branch.pk, "person": inst.people["gsec"].pk}),
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    filed = Pledge.objects.filter(campaign=academy.campaign, unit=inst.branch)
    assert {p.person_id for p in filed} == {
        inst.people["member"].pk,
        inst.people["gsec"].pk,
    }
    assert all(p.on_behalf and p.status == Status.DRAFT for p in filed)


def test_it_asks_nobody_but_another_office_member_for_the_offices_own_plan(
    inst, other_inst, academy
):
    plan = make_plan(academy.campaign, inst.lone_branch, inst.user("office"))
    assert inst.people["office"].pk not in approvers_of(plan)
