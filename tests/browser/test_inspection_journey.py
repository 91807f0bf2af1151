"""Browser journey: the office draws a spot check, records a poor finding and opens a
rectification; the secretary answers it with evidence."""

import pytest

from evaluations.inspections import services
from evaluations.models import InspectionRound, RectificationItem
from tests.evaluations.inspections.builders import campaign_of
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_runs_a_spot_check_to_an_answered_rectification(page, inst, tmp_path):
    campaign = campaign_of(inst)
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    services.inspection_round_open(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round,
        mode=InspectionRound.SampleMode.PER_STRATUM,
        sizes={"research": 2},
    )

    sign_in(page, "office")
    page.goto(page.base_url + f"/inspections/{round.pk}/")
    if not page.locator('[data-testid="draw-form"]').count():
        page.goto(page.base_url + f"/inspections/{round.pk}/draw/")
    page.fill('[data-testid="draw-form"] input[name="seed"]', "20260322")
    page.fill('[data-testid="draw-form"] textarea[name="witnesses"]', "纪委委员 王明")
    page.click('[data-testid="draw-sample"]')
    page.wait_for_load_state("networkidle")
    assert page.inner_text('[data-testid="sample-seed"]').strip() == "20260322"
    sample = page.inner_text('[data-testid="sample-list"]')
    assert inst.branch.name in sample
    # Anyone may re-draw from the stored inputs and get the same sample.
    page.click('[data-testid="redraw-verify"]')
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="verify-result"]').get_attribute(
        "data-matches"
    ) == ("yes")
    page.go_back()
    page.click(f'[data-testid="record-finding-{inst.branch.pk}"]')
    page.wait_for_load_state("networkidle")
    form = page.locator('[data-testid="finding-form"]')
    form.locator('input[name="rating"][value="poor"]').check()
    form.locator('textarea[name="text"]').fill("三会一课记录不全，党课未按时开展。")
    page.click('[data-testid="finding-form"] [type="submit"]')
    page.wait_for_load_state("networkidle")
    opening = page.locator('[data-testid="rectification-open"]')
    opening.locator('input[name="title"]').fill("补齐三会一课记录")
    opening.locator("select[name=owner]").select_option(
        str(inst.people["secretary"].pk)
    )
    page.click('[data-testid="rectification-open-submit"]')
    page.wait_for_load_state("networkidle")
    item = RectificationItem.objects.get(unit=inst.branch)
    assert item.status == "open"

    page.context.clear_cookies()
    sign_in(page, "secretary")
    page.goto(page.base_url + item.get_absolute_url())
    evidence = tmp_path / "整改记录.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    answer = page.locator('[data-testid="rectification-answer"]')
    answer.locator('textarea[name="text"]').fill("已补齐全年记录并上传。")
    answer.locator('input[type="file"]').set_input_files(str(evidence))
    page.click('[data-testid="rectification-answer-submit"]')
    page.wait_for_load_state("networkidle")
    status = page.locator('[data-testid="rectification-status"]')
    assert status.get_attribute("data-status") == "answered"
    assert "整改记录.pdf" in page.inner_text('[data-testid="rectification-steps"]')
