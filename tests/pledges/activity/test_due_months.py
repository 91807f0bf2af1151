"""Which months a report is due (``selectors.months.month_due``): a campaign that
starts in March owes nothing for January and February, nor for months after it ends
or not yet over, anywhere the monthly matrices are read (pages, dashboard, drill-down,
Excel, home panel, reminders)."""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from chuangxian.calendar.steps import _news_action
from chuangxian.dashboards import selectors as dashboards
from evaluations.inspections.selectors.reviews import review_facts
from organizations.access import scope_of
from organizations.models import Notification
from pledges.activity import selectors, services
from pledges.models import Campaign, NewsReport
from tests.pledges.builders import make_campaign

D = datetime.date
TODAY = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=datetime.UTC)
MISSING_MONTHS = 8  # March to October 2026: over, within the campaign, none filed


@pytest.fixture(autouse=True)
def setup(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"), time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def march(inst):
    """The institute's 2026 campaign, starting on 1 March."""
    return make_campaign(inst.institute, start=D(2026, 3, 1))


def news(branch, day):
    return services.news_create(
        branch=branch,
        title="通讯",
        text="正文",
        channel=NewsReport.Channel.NEWSLETTER,
        published_on=day,
    )


def row_html(body: str, attribute: str, pk: int) -> str:
    row = body[body.index(f'{attribute}="{pk}"') :]
    return row[: row.index("</tr>")]


def cell(row: str, month: int) -> str:
    start = row.index(f'data-month="{month}"')
    return row[start : row.index("</td>", start)]


# --- the one definition ------------------------------------------------------------


def test_a_month_is_due_only_within_the_campaign_and_once_over(march):
    today = D(2026, 11, 22)
    due = [m for m in range(1, 13) if selectors.month_due(march, 2026, m, today)]
    assert due == list(range(3, 11))
    march.phase5_end = D(2026, 8, 10)  # a campaign that ended in August
    due = [m for m in range(1, 13) if selectors.month_due(march, 2026, m, today)]
    assert due == [3, 4, 5, 6, 7, 8]
    assert not selectors.month_due(None, 2026, 5, today)


# --- the matrices ----------------------------------------------------------------------


def test_the_news_matrix_shows_months_before_the_start_as_not_due(client, inst, march):
    news(inst.branch, D(2026, 1, 20))  # filed before the start: shown, not required
    client.force_login(inst.user("office"))
    body = client.get(reverse("activity:news_matrix") + "?year=2026").content.decode()
    row = row_html(body, "data-branch", inst.other_branch.pk)
    for month in (1, 2):
        assert f'data-month="{month}" data-state="na"' in cell(row, month)
        assert "danger" not in cell(row, month)
        assert 'title="not due"' in cell(row, month)
    assert 'data-state="missing" class="table-danger' in cell(row, 3)
    assert 'data-state="open"' in cell(row, 11)
    assert 'data-state="na"' in cell(row, 12)  # yet to come
    # The months missing: March to October, not January and February.
    assert row.rstrip().endswith(
        f'<td class="text-danger fw-semibold">{MISSING_MONTHS}</td>'
    )
    filed = row_html(body, "data-branch", inst.branch.pk)
    assert 'data-state="ok" class="table-success">1</td>' in cell(filed, 1) + "</td>"
    assert "Months before the campaign starts" in body


def test_the_news_matrix_counts_nothing_missing_in_a_year_without_a_campaign(inst):
    rows = selectors.news_matrix([inst.branch], year=2024, campaigns=[])
    assert {c.state for c in rows[0].cells} == {"na"}
    assert rows[0].missing == 0


def test_the_news_matrix_ends_with_the_campaign(inst, march):
    Campaign.objects.filter(pk=march.pk).update(phase5_end=D(2026, 8, 10))
    march.refresh_from_db()
    rows = selectors.news_matrix([inst.branch], year=2026, campaigns=[march])
    states = [c.state for c in rows[0].cells]
    assert states == ["na"] * 2 + ["missing"] * 6 + ["na"] * 4
    assert rows[0].missing == 6


def test_the_info_matrix_shows_months_before_the_start_as_not_due(client, inst, march):
    client.force_login(inst.user("office"))
    page = client.get(reverse("activity:info_matrix") + "?year=2026")
    row = next(r for r in page.context["rows"] if r.branch == inst.union)
    assert [c.state for c in row.cells[:3]] == ["na", "na", "missing"]
    assert row.missing == MISSING_MONTHS
    html = row_html(page.content.decode(), "data-unit", inst.union.pk)
    assert "danger" not in cell(html, 1) and "✗" not in cell(html, 2)
    assert 'title="not due"' in cell(html, 2)
    assert html.rstrip().endswith(
        f'<td class="text-danger fw-semibold">{MISSING_MONTHS}</td>'
    )


# --- the dashboard, its drill-down and the Excel sheet -----------------------------------


def test_the_dashboard_counts_no_branch_missing_before_the_start(client, inst, march):
    scope = scope_of(inst.user("office"))
    figures = dashboards.news_figures(scope, march, D(2026, 11, 22))
    months = {m["month"]: m for m in figures["months"]}
    branches = figures["branches"]
    assert branches == 3
    assert months[1]["missing"] == months[2]["missing"] == 0
    assert months[1]["open"] == 0 and months[12]["open"] == 0
    assert months[3]["missing"] == branches
    assert [row.missing for row in figures["laggards"]] == [MISSING_MONTHS] * 3

    def drilled(month):
        return (
            client.get(
                reverse("dashboards:drill"),
                {"campaign": march.pk, "figure": "news_missing", "month": month},
            )
            .context["page"]
            .paginator.count
        )

    client.force_login(inst.user("office"))
    assert drilled(2) == 0
    assert drilled(3) == branches


def test_the_excel_matrix_leaves_months_before_the_start_blank(client, inst, march):
    client.force_login(inst.user("office"))
    response = client.get(reverse("dashboards:news_matrix_xlsx"), {"year": 2026})
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    row = next(r for r in sheet.iter_rows() if r[0].value == inst.other_branch.name)
    jan, feb, mar = row[1], row[2], row[3]
    assert jan.value in (None, "") and feb.value in (None, "")
    assert mar.value == 0
    assert jan.fill.fgColor.rgb != mar.fill.fgColor.rgb  # March marked, January not
    assert row[-1].value == MISSING_MONTHS


# --- the home panel and the reminders -------------------------------------------------


def test_the_home_panel_reports_nothing_missing_for_the_month_before_the_start(
    client, inst
):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC)):
        make_campaign(inst.institute, start=D(2026, 3, 1))
        client.force_login(inst.user("office"))
        body = client.get(reverse("home")).content.decode()
    assert 'data-testid="panel-news-not-due"' in body
    assert "No news report was due in 2026-02" in body
    assert "filed no news report in 2026-02" not in body


