"""Browser check: the 五个好 questionnaire grouped by item; results in one line per name."""

import pytest

from evaluations.ballots import services
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONE_LINE = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return tops.size === 1;
}"""


def test_it_groups_the_questionnaire_and_keeps_result_names_on_one_line(
    page, inst, campaign
):
    round = make_round(inst, k=2, opened=False)
    round.questions.all().delete()
    five_goods = campaign.criteria_sets.get(code="party_branch")
    services.questions_copy(
        round=round, criteria=five_goods.criteria.order_by("order", "code")
    )
    round = services.round_open(round=round)

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "staff")
    page.goto(page.base_url + "/vote/")
    # On a phone the rate button lies inside the screen (it was cut off at its
    # right edge) and the evaluation's title shows under the target's name.
    button = page.locator('[data-testid="rate-link"]').first.bounding_box()
    assert button["x"] + button["width"] <= 390
    assert page.locator('[data-testid="vote-targets"] td .d-sm-none').first.is_visible()
    page.click('[data-testid="rate-link"]')
    page.wait_for_load_state("networkidle")
    sections = page.locator('[data-testid="question-section"]')
    assert sections.count() == 5
    assert sections.first.inner_text().strip() == "1 班子建设好"
    rows = page.locator('[data-testid="questionnaire"] tbody tr:not(.cx-section)')
    assert rows.count() == 7  # the sub-items only: no item rated twice
    for row in rows.all():
        row.locator("input[type=radio]").first.check()
    page.click('[data-testid="cast"]')
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="receipt-code"]').count() == 1

    branch = target_of(round, unit=inst.branch)
    for voter in staff_of(inst, 2):
        cast(round, voter, branch)
    services.round_close(round=round)
    services.round_tally(round=round)

    page.context.clear_cookies()
    sign_in(page, "office")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(page.base_url + f"/rounds/{round.pk}/tallies/")
        names = page.locator('[data-testid="tally-name"]')
        assert names.count() >= 1
        for name in names.all():
            assert name.evaluate(ONE_LINE), name.inner_text()
        assert page.locator('[data-testid="tally-section"]').count() == 5
        # The table scrolls in its box; the page itself does not widen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
