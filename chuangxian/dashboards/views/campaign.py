"""The office dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from chuangxian.dashboards import figures
from chuangxian.dashboards import selectors as dashboards
from chuangxian.dashboards.views.common import (
    BLUE,
    GREEN,
    GREY,
    RED,
    STATUS_COLOURS,
    _campaign,
    _drill,
    _url,
    chart,
    require_dashboard,
)
from organizations.access import Scope
from organizations.campaign_office import can_manage_campaign
from pledges import selectors as pledge_selectors
from pledges.models import Campaign, Status


def _filing_charts(filing: dict) -> dict:
    rows = filing["rows"]
    labels = [r["label"] for r in rows]
    result = {}
    for field in ("plans", "pledges"):
        result[field] = chart(
            "bar",
            labels,
            [
                {
                    "label": label,
                    "data": [r[field][value] for r in rows],
                    "color": STATUS_COLOURS[value],
                    "links": [r["links"][field][value] for r in rows],
                }
                for value, label in filing["statuses"]
            ],
            stacked=True,
        )
    return result


def _coverage_chart(coverage: dict) -> dict:
    rows = coverage["rows"]
    return chart(
        "bar",
        [r["label"] for r in rows],
        [
            {
                "label": _("Inspected"),
                "data": [r["inspected"] for r in rows],
                "color": GREEN,
                "links": [r["inspected_link"] for r in rows],
            },
            {
                "label": _("Not yet inspected"),
                "data": [r["not_inspected"] for r in rows],
                "color": GREY,
                "links": [r["uninspected_link"] for r in rows],
            },
        ],
        stacked=True,
    )


def _rectification_chart(campaign: Campaign, counts: dict) -> dict:
    base = reverse("inspections:rectifications")
    parts = [
        (_("Open, on time"), counts["on_time"], "#ffc107", "open"),
        (_("Overdue"), counts["overdue"], RED, "overdue"),
        (_("Answered"), counts["answered"], BLUE, "answered"),
        (_("Closed"), counts["closed"], GREEN, "closed"),
    ]
    return chart(
        "doughnut",
        [p[0] for p in parts],
        [
            {
                "label": _("Rectification items"),
                "data": [p[1] for p in parts],
                "colors": [p[2] for p in parts],
                "links": [
                    f"{base}?{urlencode({'campaign': campaign.pk, 'status': p[3]})}"
                    for p in parts
                ],
            }
        ],
    )


def _news_chart(news: dict) -> dict:
    months = news["months"]
    labels = [_("%(m)s mo.") % {"m": m["month"]} for m in months]
    matrix = _url("activity:news_matrix", year=news["year"])
    return chart(
        "bar",
        labels,
        [
            {
                "label": _("Filed"),
                "data": [m["filed"] for m in months],
                "color": GREEN,
                "links": [matrix] * 12,
            },
            {
                "label": _("Missing"),
                "data": [m["missing"] for m in months],
                "color": RED,
                "links": [m["missing_link"] for m in months],
            },
            {
                "label": _("Month still open"),
                "data": [m["open"] for m in months],
                "color": GREY,
                "links": [matrix] * 12,
            },
        ],
        stacked=True,
    )


def _grade_chart(scores: dict) -> dict:
    grades = scores["grades"]
    return chart(
        "bar",
        [g["label"] for g in grades],
        [
            {
                "label": _("Units"),
                "data": [g["units"] for g in grades],
                "color": "#b3261e",
                "links": [g["units_link"] for g in grades],
            },
            {
                "label": _("Members"),
                "data": [g["people"] for g in grades],
                "color": "#6f42c1",
                "links": [g["people_link"] for g in grades],
            },
        ],
    )


def _ranking_chart(scores: dict) -> dict:
    groups = scores["groups"]
    return chart(
        "bar",
        [g["category_label"] for g in groups],
        [
            {
                "label": _("Mean score"),
                "data": [
                    round(float(g["mean"]), 2) if g["mean"] is not None else 0
                    for g in groups
                ],
                "color": BLUE,
                "links": [g["link"] for g in groups],
            },
            {
                "label": _("Best score"),
                "data": [
                    round(float(g["best"]), 2) if g["best"] is not None else 0
                    for g in groups
                ],
                "color": GREEN,
                "links": [g["link"] for g in groups],
            },
        ],
        horizontal=True,
    )


def _turnout_chart(turnout: dict) -> dict:
    departments = turnout["departments"]
    link = reverse("evaluations:turnout", args=[turnout["round"].pk])
    return chart(
        "bar",
        [d["name"] for d in departments],
        [
            {
                "label": _("Turnout (%)"),
                "data": [d["percent"] for d in departments],
                "color": "#b3261e",
                "links": [link] * len(departments),
            }
        ],
        horizontal=True,
        percent=True,
    )


@login_required
def office(request):
    """The whole campaign on one screen (活动办公室看板)."""
    scope = require_dashboard(request.user)
    # Loaded first: the current campaign is found among them (one query for both).
    campaigns = pledge_selectors.visible_campaigns(scope)
    campaign = _campaign(request, scope)
    context = {"campaign": campaign, "campaigns": campaigns}
    if campaign is None:
        return render(request, "dashboards/office.html", context)
    today = timezone.localdate()
    context["today"] = today
    # The phase card: no query, and cheaper made than read back from the cache.
    context["overview"] = dashboards.campaign_overview(campaign, today)
    context.update(
        figures.office(scope, campaign, today, lambda: _figures(scope, campaign, today))
    )
    context["can_run_calendar"] = can_manage_campaign(scope, campaign)
    context["turnout"] = _turnout_context(scope, campaign)
    context["turnout_fragment"] = figures.turnout_fragment(scope, campaign)
    return render(request, "dashboards/office.html", context)


def _figures(scope: Scope, campaign: Campaign, today) -> dict:
    """The dashboard's figures, charts and links: the same for everyone of one reach."""
    filing = dashboards.filing(scope, campaign)
    coverage = dashboards.inspection_coverage(scope, campaign, today)
    rectification = dashboards.rectification_figures(scope, campaign, today)
    news = dashboards.news_figures(scope, campaign, today)
    scores = dashboards.score_figures(campaign)
    round_id = coverage["round"].pk if coverage["round"] else ""
    for row in coverage["rows"]:
        row["inspected_link"] = _drill(
            campaign, "inspected", category=row["key"], round=round_id
        )
        row["uninspected_link"] = _drill(
            campaign, "uninspected", category=row["key"], round=round_id
        )
    coverage["inspected_link"] = _drill(campaign, "inspected", round=round_id)
    coverage["uninspected_link"] = _drill(campaign, "uninspected", round=round_id)
    for month in news["months"]:
        month["missing_link"] = _drill(campaign, "news_missing", month=month["month"])
    for grade in scores["grades"]:
        for audience, key in (("unit", "units_link"), ("person", "people_link")):
            grade[key] = _drill(
                campaign, "grade", audience=audience, grade=grade["grade"] or "-"
            )
    for group in scores["groups"]:
        group["link"] = _url(
            "scoring:ranking",
            campaign.pk,
            audience=group["audience"],
            category=group["category_key"],
        )
    for row in filing["rows"]:
        row["links"] = {
            field: {
                value: _drill(campaign, field, status=value, category=row["key"])
                for value in Status.values
            }
            for field in ("plans", "pledges")
        }
        row["no_plan_link"] = _drill(campaign, "no_plan", category=row["key"])
        row["no_pledge_link"] = _drill(campaign, "no_pledge", category=row["key"])
        for field in ("plans", "pledges"):
            row[f"{field}_cells"] = [
                {"status": v, "count": row[field][v], "link": row["links"][field][v]}
                for v in Status.values
            ]
    totals = filing["totals"]
    for field in ("plans", "pledges"):
        totals[f"{field}_cells"] = [
            {
                "status": v,
                "count": totals[field][v],
                "link": _drill(campaign, field, status=v),
            }
            for v in Status.values
        ]
    totals["no_plan_link"] = _drill(campaign, "no_plan")
    totals["no_pledge_link"] = _drill(campaign, "no_pledge")
    rect_base = reverse("inspections:rectifications")
    rectification["links"] = {
        status: f"{rect_base}?{urlencode({'campaign': campaign.pk, 'status': status})}"
        for status in ("open", "overdue", "answered", "closed", "")
    }
    charts = {
        **_filing_charts(filing),
        "coverage": _coverage_chart(coverage),
        "rectification": _rectification_chart(campaign, rectification),
        "news": _news_chart(news),
        "grades": _grade_chart(scores),
        "ranking": _ranking_chart(scores),
    }
    return {
        "filing": filing,
        "coverage": coverage,
        "rectification": rectification,
        "news": news,
        "scores": scores,
        "charts": charts,
    }


