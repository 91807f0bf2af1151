"""Browser journey: the union's officer (`union`) nominates a 先进工作者 with deeds and
submits; the office proposes and submits, a leader signs off, the office publishes; the
published commendation list shows a 工会 section."""

import pytest

from evaluations.awards import services
from organizations import services as org_services
from organizations.models import Role
from pledges.demo.commitments import pdf_bytes
from tests.evaluations.awards.builders import rank_all, score, title
from tests.factories import person
from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_union_nominates_and_the_list_shows_a_union_section(page, inst, tmp_path):
    campaign = make_campaign(inst.institute)
    officer = person(inst.institute, "union", department=inst.department)
    org_services.role_grant(
        person=officer, kind=Role.Kind.UNION_OFFICER, node=inst.union
    )
    score(campaign, inst.branch, 95, grade="excellent")
    rank_all(campaign)
    services.quotas_set(
        campaign=campaign,
        by=inst.user("office"),
        counts={
            (title(campaign, "party_branch").pk, ""): 1,
            (title(campaign, "union_member").pk, ""): 1,
        },
    )
    worker = inst.people["staff"]
    deeds_file = tmp_path / "事迹材料.pdf"
    deeds_file.write_bytes(pdf_bytes())

    sign_in(page, "union")
    page.goto(page.base_url + f"/awards/{campaign.pk}/commendations/")
    page.click('[data-testid="award-tab-committee"]')
    page.wait_for_load_state("networkidle")
    form = page.locator('[data-testid="committee-form"]')
    form.locator("select[name=criteria_set]").select_option(label="先进工作者")
    form.locator("input[name=staff_no]").fill(worker.staff_no)
    form.locator("textarea[name=deeds]").fill("扎根一线二十年，攻克关键工艺难题。")
    form.locator("input[name=files]").set_input_files(str(deeds_file))
    form.locator("input[type=submit]").click()
    page.wait_for_load_state("networkidle")
    proposed = page.inner_text('[data-testid="committee-candidates"]')
    assert worker.name in proposed and "攻克关键工艺难题" in proposed
    assert "事迹材料.pdf" in proposed
    page.click('[data-testid="committee-submit"]')
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="committee-submitted"]').count() == 1

    page.context.clear_cookies()
    sign_in(page, "office")
    page.goto(page.base_url + f"/awards/{campaign.pk}/")
    page.click('[data-testid="award-propose"]')
    page.wait_for_load_state("networkidle")
    assert worker.name in page.inner_text('[data-testid="award-list"]')
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
    override = page.locator('[data-testid="award-publish-override"]')
    if override.count():  # the branch's deeds are not written: give the reason
        override.locator("textarea[name=override_reason]").fill("支部事迹后补")
        override.locator('[data-testid="award-publish"]').click()
    else:
        page.click('[data-testid="award-publish"]')
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    sign_in(page, "staff")
    page.goto(page.base_url + f"/awards/{campaign.pk}/commendations/")
    sections = page.locator('[data-testid="commendation-section"]').all_inner_texts()
    assert [s.strip() for s in sections] == ["党组织", "工会"]
    listed = page.inner_text('[data-testid="commendation-list"]')
    assert worker.name in listed and "先进工作者" in listed
