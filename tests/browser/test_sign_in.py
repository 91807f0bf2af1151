"""Browser journeys in Debian's Chromium: signing in and landing on one's home."""

import pytest

from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "username,home",
    [
        ("office", "office"),
        ("leader", "leader"),
        ("secretary", "secretary"),
        ("member", "member"),
        ("staff", "staff"),
    ],
)
def test_it_signs_each_role_in_to_its_own_home(page, inst, username, home):
    sign_in(page, username)
    assert page.locator(f'[data-home="{home}"]').count() == 1
    # Chinese is the default language of the interface.
    assert page.locator("html").get_attribute("lang") == "zh-CN"


def test_it_works_at_phone_width(page, inst):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "office")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    toggler.click()
    page.locator('[data-nav-menu="setup"]').click()
    page.locator('[data-nav="tree"]').click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="org-tree"]').is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
