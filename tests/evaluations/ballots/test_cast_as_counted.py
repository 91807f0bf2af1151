"""Cast as counted (issue 11): the receipt screen shows a one-time check secret and the
answers; the published list shows beside each receipt HMAC-SHA-256(secret, receipt and
answers), which the voter recomputes in the browser. The secret is stored nowhere."""

import hashlib
import hmac
import logging
import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from evaluations.ballots import services
from evaluations.models import Ballot, StagedBallot
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of

pytestmark = pytest.mark.usefixtures("english")


def _vote(client, round, target, ratings):
    questions = list(round.questions.all())
    data = {f"q{q.pk}": str(r) for q, r in zip(questions, ratings, strict=True)}
    data["comment"] = ""
    url = reverse("evaluations:ballot", args=[round.pk, target.pk])
    return client.post(url, data)


def _shown(body):
    """What the voter notes from the receipt screen."""

    def grab(testid):
        return re.search(rf'data-testid="{testid}">([^<]+)<', body).group(1).strip()

    return grab("receipt-code"), grab("check-secret-shown"), grab("answers-shown")


def _hmac(secret, receipt, answers):
    """The published rule, written out independently of the service."""
    key = secret.replace("-", "").encode()
    message = f"{receipt.replace('-', '')}|{answers}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _listed(client, round, receipt):
    url = reverse("evaluations:receipts", args=[round.pk])
    body = client.post(url, {"q": receipt}).content.decode()
    rows = re.findall(
        r'data-check-row data-receipt="([A-Z0-9]+)" data-commitment="([0-9a-f]*)"', body
    )
    return dict(rows)


def _cast_and_close(client, inst, ratings=(4, 1, 3)):
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    client.force_login(inst.user("staff"))
    body = _vote(client, round, target, ratings).content.decode()
    for voter in staff_of(inst, 4):
        cast(round, voter, target)
    services.round_close(round=round)
    return round, body


def test_it_publishes_the_check_value_the_voter_computes_from_the_receipt_screen(
    client, inst
):
    round, body = _cast_and_close(client, inst)
    receipt, secret, answers = _shown(body)
    assert answers == "4,1,3"
    assert len(secret.replace("-", "")) == services.CHECK_SECRET_LENGTH
    assert not StagedBallot.objects.exists()  # mixed: the value moved with the ballot
    listed = _listed(client, round, receipt)
    assert listed == {receipt.replace("-", ""): _hmac(secret, receipt, answers)}
    # Every other ballot has its own value too.
    assert Ballot.objects.filter(round=round, commitment="").count() == 0
    assert Ballot.objects.values("commitment").distinct().count() == 5


def test_it_gives_a_mismatch_for_other_answers_or_another_secret(client, inst):
    round, body = _cast_and_close(client, inst)
    receipt, secret, _answers = _shown(body)
    published = _listed(client, round, receipt)[receipt.replace("-", "")]
    for answers in ("4,1,2", "3,1,3", "1,3,4", "4,1,3,1"):
        assert _hmac(secret, receipt, answers) != published
    other = services.code_new(services.CHECK_SECRET_LENGTH)
    assert _hmac(other, receipt, "4,1,3") != published
    # Whoever holds only the receipt cannot try the few answer sets: all miss.
    assert all(
        _hmac("", receipt, f"{a},{b},{c}") != published
        for a in range(1, 5)
        for b in range(1, 5)
        for c in range(1, 5)
    )


def test_it_shows_the_check_value_to_someone_without_an_account(client, inst):
    round, body = _cast_and_close(client, inst)
    receipt, secret, answers = _shown(body)
    client.logout()
    page = client.post(reverse("evaluations:receipt_check"), {"code": receipt})
    rows = re.findall(r'data-commitment="([0-9a-f]+)"', page.content.decode())
    assert rows == [_hmac(secret, receipt, answers)]


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_secret_out_of_every_column_url_and_log(
    require_postgres, client, inst, caplog
):
    caplog.set_level(logging.DEBUG)
    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    client.force_login(inst.user("staff"))
    body = _vote(client, round, target, (4, 1, 3)).content.decode()
    receipt, secret, _answers = _shown(body)
    raw = secret.replace("-", "")
    for voter in staff_of(inst, 4):
        cast(round, voter, target)
    services.round_close(round=round)
    client.post(reverse("evaluations:receipt_check"), {"code": receipt})
    assert Ballot.objects.filter(receipt=receipt.replace("-", "")).exists()
    # No column of any table (every row cast to text) holds it, grouped or not.
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"SELECT count(*) FROM {table} t "  # noqa: S608
                "WHERE t::text LIKE %s OR t::text LIKE %s",
                [f"%{raw}%", f"%{secret}%"],
            )
            assert cursor.fetchone()[0] == 0, model._meta.db_table
    # No address on the receipt screen, no log line.
    for address in re.findall(r'(?:href|action|src)="([^"]*)"', body):
        assert raw[:8] not in address.upper().replace("-", "")
    for record in caplog.records:
        text = record.getMessage() + str(getattr(record, "args", ""))
        assert raw not in text.replace("-", "").upper()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_compares_in_the_browser_and_sends_the_secret_nowhere(page, inst):
    from tests.pages import sign_in

    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    receipt = cast(round, inst.people["staff"], target, rating=2)
    for voter in staff_of(inst, 4):
        cast(round, voter, target)
    services.round_close(round=round)
    requests = []
    page.on("request", lambda r: requests.append((r.url, r.post_data or "")))
    sign_in(page, "staff")
    page.goto(page.base_url + reverse("evaluations:receipts", args=[round.pk]))
    page.fill('[data-testid="receipt-search"]', services.code_group(receipt, 5))
    page.click("form[role=search] button")
    page.wait_for_load_state("networkidle")
    page.fill('[data-testid="check-secret"]', services.code_group(receipt.secret, 5))
    page.fill('[data-testid="check-answers"]', "2, 2, 2")
    page.click('[data-testid="check-button"]')
    page.wait_for_selector('[data-testid="check-match"]:not(.d-none)')
    page.fill('[data-testid="check-answers"]', "2,2,3")
    page.click('[data-testid="check-button"]')
    page.wait_for_selector('[data-testid="check-mismatch"]:not(.d-none)')
    assert page.locator('[data-testid="check-match"]').is_hidden()
    for url, data in requests:
        assert receipt.secret not in (url + data).upper().replace("-", "")


def test_it_says_a_ballot_from_before_the_check_has_no_check_value(page, inst):
    from tests.pages import sign_in

    round = make_round(inst)
    target = target_of(round, unit=inst.branch)
    receipt = cast(round, inst.people["staff"], target, rating=2)
    for voter in staff_of(inst, 4):
        cast(round, voter, target)
    services.round_close(round=round)
    # As a ballot cast before the check value existed.
    Ballot.objects.filter(round=round).update(commitment="")
    sign_in(page, "staff")
    page.goto(page.base_url + reverse("evaluations:receipts", args=[round.pk]))
    page.fill('[data-testid="receipt-search"]', services.code_group(receipt, 5))
    page.click("form[role=search] button")
    page.wait_for_load_state("networkidle")
    page.fill('[data-testid="check-secret"]', services.code_group(receipt.secret, 5))
    page.fill('[data-testid="check-answers"]', "2, 2, 2")
    page.click('[data-testid="check-button"]')
    page.wait_for_selector('[data-testid="check-none"]:not(.d-none)')
    assert page.locator('[data-testid="check-mismatch"]').is_hidden()
