"""Browser journey: the office opens the assessment of leading bodies, a secretary
submits the branch's achievements (实绩材料), the office marks and publishes, and the
secretary reads the result with its components."""

import pytest

from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_body_from_opening_to_its_published_result(page, inst):
    campaign = make_campaign(inst.institute)
    list_url = page.base_url + f"/leadership/{campaign.pk}/"
    body_url = page.base_url + f"/leadership/{campaign.pk}/bodies/{inst.branch.pk}/"

    sign_in(page, "office")
    page.goto(page.base_url + f"/campaigns/{campaign.pk}/")
    page.click('[data-testid="phase-assessment"]')
    page.click('[data-testid="assessment-open"]')
    page.wait_for_load_state("networkidle")
    assert inst.other_branch.name in page.inner_text(
        '[data-testid="assessment-bodies"]'
    )

    page.context.clear_cookies()
    sign_in(page, "secretary")
    page.goto(list_url)
    bodies = page.inner_text('[data-testid="assessment-bodies"]')
    assert inst.branch.name in bodies and inst.other_branch.name not in bodies
    page.click(f'text="{inst.branch.name}"')
    page.click('[data-testid="achievements-edit"]')
    page.fill("textarea[name=achievements]", "完成年度攻关任务，承诺事项全部兑现。")
    page.click('[data-testid="achievements-submit"]')
    page.wait_for_load_state("networkidle")
    assert "完成年度攻关任务" in page.inner_text('[data-testid="achievements"]')
    assert page.locator('[data-testid="result-hidden"]').count() == 1

    page.context.clear_cookies()
    sign_in(page, "office")
    page.goto(body_url)
    assert "完成年度攻关任务" in page.inner_text('[data-testid="achievements"]')
    inputs = page.locator('[data-testid="marks-form"] input[type=number]')
    inputs.nth(0).fill("92")
    inputs.nth(1).fill("88")
    page.click('[data-testid="marks-save"]')
    page.wait_for_load_state("networkidle")
    page.goto(list_url)
    page.click('[data-testid="assessment-publish"]')
    page.wait_for_load_state("networkidle")
    assert page.inner_text('[data-testid="assessment-status"]') == "已公布"

    page.context.clear_cookies()
    sign_in(page, "secretary")
    page.goto(body_url)
    breakdown = page.inner_text('[data-testid="breakdown"]')
    for name in ("工作实绩", "目标完成", "创先争优承诺兑现", "群众满意度", "述职述廉"):
        assert name in breakdown
    assert "92.00" in breakdown and "88.00" in breakdown
    assert "未提交述职述廉报告" in breakdown
    assert page.inner_text('[data-testid="result-grade"]') in {
        "优秀",
        "良好",
        "一般",
        "较差",
    }
