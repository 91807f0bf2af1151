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
    # In the tree's order (by path: "/1/12/" before "/1/9/", so which comes first
    # depends on the keys the database gave them, not on which was built first).
    first, second = sorted((inst, other_inst), key=lambda i: i.institute.path)
    assert first.institute.name in heads.nth(0).inner_text()
    assert second.institute.name in heads.nth(1).inner_text()
    assert page.locator('[data-testid="plans-filed"]').count() == 2
    # No English on the Chinese page's figures, and it fits a phone.
    assert "Plans filed" not in page.content()
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    assert page.locator('[data-testid="academy-overview"]').is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
