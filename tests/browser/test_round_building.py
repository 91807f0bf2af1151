"""Browser journey: the office builds a 群众评议, sees who can vote, corrects and cancels."""

import datetime

import pytest
from django.utils import timezone

from evaluations.models import Round
from tests.pages import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_warns_of_a_round_without_masses_and_lets_the_office_correct_and_cancel(
    page, inst, tmp_path
):
    page.on("dialog", lambda dialog: dialog.accept())
    today = timezone.localdate()
    sign_in(page, "office")
    page.goto(page.base_url + "/rounds/new/")
    page.select_option("select[name=kind]", Round.Kind.MASS)
    page.fill("input[name=title]", "第一党总支群众评议")
    page.fill("input[name=opens_on]", today.isoformat())
    page.fill("input[name=closes_on]", (today + datetime.timedelta(days=7)).isoformat())
    # The panel follows the scope (htmx): a 党总支 holds no 群众.
    page.select_option("select[name=scope]", str(inst.gb.pk))
    warning = page.locator('[data-testid="electorate-warning"]')
    warning.wait_for()
    assert page.inner_text('[data-testid="non-party-count"]') == "0"
    page.select_option("select[name=scope]", str(inst.institute.pk))
    warning.wait_for(state="detached")
    assert int(page.inner_text('[data-testid="non-party-count"]')) > 0
    page.select_option("select[name=scope]", str(inst.gb.pk))
    warning.wait_for()
    page.screenshot(path=str(tmp_path / "round-form.png"), full_page=True)
    page.click("input[type=submit], button[type=submit] >> nth=-1")
    page.wait_for_load_state("networkidle")
    round = Round.objects.get()

    # Rules and a question, then opening is refused with the reason on the page.
    page.goto(page.base_url + f"/rounds/{round.pk}/rules/new/")
    page.select_option("select[name=kind]", "department_branches")
    page.click("#submit-id-submit")
    page.wait_for_load_state("networkidle")
    page.goto(page.base_url + f"/rounds/{round.pk}/questions/new/")
    page.fill("input[name=code]", "1")
    page.fill("input[name=text]", "班子建设好")
    page.click("#submit-id-submit")
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="electorate-warning"]').is_visible()
    assert page.inner_text('[data-testid="eligible-non-party"]') == "0"
    page.click('[data-testid="open-round"]')
    page.wait_for_load_state("networkidle")
    round.refresh_from_db()
    assert round.is_draft

    # Correct the scope: the institute's staff can now vote; open.
    page.goto(page.base_url + f"/rounds/{round.pk}/edit/")
    page.select_option("select[name=scope]", str(inst.institute.pk))
    page.locator('[data-testid="electorate-warning"]').wait_for(state="detached")
    page.click("#submit-id-submit")
    page.wait_for_load_state("networkidle")
    page.click('[data-testid="open-round"]')
    page.wait_for_load_state("networkidle")
    round.refresh_from_db()
    assert round.is_open

    # Staff see it in their to-do list …
    staff = page.context.browser.new_context(locale="zh-CN").new_page()
    staff.base_url = page.base_url
    sign_in(staff, "staff")
    staff.goto(staff.base_url + "/vote/")
    assert staff.locator('[data-testid="rate-link"]').count() > 0

    # … until the office cancels it, with a reason.
    page.click('[data-testid="cancel-round"]')
    page.wait_for_load_state("networkidle")
    page.click("#submit-id-submit")
    page.wait_for_load_state("networkidle")
    assert page.locator("textarea[name=reason]:invalid").count() == 1  # required
    page.fill("textarea[name=reason]", "评议范围设置有误，另行组织")
    page.click("#submit-id-submit")
    page.wait_for_load_state("networkidle")
    assert "评议范围设置有误" in page.inner_text('[data-testid="cancelled"]')
    round.refresh_from_db()
    assert round.is_cancelled
    staff.goto(staff.base_url + "/vote/")
    assert staff.locator('[data-testid="rate-link"]').count() == 0
    staff.goto(staff.base_url + "/")
    assert "第一党总支群众评议" not in staff.content()
    staff.context.close()