def _turnout_context(scope: Scope, campaign: Campaign) -> dict | None:
    return figures.turnout(scope, campaign, lambda: _turnout(scope, campaign))


def _turnout(scope: Scope, campaign: Campaign) -> dict | None:
    turnout = dashboards.turnout_figures(dashboards.turnout_round(scope, campaign))
    if turnout is not None:
        # Plain rows, not Organization instances: the cache hands them back cheaply.
        turnout["departments"] = [
            {
                "name": d.name,
                "staff_count": d.staff_count,
                "voter_count": d.voter_count,
                "percent": d.percent,
            }
            for d in turnout["departments"]
        ]
        turnout["chart"] = _turnout_chart(turnout)
        # One readable bar per department, however many there are.
        turnout["height"] = f"{max(240, 22 * len(turnout['departments']) + 60)}px"
    return turnout


@never_cache
@login_required
def turnout_fragment(request):
    """The live turnout card alone, polled by htmx while a mass evaluation is open."""
    scope = require_dashboard(request.user)
    campaign = _campaign(request, scope)
    if campaign is None:
        raise Http404
    return render(
        request,
        "dashboards/_turnout.html",
        {
            "campaign": campaign,
            "turnout": _turnout_context(scope, campaign),
            "turnout_fragment": figures.turnout_fragment(scope, campaign),
        },
    )
