"""Forms on a phone: the pledge and plan forms at 390 px (full-width fields, 44 px tap
targets, rows as cards added in place) and pages that never scroll sideways."""

import pytest

from pledges.models import Plan, Pledge
from tests.pages import sign_in
from tests.pledges.builders import make_campaign, make_plan, make_pledge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Every field, button and check box of a form, with its box, for the checks below.
MEASURE = """form => [...form.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button, .form-check')]
  .filter(e => e.offsetParent !== null)
  .map(e => {
    const r = e.getBoundingClientRect();
    return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '',
            cls: e.className, w: Math.round(r.width), h: Math.round(r.height)};
  })"""


def _fields_and_targets(page, form_selector):
    boxes = page.eval_on_selector(form_selector, MEASURE)
    assert boxes, "the form has no fields"
    narrow = [
        b
        for b in boxes
        if b["tag"] in ("input", "select", "textarea")
        and b["type"] not in ("checkbox", "radio")
        and b["w"] < 250
    ]
    small = [
        b
        for b in boxes
        if b["type"] not in ("checkbox", "radio") and b["h"] < 44
        # a check box's tap target is its row (.form-check), measured as a div
    ]
    return narrow, small


def _no_sideways_scroll(page, url):
    page.goto(page.base_url + url)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url} is {width} px wide"


def test_it_fits_the_pledge_and_plan_forms_on_a_phone(page, inst):
    campaign = make_campaign(inst.institute)
    pledge = make_pledge(
        campaign, inst.branch, inst.people["member"], inst.user("member")
    )
    plan = make_plan(campaign, inst.branch, inst.user("secretary"))
    page.set_viewport_size(PHONE)

    sign_in(page, "member")
    page.goto(page.base_url + f"/pledges/{pledge.pk}/edit/")
    narrow, small = _fields_and_targets(page, '[data-testid="pledge-form"]')
    assert narrow == [] and small == []
    _no_sideways_scroll(page, f"/pledges/{pledge.pk}/edit/")

    page.context.clear_cookies()
    sign_in(page, "secretary")
    page.goto(page.base_url + f"/plans/{plan.pk}/edit/")
    narrow, small = _fields_and_targets(page, '[data-testid="plan-form"]')
    assert narrow == [] and small == []
    for url in (
        "/",
        f"/plans/{plan.pk}/edit/",
        f"/plans/{plan.pk}/",
        f"/pledges/{pledge.pk}/",
        "/plans/",
        "/pledges/",
        "/board/",
        "/records/",
        "/news/",
    ):
        _no_sideways_scroll(page, url)

    page.context.clear_cookies()
    sign_in(page, "office")
    for url in ("/", "/plans/", "/pledges/", f"/campaigns/{campaign.pk}/", "/people/"):
        _no_sideways_scroll(page, url)


def test_it_adds_five_committed_items_in_one_visit(page, inst):
    campaign = make_campaign(inst.institute)
    pledge = make_pledge(
        campaign, inst.branch, inst.people["member"], inst.user("member")
    )
    due = campaign.phase2_end.isoformat()
    page.set_viewport_size(PHONE)
    sign_in(page, "member")
    page.goto(page.base_url + f"/pledges/{pledge.pk}/edit/")
    url = page.url
    page.fill('textarea[name="plans"]', "结合岗位做好科研攻关")
    page.fill('textarea[name="direction"]', "五带头，争当先锋")
    rows = page.locator('[data-testid="items"] [data-row]')
    while rows.count() < 5:
        before = rows.count()
        page.click('[data-testid="add-items"]')
        page.locator(f'[data-testid="items"] [data-row="{before}"]').wait_for()
    assert page.input_value('input[name="items-TOTAL_FORMS"]') == "5"
    options = page.eval_on_selector(
        'select[name="items-0-criterion"]',
        "s => [...s.options].map(o => o.value).filter(Boolean)",
    )
    for i in range(5):
        page.fill(f'input[name="items-{i}-text"]', f"承诺事项{i + 1}")
        page.fill(f'input[name="items-{i}-target"]', "可衡量的目标")
        page.fill(f'input[name="items-{i}-due_on"]', due)
        page.select_option(
            f'select[name="items-{i}-criterion"]', options[i % len(options)]
        )
    # The added rows are as wide and as tall as the first ones.
    narrow, small = _fields_and_targets(page, '[data-testid="pledge-form"]')
    assert narrow == [] and small == []
    page.click('[data-testid="save"]')
    page.wait_for_load_state("networkidle")
    # Saving keeps the member on the form, with 已保存, and the five items.
    assert page.url == url
    assert "已保存" in page.inner_text(".alert-success")
    assert pledge.items.count() == 5
    assert page.input_value('input[name="items-4-text"]') == "承诺事项5"
    page.click('[data-testid="save-submit"]')
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("[data-status]", "data-status") == "submitted"
    assert Pledge.objects.get(pk=pledge.pk).items.count() == 5


def test_it_adds_plan_measures_in_place(page, inst):
    campaign = make_campaign(inst.institute)
    plan = make_plan(campaign, inst.branch, inst.user("secretary"))
    measures = plan.measures.count()
    sign_in(page, "secretary")
    page.goto(page.base_url + f"/plans/{plan.pk}/edit/")
    rows = page.locator('[data-testid="measures"] [data-row]')
    shown = rows.count()
    page.click('[data-testid="add-measures"]')
    page.locator(f'[data-testid="measures"] [data-row="{shown}"]').wait_for()
    page.fill(f'input[name="measures-{shown}-text"]', "新增措施")
    page.fill(f'input[name="measures-{shown}-due_on"]', campaign.phase2_end.isoformat())
    page.click('[data-testid="save-finish"]')
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/plans/{plan.pk}/")
    assert Plan.objects.get(pk=plan.pk).measures.count() == measures + 1


def test_a_published_pledges_items_and_report_links_fit_a_phone(page, inst):
    """On a phone each committed item of a published pledge is a block of its own,
    each column labelled: the member reaches "Report" on every item without
    scrolling a table sideways (the last column was off the screen)."""
    from pledges.models import Status

    campaign = make_campaign(inst.institute)
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    page.set_viewport_size(PHONE)
    sign_in(page, "member")
    _no_sideways_scroll(page, f"/pledges/{pledge.pk}/")
    links = page.locator('[data-testid="items"] a[data-testid^="report-"]')
    assert links.count() == pledge.items.count() >= 1
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert "完成期限" in page.inner_text('[data-testid="items"]')  # each value labelled


def test_print_sheets_and_long_words_fit_a_phone(page, inst):
    """The board's A4 sheet, opened on a phone, takes the screen's width (printing
    keeps A4: its rule is for screens only); and what someone writes without a space
    (a pasted link, here a suggestion) breaks at the screen's edge instead of
    widening the page (it was 47 000 px wide)."""
    from pledges.activity import services as activity
    from pledges.models import Status

    campaign = make_campaign(inst.institute)
    make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    suggestion = activity.suggestion_file(
        institute=inst.institute,
        branch=inst.branch,
        text="https://example.org/" + "x" * 400,
        author=inst.people["staff"],
        anonymous=False,
    )
    page.set_viewport_size(PHONE)
    sign_in(page, "staff")
    sheet = f"/board/unit/{inst.branch.pk}/print/?campaign={campaign.pk}"
    _no_sideways_scroll(page, sheet)
    assert inst.people["member"].name in page.inner_text('[data-testid="print-sheet"]')
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") > PHONE["width"]
    page.emulate_media(media="screen")
    _no_sideways_scroll(page, suggestion.get_absolute_url())
