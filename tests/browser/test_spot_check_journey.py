"""Browser journey: opening a quarter's round and drawing its spot check are two steps;
the office enters the agreed seed and the witnesses, then draws, and the page explains
the rule in Chinese (the algorithm's code name only inside a details block)."""

import pytest

from evaluations.inspections import services
from evaluations.models import InspectionRound, SpotCheckDraw
from tests.evaluations.inspections.builders import campaign_of
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/work/helpers/shots/walk-scores"


def test_it_opens_a_round_then_draws_with_the_agreed_seed_and_witnesses(page, inst):
    campaign = campaign_of(inst)
    round = services.inspection_round_plan(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round,
        mode=InspectionRound.SampleMode.PER_STRATUM,
        sizes={"research": 1, "organ": 1},
    )
    sign_in(page, "office")
    page.goto(page.base_url + round.get_absolute_url())

    page.click('[data-testid="start-round"]')
    page.wait_for_load_state("networkidle")
    round.refresh_from_db()
    assert round.status == InspectionRound.Status.OPEN
    assert not SpotCheckDraw.objects.filter(round=round).exists()
    assert page.locator('[data-testid="sample-list"]').count() == 0
    step = page.locator('[data-testid="draw-step"]')
    assert "见证人" in step.inner_text()

    # Without witnesses the draw is refused with a Chinese message, nothing drawn
    # (past the browser's own check of the required field, as an old browser would).
    witnesses = page.locator('[data-testid="draw-form"] textarea[name="witnesses"]')
    assert witnesses.get_attribute("required") is not None
    witnesses.evaluate("el => el.removeAttribute('required')")
    page.fill('[data-testid="draw-form"] input[name="seed"]', "20260401")
    page.click('[data-testid="draw-sample"]')
    page.wait_for_load_state("networkidle")
    assert "请填写在场见证抽取的人员姓名" in page.inner_text("body")
    assert not SpotCheckDraw.objects.filter(round=round).exists()

    page.fill('[data-testid="draw-form"] input[name="seed"]', "20260401")
    page.fill(
        '[data-testid="draw-form"] textarea[name="witnesses"]',
        "纪委委员 王明；职工代表 李华",
    )
    page.click('[data-testid="draw-sample"]')
    page.wait_for_load_state("networkidle")
    draw = SpotCheckDraw.objects.get(round=round, voided_at__isnull=True)
    assert (draw.seed, draw.witnesses) == ("20260401", "纪委委员 王明；职工代表 李华")
    assert page.inner_text('[data-testid="sample-seed"]').strip() == "20260401"
    section = page.locator('[data-testid="spot-check"]')
    shown = section.inner_text()
    assert "王明" in shown and "李华" in shown
    assert "同样的种子和同样的名单总是得到同样的样本" in shown
    assert "python-random-sample" not in shown and "random.Random" not in shown
    assert inst.lone_branch.name in page.inner_text('[data-testid="sample-list"]')
    # The code name is there for whoever opens the technical details.
    section.locator("details summary", has_text="技术说明").click()
    assert draw.algorithm in section.inner_text()

    page.screenshot(path=f"{SHOTS}/spot-check-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=f"{SHOTS}/spot-check-390.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
