"""Browser journey: the academy's office opens its overview and sees two institutes
side by side (both built here; the demo's ``academy`` account is seeded elsewhere)."""

import pytest

from tests.academy.conftest import build_academy
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_academy_office_sees_its_institutes_side_by_side(page, inst, other_inst):
    build_academy(inst, other_inst)
    sign_in(page, "academy")
    page.click('nav a[href="/academy/"]')
    page.wait_for_url("**/academy/")

    heads = page.locator('[data-testid="academy-institute"]')
    assert heads.count() == 2
    assert inst.institute.name in heads.nth(0).inner_text()
    assert other_inst.institute.name in heads.nth(1).inner_text()
    assert page.locator('[data-testid="plans-filed"]').count() == 2
    # No English on the Chinese page's figures, and it fits a phone.
    assert "Plans filed" not in page.content()
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.locator('[data-testid="academy-overview"]').is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
