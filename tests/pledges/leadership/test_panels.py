"""The leading party branch's secretary sees its mass units' plans, pledges and
progress: a home panel of two queries and the page of the units led."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.access import scope_of
from organizations.models import Organization
from pledges.leadership.panels import leadership_panel
from pledges.models import Status
from tests.factories import unit
from tests.pledges.builders import make_plan
from tests.pledges.leadership.builders import league_under_party

pytestmark = pytest.mark.django_db


def _more_units(inst, n):
    union_branch = unit("一部分工会", Organization.Kind.UNION_BRANCH, inst.union)
    for i in range(n):
        unit(
            f"工会小组{i}",
            Organization.Kind.UNION_GROUP,
            union_branch,
            led_by=inst.branch,
        )


def _panel_queries(user):
    scope = scope_of(user)
    scope.roles  # noqa: B018  # the scope is computed per request, before the panels
    with CaptureQueriesContext(connection) as ctx:
        panel = leadership_panel(scope)
    return panel, len(ctx)


def test_the_panel_shows_the_led_units_plan_awaiting_endorsement(inst, campaign):
    league = league_under_party(inst)
    make_plan(campaign, league.branch, league.branch_officer, state=Status.SUBMITTED)
    panel, _ = _panel_queries(inst.user("secretary"))
    assert [row.name for row in panel["rows"]] == [league.branch.name]
    row = panel["rows"][0]
    assert row.plan_status == Status.SUBMITTED and row.lead_name == inst.branch.name
    assert [r.name for r in panel["awaiting"]] == [league.branch.name]


def test_the_panel_is_absent_for_a_branch_that_leads_nothing(inst, campaign):
    league_under_party(inst)
    panel, queries = _panel_queries(inst.user("othersec"))
    assert panel is None


def test_the_panel_takes_the_same_queries_for_one_unit_as_for_many(inst, campaign):
    league_under_party(inst)
    _panel_queries(inst.user("secretary"))  # the current campaign, once per request
    _, one = _panel_queries(inst.user("secretary"))
    _more_units(inst, 5)
    _panel_queries(
        inst.user("secretary")
    )  # the writes made the shared figures stale: warm again
    panel, many = _panel_queries(inst.user("secretary"))
    assert len(panel["rows"]) == 6
    assert many == one <= 3


def test_the_home_page_shows_the_panel(inst, campaign, client):
    league = league_under_party(inst)
    client.force_login(inst.user("secretary"))
    body = client.get("/").content.decode()
    assert 'data-panel="leadership"' in body and league.branch.name in body


def test_the_units_page_lists_plan_pledges_and_progress(inst, campaign, client):
    league = league_under_party(inst)
    plan = make_plan(
        campaign,
        league.branch,
        league.branch_officer,
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    client.force_login(inst.user("secretary"))
    page = client.get("/leadership/units/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/plans/{plan.pk}/" in body and "已公开" in body


def test_the_units_page_takes_the_same_queries_for_one_unit_as_for_many(
    inst, campaign, client
):
    league_under_party(inst)
    client.force_login(inst.user("secretary"))
    client.get("/leadership/units/")
    with CaptureQueriesContext(connection) as one:
        client.get("/leadership/units/")
    _more_units(inst, 5)
    client.get(
        "/leadership/units/"
    )  # the writes made the shared figures stale: warm again
    with CaptureQueriesContext(connection) as many:
        assert client.get("/leadership/units/").status_code == 200
    assert len(many) == len(one)


def test_the_units_page_is_refused_to_members(inst, client):
    client.force_login(inst.user("member"))
    assert client.get("/leadership/units/").status_code == 403


def test_a_unit_newly_led_shows_on_the_panel_at_once(inst, campaign):
    league = league_under_party(inst)
    assert _panel_queries(inst.user("othersec"))[0] is None  # the leads are cached
    Organization.objects.filter(pk=league.branch.pk).update(led_by=inst.other_branch)
    panel, _ = _panel_queries(inst.user("othersec"))
    assert [row.name for row in panel["rows"]] == [league.branch.name]
    assert panel["rows"][0].lead_name == inst.other_branch.name


def test_the_shared_figures_follow_a_write(inst, campaign):
    """The led units' figures are kept for everyone (core.versioned_cache): a plan's
    new state shows on the next page, not after the cache expires."""
    league = league_under_party(inst)
    plan = make_plan(
        campaign, league.branch, league.branch_officer, state=Status.SUBMITTED
    )
    panel, _ = _panel_queries(inst.user("secretary"))
    assert panel["rows"][0].plan_status == Status.SUBMITTED
    plan.status = Status.PUBLISHED
    plan.save()
    panel, _ = _panel_queries(inst.user("secretary"))
    assert panel["rows"][0].plan_status == Status.PUBLISHED
    assert panel["awaiting"] == []
