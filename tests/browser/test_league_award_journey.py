"""Browser journey: the league committee's officer (`league`, 团委) proposes one of its
league branches for the 五四红旗团组织 with its deeds and submits; the office proposes
and submits, a leader signs off, the office publishes; the published commendation list
shows a 共青团 section with the branch."""

import pytest

from evaluations.awards import services
from organizations import services as org_services
from organizations.models import Organization, Role
from tests.evaluations.awards.builders import rank_all, score, title
from tests.factories import person, unit
from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

K = Organization.Kind


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def click(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_the_league_proposes_a_red_flag_branch_and_the_list_shows_it(page, inst):
    campaign = make_campaign(inst.institute)
    league = unit("团委", K.LEAGUE_COMMITTEE, inst.institute, led_by=inst.committee)
    branch = unit("一支部团支部", K.LEAGUE_BRANCH, league, led_by=inst.branch)
    officer = person(inst.institute, "league", department=inst.department)
    org_services.role_grant(person=officer, kind=Role.Kind.LEAGUE_OFFICER, node=league)
    score(campaign, inst.branch, 95, grade="excellent")
    rank_all(campaign)
    red_flag = title(campaign, "league_unit")
    services.quotas_set(
        campaign=campaign,
        by=inst.user("office"),
        counts={
            (title(campaign, "party_branch").pk, ""): 1,
            (red_flag.pk, ""): 1,
        },
    )

    # The league's officer proposes its branch on the committee's page and submits.
    as_user(page, "league")
    page.goto(page.base_url + f"/awards/{campaign.pk}/committees/{league.pk}/")
    assert red_flag.title in page.inner_text('[data-testid="committee-titles"]')
    form = page.locator('[data-testid="committee-form"]')
    form.locator("select[name=criteria_set]").select_option(str(red_flag.pk))
    form.locator("select[name=unit]").select_option(str(branch.pk))
    form.locator("textarea[name=deeds]").fill("组建青年突击队，按期完成攻关任务。")
    form.locator("input[type=submit]").click()
    page.wait_for_load_state("networkidle")
    proposed = page.inner_text('[data-testid="committee-candidates"]')
    assert branch.name in proposed and red_flag.title in proposed
    assert "青年突击队" in proposed
    click(page, '[data-testid="committee-submit"]')
    assert page.locator('[data-testid="committee-submitted"]').count() == 1

    # The office proposes the list (the league's proposal is on it) and submits it.
    as_user(page, "office")
    page.goto(page.base_url + f"/awards/{campaign.pk}/")
    click(page, '[data-testid="award-propose"]')
    assert branch.name in page.inner_text('[data-testid="award-list"]')
    click(page, '[data-testid="award-submit"]')

    as_user(page, "leader")
    page.goto(page.base_url + f"/awards/{campaign.pk}/sign-off/")
    click(page, '[data-testid="award-signoff"]')

    as_user(page, "office")
    page.goto(page.base_url + f"/awards/{campaign.pk}/")
    override = page.locator('[data-testid="award-publish-override"]')
    if override.count():  # the party branch's deeds are not written: give the reason
        override.locator("textarea[name=override_reason]").fill("支部事迹后补")
        override.locator('[data-testid="award-publish"]').click()
    else:
        page.click('[data-testid="award-publish"]')
    page.wait_for_load_state("networkidle")

    as_user(page, "staff")
    page.goto(page.base_url + f"/awards/{campaign.pk}/commendations/")
    sections = page.locator('[data-testid="commendation-section"]').all_inner_texts()
    assert "共青团" in [s.strip() for s in sections]
    listed = page.inner_text('[data-testid="commendation-list"]')
    assert branch.name in listed and red_flag.title in listed
    assert red_flag.title == "五四红旗团组织"
