"""A mass unit's plan is endorsed by the party organisation that leads it, and by
nobody else, on the pages and through the API alike (党建带群建)."""

import pytest
from django.core.exceptions import PermissionDenied

from organizations.models import Notification
from pledges import services
from pledges.models import Status
from tests.api.builders import as_user
from tests.pledges.builders import make_plan
from tests.pledges.leadership.builders import league_under_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(inst, campaign):
    league = league_under_party(inst)
    plan = make_plan(
        campaign, league.branch, league.branch_officer, state=Status.SUBMITTED
    )
    return league, plan


def test_its_approving_unit_is_the_leading_party_branch(inst, submitted):
    league, plan = submitted
    assert plan.approving_unit == inst.branch


def test_the_leading_branch_secretary_approves(inst, submitted):
    league, plan = submitted
    services.plan_approve(plan=plan, by=inst.user("secretary"))
    assert plan.status == Status.APPROVED


@pytest.mark.parametrize("who", ["leagueofficer", "othersec", "member", "staff"])
def test_others_may_not_approve(inst, submitted, who):
    league, plan = submitted
    user = league.officer if who == "leagueofficer" else inst.user(who)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=user)
    with pytest.raises(PermissionDenied):
        services.plan_return(plan=plan, by=user, reason="再改改")


def test_submitting_tells_the_leading_branch_secretary(inst, submitted):
    league, plan = submitted
    told = Notification.objects.filter(
        kind=Notification.Kind.APPROVAL_NEEDED, url=plan.get_absolute_url()
    ).values_list("recipient_id", flat=True)
    assert set(told) == {inst.people["secretary"].pk}


def test_the_page_says_who_endorses_and_the_secretary_approves_there(
    inst, submitted, client
):
    league, plan = submitted
    client.force_login(inst.user("secretary"))
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="endorsed-by"' in body and inst.branch.name in body
    assert 'data-testid="approve"' in body
    response = client.post(f"/plans/{plan.pk}/approve/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED


def test_the_page_refuses_the_league_committee_and_hides_from_another_branch(
    inst, submitted, client
):
    league, plan = submitted
    client.force_login(league.officer)
    assert (
        'data-testid="approve"'
        not in client.get(plan.get_absolute_url()).content.decode()
    )
    assert client.post(f"/plans/{plan.pk}/approve/").status_code == 403
    client.force_login(inst.user("othersec"))
    assert client.post(f"/plans/{plan.pk}/approve/").status_code == 404
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_the_api_lets_the_leading_secretary_approve(inst, submitted, client):
    league, plan = submitted
    as_user(client, inst.user("secretary"))
    response = client.post(f"/api/v1/plans/{plan.pk}/approve/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.APPROVED


def test_the_api_lets_the_leading_secretary_return_with_a_reason(
    inst, submitted, client
):
    league, plan = submitted
    as_user(client, inst.user("secretary"))
    url = f"/api/v1/plans/{plan.pk}/return/"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(
        url, {"reason": "措施不具体"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.RETURNED


def test_the_api_refuses_others(inst, submitted, client):
    league, plan = submitted
    as_user(client, league.officer)
    assert client.post(f"/api/v1/plans/{plan.pk}/approve/").status_code == 403
    as_user(client, inst.user("othersec"))
    assert client.post(f"/api/v1/plans/{plan.pk}/approve/").status_code == 404
    response = client.post(
        f"/api/v1/plans/{plan.pk}/return/",
        {"reason": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_the_api_lists_the_led_units_plan_for_its_secretary(inst, submitted, client):
    league, plan = submitted
    as_user(client, inst.user("secretary"))
    rows = client.get("/api/v1/plans/").json()["results"]
    assert plan.pk in {r["id"] for r in rows}


def test_the_plan_check_and_filter_agree_on_mass_plans(inst, submitted):
    from organizations.access import scope_of
    from organizations.models import User
    from pledges.access import can_read_plan, readable_plans_q
    from pledges.models import Plan

    plans = list(Plan.objects.select_related("unit"))
    for user in User.objects.all():
        scope = scope_of(user)
        listed = set(
            Plan.objects.filter(readable_plans_q(scope)).values_list("pk", flat=True)
        )
        assert listed == {p.pk for p in plans if can_read_plan(scope, p)}, user
