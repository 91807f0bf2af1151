"""Browser journey: the scoring sheet's evidence picker is searchable and grouped by
kind (a vendored script enhancing the plain multiple select); what is ticked is saved."""

import pytest

from evaluations.models import SheetMark
from evaluations.scoring import services
from pledges.activity import services as activity_services
from tests.evaluations.scoring.builders import add_lines
from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_finds_and_links_evidence_by_searching(page, inst):
    campaign = make_campaign(inst.institute)
    lines = add_lines(campaign, by=inst.user("office"))
    for title in ("主题党日：参观红色教育基地", "支部委员会：研究争创计划"):
        activity_services.record_create(
            branch=inst.branch,
            person=None,
            kind="process",
            occurred_on=campaign.phase2_start,
            title=title,
            text="支部活动",
        )
    line = lines["regular"][0]
    services.sheet_for(campaign=campaign, unit=inst.branch)

    sign_in(page, "secretary")
    page.goto(
        page.base_url + f"/scoring/{campaign.pk}/sheets/{inst.branch.pk}/marks/self/"
    )
    row = page.locator(f"#line-{line.pk}")
    picker = row.locator('[data-testid="evidence-picker"]')
    assert row.locator("select[data-evidence-picker]").is_hidden()
    assert "纪实" in picker.inner_text()  # the group heading of striving records
    picker.locator("input[type=search]").fill("红色")
    assert picker.get_by_text("主题党日：参观红色教育基地").is_visible()
    assert picker.get_by_text("支部委员会：研究争创计划").is_hidden()
    picker.get_by_label("主题党日：参观红色教育基地").check()
    assert "1" in picker.inner_text()
    row.locator(f'input[name="points_{line.pk}"]').fill("8")
    row.locator(f'textarea[name="comment_{line.pk}"]').fill("按细则评分")
    page.get_by_role("button", name="保存评分").click()
    page.wait_for_load_state("networkidle")
    mark = SheetMark.objects.get(line=line, source="self")
    assert [e.label for e in mark.evidence.all()] == [
        "纪实：主题党日：参观红色教育基地"
    ]
