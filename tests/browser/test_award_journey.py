"""Browser journey: the office proposes awards, a leader signs off, staff read the
published commendation list."""

import pytest

from tests.evaluations.awards.builders import rank_all, score, set_quota
from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_the_award_list_from_proposal_to_publication(page, inst):
    campaign = make_campaign(inst.institute)
    score(campaign, inst.branch, 95, grade="excellent")
    score(campaign, inst.other_branch, 88)
    score(campaign, inst.lone_branch, 70, grade="average")
    rank_all(campaign)
    set_quota(campaign, inst.user("office"), "party_branch", 1)

    sign_in(page, "office")
    page.goto(page.base_url + f"/awards/{campaign.pk}/")
    page.click('[data-testid="award-propose"]')
    page.wait_for_load_state("networkidle")
    proposed = page.inner_text('[data-testid="award-list"]')
    assert inst.branch.name in proposed
    page.click('[data-testid="award-submit"]')
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, "leader")
    page.goto(page.base_url + f"/awards/{campaign.pk}/sign-off/")
    page.click('[data-testid="award-signoff"]')
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, "office")
    page.goto(page.base_url + f"/awards/{campaign.pk}/")
    # No deeds (先进事迹) written: publishing asks for a reason, and records it.
    override = page.locator('[data-testid="award-publish-override"]')
    assert "先进事迹" in override.inner_text()
    override.locator("textarea[name=override_reason]").fill("事迹材料表彰大会后补报")
    override.locator('[data-testid="award-publish"]').click()
    page.wait_for_load_state("networkidle")
    assert "事迹材料表彰大会后补报" in page.inner_text('[data-testid="award-override"]')

    page.context.clear_cookies()
    sign_in(page, "staff")
    page.goto(page.base_url + f"/awards/{campaign.pk}/commendations/")
    listed = page.inner_text('[data-testid="commendation-list"]')
    assert inst.branch.name in listed
    assert inst.lone_branch.name not in listed
