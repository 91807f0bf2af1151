"""The API docs page in Debian's Chromium: Swagger UI runs from vendored files under
the content security policy, and a signed-in user can try the API from it."""

import pytest
from rest_framework.authtoken.models import Token

from tests.pages import sign_in
from tests.pledges.builders import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_renders_the_docs_under_the_content_security_policy(page, inst):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith(page.base_url) else None
        ),
    )
    page.goto(page.base_url + "/api/docs/")
    page.locator(".opblock-summary").first.wait_for()
    assert page.locator(".opblock-summary").count() >= 20
    assert not [m for m in blocked if "Content Security Policy" in m]
    assert outside == []


def test_it_lets_a_signed_in_user_try_a_list_from_the_docs(page, inst):
    make_campaign(inst.institute)
    sign_in(page, "member")
    page.goto(page.base_url + "/api/docs/")
    block = page.locator("#operations-campaigns-campaigns_list")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"


def test_it_lets_a_signed_in_user_create_a_token_from_the_docs(page, inst):
    sign_in(page, "member")
    page.goto(page.base_url + "/api/docs/")
    block = page.locator("#operations-token-token_create")
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    status = block.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "201"
    assert Token.objects.filter(user=inst.user("member")).exists()
