"""Browser journey: the union's officer fills in the 模范职工之家 sheet on the default
scoring lines, saves it and sees its total, then submits it."""

import pytest

from organizations import services as org_services
from organizations.models import Role
from tests.factories import person
from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_union_fills_its_model_workers_home_sheet(page, inst):
    campaign = make_campaign(inst.institute)
    officer = person(inst.institute, "union", department=inst.department)
    org_services.role_grant(
        person=officer, kind=Role.Kind.UNION_OFFICER, node=inst.union
    )
    union_set = campaign.criteria_sets.get(code="union_unit")
    regular = list(union_set.scoring_lines.filter(kind="regular"))
    assert len(regular) == 8

    sign_in(page, "union")
    page.goto(page.base_url + "/scoring/")
    sheet_url = f"/scoring/{campaign.pk}/sheets/{inst.union.pk}/"
    page.click(f'a[href="{sheet_url}"]')
    page.wait_for_load_state("networkidle")
    assert "模范职工之家" in page.inner_text("main")
    assert "活动办公室尚未设置评分项" not in page.content()
    page.click(f'a[href="{sheet_url}marks/self/"]')
    page.wait_for_load_state("networkidle")
    form = page.locator('[data-testid="marks-form"]')
    for line in regular:
        form.locator(f'input[name="points_{line.pk}"]').fill("8")
        form.locator(f'textarea[name="comment_{line.pk}"]').fill("按细则逐项落实")
    page.click("form button.btn-primary:not([data-step])")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(sheet_url)
    # Eight lines, 8 points each: 64 of the 100 points.
    assert page.inner_text('[data-testid="sheet-total-self"]').strip() == "64"
    assert "100" in page.inner_text('[data-testid="sheet-total"]')
    page.click('button[data-step="submit"]')
    page.wait_for_load_state("networkidle")
    assert page.inner_text('[data-testid="sheet-status"]').strip() == "已自评"
