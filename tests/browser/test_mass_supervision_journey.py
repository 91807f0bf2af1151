"""Browser journey: the office sets a spot check of mass-organisation units, draws a
分工会, records a poor finding on it and opens a 整改; the 分工会's officer sees the item
and can answer it (issue 13 point 3, seed 000 §四.3)."""

import pytest

from evaluations.inspections import services
from evaluations.models import InspectionRound, RectificationItem, SpotCheckDraw
from organizations.models import Organization, Role
from organizations.services import role_grant
from tests.evaluations.inspections.builders import campaign_of
from tests.factories import person, unit
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_spot_checks_a_union_branch_and_presses_it_to_rectify(page, inst):
    ub = unit(
        "甲一分工会", Organization.Kind.UNION_BRANCH, inst.union, led_by=inst.branch
    )
    officer = person(inst.institute, "ubofficer", department=inst.department)
    role_grant(person=officer, kind=Role.Kind.UNION_OFFICER, node=ub, title="主席")
    campaign = campaign_of(inst)
    round = services.inspection_round_open(campaign=campaign, quarter=1)

    sign_in(page, "office")
    # 抽查对象范围: mass-organisation units, both union units drawn.
    page.goto(page.base_url + f"/inspections/{round.pk}/sampling/")
    form = page.locator('[data-testid="sampling-form"]')
    form.locator('input[name="sample_scope"][value="mass"]').check()
    form.locator('input[name="sample_mode"][value="per_stratum"]').check()
    form.locator('input[name="size_mass-union"]').fill("2")
    form.locator('[type="submit"]').click()
    page.wait_for_load_state("networkidle")
    round.refresh_from_db()
    assert round.sample_scope == InspectionRound.SampleScope.MASS
    page.fill('[data-testid="draw-form"] input[name="seed"]', "20260501")
    page.fill('[data-testid="draw-form"] textarea[name="witnesses"]', "工会委员 李华")
    page.click('[data-testid="draw-sample"]')
    page.wait_for_load_state("networkidle")
    draw = SpotCheckDraw.objects.get(round=round)
    assert ub.pk in draw.sample_ids()
    sample = page.inner_text('[data-testid="sample-list"]')
    assert "甲一分工会" in sample and inst.branch.name not in sample

    page.click(f'[data-testid="record-finding-{ub.pk}"]')
    page.wait_for_load_state("networkidle")
    finding_form = page.locator('[data-testid="finding-form"]')
    finding_form.locator('input[name="rating"][value="poor"]').check()
    finding_form.locator('textarea[name="text"]').fill("职工之家台账不全。")
    page.click('[data-testid="finding-form"] [type="submit"]')
    page.wait_for_load_state("networkidle")
    opening = page.locator('[data-testid="rectification-open"]')
    opening.locator('input[name="title"]').fill("补齐职工之家台账")
    opening.locator("select[name=owner]").select_option(str(officer.pk))
    page.click('[data-testid="rectification-open-submit"]')
    page.wait_for_load_state("networkidle")
    item = RectificationItem.objects.get(unit=ub)
    assert (item.status, item.owner_id) == ("open", officer.pk)

    page.context.clear_cookies()
    sign_in(page, "ubofficer")
    page.goto(page.base_url + "/rectifications/")
    page.wait_for_load_state("networkidle")
    assert "补齐职工之家台账" in page.inner_text("body")
    page.click("text=补齐职工之家台账")
    page.wait_for_load_state("networkidle")
    assert "职工之家台账不全" in page.inner_text("body") or "补齐职工之家台账" in (
        page.inner_text("body")
    )
    assert page.locator('[data-testid="rectification-answer"]').count() == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