def test_the_secretarys_news_badge_says_not_due_outside_the_campaign(client, inst):
    def badge(day):
        with time_machine.travel(datetime.datetime(*day, 10, tzinfo=datetime.UTC)):
            client.force_login(inst.user("secretary"))
            body = client.get(reverse("home")).content.decode()
        part = body[body.index('data-testid="panel-news"') :]
        return part[: part.index("</span>")]

    make_campaign(inst.institute, start=D(2026, 3, 1))
    before = badge((2026, 2, 20))  # the campaign starts next month
    assert 'data-state="na"' in before and "this month: not due" in before
    during = badge((2026, 3, 10))
    assert 'data-state="open"' in during and "this month: not yet" in during
    news(inst.branch, D(2026, 3, 9))
    assert 'data-state="ok"' in badge((2026, 3, 10))


def test_the_monthly_check_reminds_nobody_of_a_month_before_the_start(inst, march):
    # The calendar's first check after a start on 1 March is on 5 April (for March);
    # a check run for February (a catch-up, a hand-run step) owes nothing.
    day = D(2026, 3, 5)
    summary, detail = _news_action(campaign=march, due_on=day, today=day, by=None)
    assert detail["branches"] == [] and detail["mass_units"] == []
    assert not Notification.objects.filter(kind=Notification.Kind.REMINDER).exists()
    day = D(2026, 4, 5)
    summary, detail = _news_action(campaign=march, due_on=day, today=day, by=None)
    assert len(detail["branches"]) == 3
    assert inst.union.pk in {u["id"] for u in detail["mass_units"]}
    assert Notification.objects.filter(
        dedupe_key=f"news-missing-2026-3-{inst.branch.pk}"
    ).exists()
    assert not Notification.objects.filter(dedupe_key__contains="2026-2-").exists()


def test_the_missing_lists_are_empty_for_a_month_not_due(inst, march):
    today = D(2026, 11, 22)
    for month in (1, 2, 11, 12):
        assert not selectors.news_missing(
            campaign=march, year=2026, month=month, today=today
        ).exists()
        assert not selectors.info_missing(
            campaign=march, year=2026, month=month, today=today
        ).exists()
    assert selectors.info_missing(
        campaign=march, year=2026, month=3, today=today
    ).filter(pk=inst.union.pk)


def test_the_review_lists_no_news_gap_after_the_campaign_ended(inst, march):
    from evaluations.inspections import services as inspections

    Campaign.objects.filter(pk=march.pk).update(phase5_end=D(2026, 8, 10))
    march.refresh_from_db()
    round = inspections.review_round_open(campaign=march, half=1)
    facts = review_facts(round, unit=inst.branch)
    assert facts["news_gaps"][0] == "2026-03"
    assert facts["news_gaps"][-1] == "2026-08"


# --- in Chinese ---------------------------------------------------------------------


def test_a_chinese_matrix_names_the_months_not_due_in_chinese(client, inst, march):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(inst.user("office"))
    for name in ("activity:news_matrix", "activity:info_matrix"):
        body = client.get(reverse(name) + "?year=2026").content.decode()
        assert 'title="无需报送"' in body
        assert "活动开始前、结束后的月份及尚未到来的月份无需报送（灰色）。" in body
        assert "not due" not in body and "campaign starts" not in body


def test_rows_beyond_ones_institute_are_held_to_their_own_institutes_campaign(
    inst, other_inst, march, admin_user
):
    """No institute of one's own (a superuser): the year's campaigns are read, and
    each unit is held to the one over it (the other institute has none this year:
    nothing is due from it)."""
    units = [inst.union, other_inst.union]
    campaigns = selectors.reporting_campaigns(scope_of(admin_user), units, 2026)
    assert campaigns == [march]
    rows = selectors.info_matrix(units, year=2026, campaigns=campaigns)
    assert [row.missing for row in rows] == [MISSING_MONTHS, 0]
    assert {c.state for c in rows[1].cells} == {"na"}
