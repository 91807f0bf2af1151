"""Browser journey of 党建带群建: the league branch files its striving plan, the party
branch that leads it endorses it from the home page, and the league sees it approved.

The demo has no ``league`` account yet: the test builds the league branch and its
officer ``league`` (led by the secretary's party branch) in the test institute."""

import pytest

from pledges.models import Plan, Status
from tests.pages import sign_in
from tests.pledges.builders import make_campaign
from tests.pledges.leadership.builders import league_under_party

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def click(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_the_league_plans_its_party_branch_endorses_and_the_league_sees_it(page, inst):
    make_campaign(inst.institute)
    league = league_under_party(inst)

    # The league branch's secretary starts the plan from the template and submits it;
    # the page says who endorses it: the party branch that leads the league branch.
    as_user(page, "league")
    page.goto(page.base_url + "/plans/")
    click(page, f'[data-testid="plan-new-{league.branch.pk}"]')
    page.fill('textarea[name="targets"]', "青年突击队按节点完成攻关任务")
    click(page, '[data-testid="save-submit"]')
    assert page.get_attribute("[data-status]", "data-status") == "submitted"
    endorsed = page.inner_text('[data-testid="endorsed-by"]')
    assert endorsed == f"由{inst.branch.name}审核"
    assert page.locator('[data-testid="approve"]').count() == 0

    # The league committee above it does not approve it any more.
    plan = Plan.objects.get(unit=league.branch)
    as_user(page, "leagueofficer")
    page.goto(page.base_url + plan.get_absolute_url())
    assert page.locator('[data-testid="approve-publish"]').count() == 0

    # The party branch's secretary finds it on the home page and endorses it.
    as_user(page, "secretary")
    page.goto(page.base_url + "/")
    panel = page.locator('[data-panel="leadership"]')
    assert league.branch.name in panel.inner_text()
    click(page, '[data-testid="awaiting-endorsement"] a')
    click(page, '[data-testid="approve-publish"]')
    assert page.get_attribute("[data-status]", "data-status") == "published"

    # The league sees its plan approved by the party branch's secretary.
    as_user(page, "league")
    page.goto(page.base_url + plan.get_absolute_url())
    assert page.get_attribute("[data-status]", "data-status") == "published"
    assert "secretary" in page.inner_text("dl")
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    assert plan.approved_by == inst.user("secretary")

    # At phone width the units page of the secretary fits.
    as_user(page, "secretary")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/leadership/units/")
    assert league.branch.name in page.inner_text('[data-testid="led-units"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
