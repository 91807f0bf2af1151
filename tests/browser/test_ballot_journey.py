"""Browser journey: staff cast a secret evaluation, then find the receipt after close."""

import pytest

from evaluations.ballots import services
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_staff_vote_and_find_their_receipt_after_close(page, inst, tmp_path):
    round = make_round(inst, k=3)
    sign_in(page, "staff")
    page.goto(page.base_url + "/vote/")
    page.click('[data-testid="rate-link"]')
    page.wait_for_load_state("networkidle")
    # Tick the first rating (好) for every question, leave a comment, cast.
    for row in page.locator('[data-testid="questionnaire"] tbody tr').all():
        row.locator("input[type=radio]").first.check()
    page.fill("textarea", "工作扎实，服务热情。")
    page.click('[data-testid="cast"]')
    page.wait_for_load_state("networkidle")
    receipt = page.inner_text('[data-testid="receipt-code"]').strip()
    assert len(receipt.replace("-", "").replace(" ", "")) >= 8
    page.screenshot(path=str(tmp_path / "receipt.png"))

    # Enough other ballots for the target to reach k, then the office closes the round.
    branch_target = target_of(round, unit=inst.branch)
    for voter in staff_of(inst, 3):
        cast(round, voter, branch_target)
    services.round_close(round=round)
    services.round_tally(round=round)
    services.round_publish(round=round)

    page.goto(page.base_url + f"/rounds/{round.pk}/receipts/")
    page.fill('[data-testid="receipt-search"]', receipt)
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert receipt in page.inner_text('[data-testid="receipt-list"]')
