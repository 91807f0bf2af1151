"""The attacks of issue 11, each run against the real thing and each failing to link a
ballot to its voter or to vote twice (DESIGN.md "Secret ballots").

The database attacks need PostgreSQL (``require_postgres``); casts that must land in
transactions of their own use ``transaction=True``.
"""

import re

import pytest
from django.urls import reverse

from evaluations.ballots import services
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of

# ---------------------------------------------------------------------------------------
# 1. Receipts never appear in a URL (access logs, proxy logs, Referer)


def _closed_round_with_receipt(inst):
    round = make_round(inst)
    receipt = cast(round, inst.people["staff"], target_of(round, unit=inst.branch))
    for voter in staff_of(inst, 4):
        cast(round, voter, target_of(round, unit=inst.branch))
    services.round_close(round=round)
    return round, receipt


def test_it_searches_the_receipt_list_by_post_and_links_no_code(client, inst):
    round, receipt = _closed_round_with_receipt(inst)
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:receipts", args=[round.pk])
    form = re.search(
        r"<form[^>]*role=\"search\"[^>]*>", client.get(url).content.decode()
    ).group(0)
    assert 'method="post"' in form
    response = client.post(url, {"q": receipt[:6]})
    body = response.content.decode()
    listed = re.search(r'data-testid="receipt-list">(.*?)</ul>', body, re.S).group(1)
    assert services.code_group(receipt, 5) in listed
    # No address on the answer carries the code (links, form actions, redirects).
    for address in re.findall(r'(?:href|action|src)="([^"]*)"', body):
        assert receipt[:6] not in address.upper().replace("-", "")
    assert response.get("Location") is None


def test_it_ignores_a_receipt_typed_into_the_url(client, inst):
    round, receipt = _closed_round_with_receipt(inst)
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:receipts", args=[round.pk])
    response = client.get(url, {"q": receipt})
    assert response.context["matches"] is None  # the whole list, not a search
    assert response.context["query"] == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_checked_receipt_out_of_every_request_address(page, inst):
    from tests.pages import sign_in

    round, receipt = _closed_round_with_receipt(inst)
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    sign_in(page, "staff")
    page.goto(page.base_url + reverse("evaluations:receipts", args=[round.pk]))
    page.fill('[data-testid="receipt-search"]', services.code_group(receipt, 5))
    page.click("form[role=search] button")
    page.wait_for_load_state("networkidle")
    assert services.code_group(receipt, 5) in page.inner_text(
        '[data-testid="receipt-list"]'
    )
    page.goto(page.base_url + reverse("evaluations:receipt_check"))
    page.fill("input[name=code]", receipt)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="receipt-found"]').is_visible()
    assert len(addresses) > 4
    for address in addresses:
        assert receipt not in address.upper().replace("-", "").replace("%2D", "")
        assert receipt[:5] not in address.upper()
