"""Dashboards (看板) and exports (导出): the office's whole campaign on one screen, a
branch's own, the units behind every figure, and the Excel and PDF files.

Charts are drawn by ``static/js/charts.js`` from JSON data blocks on the page (the
content security policy runs no inline script); each chart has its table beside it,
and every figure links to the list of units behind it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chuangxian.dashboards import selectors as dashboards
from chuangxian.exports import builders as exports
from chuangxian.exports.jobs import export_job_request
from chuangxian.models import ExportJob
from core.views import int_param, paginate
from evaluations.models import Grade
from evaluations.scoring.access import get_office_campaign_for, is_reader
from organizations.access import Scope, get_unit_for, scope_of
from organizations.models import Organization, Role
from pledges import selectors as pledge_selectors
from pledges.access import (
    can_read_campaign,
    get_board_unit_for,
    get_campaign_for,
    reaches,
)
from pledges.activity.access import get_activity_branch_for
from pledges.activity.selectors import matrix_branches, news_matrix
from pledges.models import PLAN_UNIT_KINDS, Campaign, Status

PAGE_SIZE = 50

STATUS_COLOURS = {
    Status.DRAFT: "#6c757d",
    Status.SUBMITTED: "#ffc107",
    Status.RETURNED: "#dc3545",
    Status.APPROVED: "#0d6efd",
    Status.PUBLISHED: "#198754",
}
GRADE_COLOURS = {
    Grade.EXCELLENT: "#198754",
    Grade.GOOD: "#0d6efd",
    Grade.AVERAGE: "#ffc107",
    Grade.POOR: "#dc3545",
    "": "#adb5bd",
}
GREEN, RED, GREY, BLUE = "#198754", "#dc3545", "#adb5bd", "#0d6efd"


# ---------------------------------------------------------------------------------------
# Helpers


def chart(
    kind: str,
    labels: list,
    datasets: list[dict],
    *,
    stacked: bool = False,
    horizontal: bool = False,
    percent: bool = False,
    title: str = "",
) -> dict:
    """A chart spec for charts.js: labels, datasets (label, data, colour, links)."""
    return {
        "type": kind,
        "labels": [str(label) for label in labels],
        "datasets": [
            {
                "label": str(d.get("label", "")),
                "data": d["data"],
                "color": d.get("color"),
                "colors": d.get("colors"),
                "links": d.get("links"),
            }
            for d in datasets
        ],
        "stacked": stacked,
        "horizontal": horizontal,
        "percent": percent,
        "title": str(title),
    }


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _drill(campaign: Campaign, figure: str, **params) -> str:
    return _url("dashboards:drill", figure=figure, campaign=campaign.pk, **params)


def require_dashboard(user) -> Scope:
    """The office dashboard is for the activity office and the leading group."""
    scope = scope_of(user)
    if not (scope.is_office or scope.is_leader or scope.is_superuser):
        raise PermissionDenied
    return scope


def _campaign(request, scope: Scope) -> Campaign | None:
    return pledge_selectors.campaign_for_scope(scope, request.GET.get("campaign"))


# ---------------------------------------------------------------------------------------
# The office dashboard


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
        [d.name for d in departments],
        [
            {
                "label": _("Turnout (%)"),
                "data": [d.percent for d in departments],
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
    context.update(
        {
            "today": today,
            "overview": dashboards.campaign_overview(campaign, today),
            "can_run_calendar": scope.is_superuser
            or (scope.is_office and scope.can_manage_unit(campaign.scope)),
            "filing": filing,
            "coverage": coverage,
            "rectification": rectification,
            "news": news,
            "scores": scores,
            "charts": charts,
            "turnout": _turnout_context(scope, campaign),
        }
    )
    return render(request, "dashboards/office.html", context)


def _turnout_context(scope: Scope, campaign: Campaign) -> dict | None:
    turnout = dashboards.turnout_figures(dashboards.turnout_round(scope, campaign))
    if turnout is not None:
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
        {"campaign": campaign, "turnout": _turnout_context(scope, campaign)},
    )


# ---------------------------------------------------------------------------------------
# Drill-down: the units behind a figure


FIGURES = (
    "plans",
    "pledges",
    "no_plan",
    "no_pledge",
    "inspected",
    "uninspected",
    "news_missing",
    "grade",
)


def _figure_title(figure: str, **params) -> str:
    titles = {
        "plans": _("Plans"),
        "pledges": _("Pledges"),
        "no_plan": _("Branches without a plan"),
        "no_pledge": _("Members without a pledge"),
        "inspected": _("Branches inspected this quarter"),
        "uninspected": _("Branches not yet inspected this quarter"),
        "news_missing": _("Branches without a news report in month %(m)s")
        % {"m": params.get("month") or ""},
        "grade": _("Scores by grade"),
    }
    return titles[figure]


@login_required
def drill(request):
    """The units (or plans, pledges, members, scores) behind one dashboard figure."""
    scope = require_dashboard(request.user)
    campaign = _campaign(request, scope)
    figure = request.GET.get("figure", "")
    if campaign is None or figure not in FIGURES:
        raise Http404
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    category = request.GET.get("category", "")
    labels = {c["key"]: c["label"] for c in dashboards.categories_in(scope, campaign)}
    context = {
        "campaign": campaign,
        "figure": figure,
        "status_label": dict(Status.choices).get(status, ""),
        "category_label": labels.get(category, ""),
    }
    if figure == "plans":
        rows = dashboards.plans_in(scope, campaign, status=status, category=category)
    elif figure == "pledges":
        rows = dashboards.pledges_in(scope, campaign, status=status, category=category)
    elif figure == "no_plan":
        rows = dashboards._by_category(
            dashboards.branches_without_plan(scope, campaign),
            category,
        ).select_related("parent", "category")
        rows = rows.order_by("path")
    elif figure == "no_pledge":
        rows = dashboards._by_category(
            dashboards.members_without_pledge(scope, campaign), category, "branch__"
        )
        rows = rows.select_related("branch", "department").order_by(
            "branch__path", "staff_no"
        )
    elif figure in ("inspected", "uninspected"):
        round_id = int_param(request.GET.get("round"))
        if round_id and not campaign.inspection_rounds.filter(pk=round_id).exists():
            raise Http404
        rows = dashboards.branches_by_inspection(
            scope,
            campaign,
            round_id=round_id,
            inspected=figure == "inspected",
            category=category,
        )
    elif figure == "news_missing":
        month = int_param(request.GET.get("month"))
        if not month or not 1 <= month <= 12:
            raise Http404
        context["month"] = month
        rows = dashboards.news_missing_branches(
            scope, campaign, year=campaign.year, month=month
        )
    else:  # grade
        if not is_reader(scope, campaign):
            raise PermissionDenied
        audience = request.GET.get("audience", "unit")
        if audience not in dashboards.AUDIENCES:
            audience = "unit"
        grade = request.GET.get("grade", "")
        grade = "" if grade == "-" else grade
        if grade and grade not in Grade.values:
            raise Http404
        context["audience"] = audience
        context["grade_label"] = dict(Grade.choices).get(grade, _("No grade"))
        rows = dashboards.scores_with_grade(campaign, audience=audience, grade=grade)
    context["title"] = _figure_title(figure, month=context.get("month"))
    context["page"] = paginate(request, rows)
    return render(request, "dashboards/drill.html", context)


# ---------------------------------------------------------------------------------------
# The branch dashboard


def _dashboard_units(scope: Scope):
    """Units whose dashboard the user's roles open: plan units in reach, tree order."""
    if not scope.read_paths:
        return Organization.objects.none()
    return Organization.objects.filter(
        scope.path_q("path"), kind__in=PLAN_UNIT_KINDS, is_active=True
    ).order_by("path")


@login_required
def my_branch(request):
    """“My branch”: straight to the one unit a secretary looks after, or a list."""
    scope = scope_of(request.user)
    own = [
        role.node
        for role in scope.roles_of(*Role.MANAGING)
        if role.node.kind in PLAN_UNIT_KINDS
    ]
    if len(own) == 1:
        return redirect("dashboards:branch", own[0].pk)
    units = _dashboard_units(scope)
    if not scope.read_paths:
        raise PermissionDenied
    return render(
        request,
        "dashboards/branch_list.html",
        {"page": paginate(request, units.select_related("parent", "category"))},
    )


def get_dashboard_unit_for(user, pk: int) -> Organization:
    """A unit whose dashboard the user opens: 404 outside, 403 for plain members."""
    unit = get_unit_for(user, pk)
    if unit.kind not in PLAN_UNIT_KINDS:
        raise Http404
    if not reaches(scope_of(user), unit):
        raise PermissionDenied
    return unit


@login_required
def branch(request, pk):
    """One branch at a glance (支部看板), for its secretary and those above."""
    unit = get_dashboard_unit_for(request.user, pk)
    scope = scope_of(request.user)
    campaign = pledge_selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    if campaign is None or not unit.is_within(campaign.scope):
        campaign = pledge_selectors.current_campaign(unit)
    if campaign is None:
        return render(
            request, "dashboards/branch.html", {"unit": unit, "campaign": None}
        )
    today = timezone.localdate()
    with_scores = is_reader(scope, campaign) or dashboards.scores_published(campaign)
    data = dashboards.branch_dashboard(campaign, unit, today, with_scores=with_scores)
    states = data["pledge_states"]
    progress_labels = [
        (_("Done"), "done"),
        (_("On track"), "on_track"),
        (_("At risk"), "at_risk"),
        (_("Not done"), "not_done"),
        (_("No report yet"), "unreported"),
    ]
    progress_link = reverse("pledges:progress", args=[unit.pk])
    charts = {
        "pledges": chart(
            "doughnut",
            [s["label"] for s in states],
            [
                {
                    "label": _("Pledges"),
                    "data": [s["count"] for s in states],
                    "colors": [STATUS_COLOURS[s["status"]] for s in states],
                    "links": [
                        _url("pledges:pledges", status=s["status"], q=unit.name)
                        for s in states
                    ],
                }
            ],
        ),
        "progress": chart(
            "bar",
            [label for label, _key in progress_labels],
            [
                {
                    "label": _("Committed items"),
                    "data": [data["items"][key] for _label, key in progress_labels],
                    "color": BLUE,
                    "links": [progress_link] * len(progress_labels),
                },
                {
                    "label": _("Plan measures"),
                    "data": [data["measures"][key] for _label, key in progress_labels],
                    "color": "#6f42c1",
                    "links": [progress_link] * len(progress_labels),
                },
            ],
        ),
    }
    if data["member_grades"]:
        grades = data["member_grades"]
        charts["grades"] = chart(
            "bar",
            [g["label"] for g in grades],
            [
                {
                    "label": _("Members"),
                    "data": [g["count"] for g in grades],
                    "colors": [GRADE_COLOURS[g["grade"]] for g in grades],
                }
            ],
        )
    return render(
        request,
        "dashboards/branch.html",
        {
            "unit": unit,
            "campaign": campaign,
            "today": today,
            "charts": charts,
            "is_party_branch": unit.kind == Organization.Kind.BRANCH,
            "reader": is_reader(scope, campaign),
            **data,
        },
    )


# ---------------------------------------------------------------------------------------
# Exports


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exports.PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def exports_index(request):
    """What the user may export, and their recent background exports."""
    scope = scope_of(request.user)
    campaign = pledge_selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    jobs = ExportJob.objects.filter(requested_by=request.user).order_by(
        "-created_at", "-pk"
    )
    branches = []
    if scope.read_paths:
        branches = list(
            matrix_branches(scope)
            .filter(kind=Organization.Kind.BRANCH, is_active=True)
            .select_related(None)
            .only("pk", "name")[:PAGE_SIZE]
        )
    return render(
        request,
        "exports/index.html",
        {
            "campaign": campaign,
            "campaigns": pledge_selectors.campaigns_for(scope),
            "page": paginate(request, jobs),
            "reads": bool(scope.read_paths) or scope.is_superuser,
            "is_office": scope.is_office or scope.is_superuser,
            "scores_reader": bool(campaign and is_reader(scope, campaign)),
            "awards": _awards_offer(scope, campaign),
            "branches": branches,
            "pdf_available": exports.pdf_available(),
            "year": campaign.year if campaign else timezone.localdate().year,
        },
    )


def _awards_offer(scope: Scope, campaign: Campaign | None) -> dict:
    """Which award exports to offer: the list to its readers, the commendation list
    once published (or to the readers before)."""
    if campaign is None:
        return {}
    from evaluations.awards import access as award_access
    from evaluations.awards import selectors as award_selectors

    current = award_selectors.award_list_of(campaign)
    if current is None:
        return {}
    return {
        "list": award_access.is_reader(scope, campaign),
        "commendations": award_access.published_or_reader(scope, campaign, current),
    }


@login_required
@require_POST
def export_request(request, kind):
    """Ask for a background export; the page that follows shows its progress."""
    scope = scope_of(request.user)
    if kind == ExportJob.Kind.PLANS_PLEDGES:
        if not scope.read_paths and not scope.is_superuser:
            raise PermissionDenied
        campaign = get_campaign_for(
            request.user, int_param(request.POST.get("campaign"))
        )
        params = {"campaign": campaign.pk}
        title = _("Plans and pledges %(year)s") % {"year": campaign.year}
    elif kind == ExportJob.Kind.SCORES:
        campaign = get_office_campaign_for(
            request.user, int_param(request.POST.get("campaign"))
        )
        params = {"campaign": campaign.pk}
        title = _("Scores %(year)s") % {"year": campaign.year}
    elif kind == ExportJob.Kind.LEDGER:
        branch = get_activity_branch_for(
            request.user, int_param(request.POST.get("branch"))
        )
        year = int_param(request.POST.get("year"))
        params = {"branch": branch.pk, "year": year}
        title = _("Ledger of %(branch)s") % {"branch": branch.name}
    else:
        raise Http404
    job, created = export_job_request(
        by=request.user, kind=kind, params=params, title=title
    )
    if not created:
        messages.info(request, _("This export is already under way."))
    return redirect("dashboards:export_job", job.pk)


def get_export_job_for(user, pk: int) -> ExportJob:
    """An export is served to the one who asked for it and nobody else (404)."""
    job = ExportJob.objects.filter(pk=pk, requested_by=user).first()
    if job is None:
        raise Http404
    return job


def _job_context(job: ExportJob) -> dict:
    waited = (timezone.now() - job.created_at).total_seconds()
    return {
        "job": job,
        "stalled": job.status == ExportJob.Status.QUEUED and waited > 10,
    }


@never_cache
@login_required
def export_job(request, pk):
    job = get_export_job_for(request.user, pk)
    return render(request, "exports/job.html", _job_context(job))


@never_cache
@login_required
def export_job_status(request, pk):
    """The progress card alone, polled every second by htmx until the job finishes."""
    job = get_export_job_for(request.user, pk)
    return render(request, "exports/_job_status.html", _job_context(job))


@never_cache
@login_required
def export_job_download(request, pk):
    job = get_export_job_for(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file_path:
        raise Http404
    try:
        handle = default_storage.open(job.file_path, "rb")
    except FileNotFoundError:
        raise Http404
    content_type = exports.PDF_TYPE if job.file_path.endswith(".pdf") else None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.file_name,
        content_type=content_type or exports.XLSX_TYPE,
    )


@login_required
def news_matrix_xlsx(request):
    """The branch × month news matrix of a year, every branch in reach (Excel)."""
    scope = scope_of(request.user)
    if not scope.read_paths:
        raise PermissionDenied
    year = int_param(request.GET.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    rows = news_matrix(list(matrix_branches(scope)), year=year)
    name = _("News reports %(year)s") % {"year": year}
    return _xlsx_response(
        exports.news_matrix_xlsx(rows=rows, year=year),
        f"{name} {timezone.localdate().isoformat()}.xlsx",
    )


@login_required
def pledge_sheet_pdf(request, pk):
    """The printable pledge sheet (公开承诺) of one unit as a PDF."""
    from django.conf import settings

    unit = get_board_unit_for(request.user, pk)
    scope = scope_of(request.user)
    campaign = pledge_selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    if campaign is None or not unit.is_within(campaign.scope):
        campaign = pledge_selectors.current_campaign(unit)
    if campaign is None or not can_read_campaign(scope, campaign):
        raise Http404
    url = settings.SITE_URL + reverse("pledges:board_unit", args=[unit.pk])
    html = exports.pledge_sheet_html(
        unit=unit,
        campaign=campaign,
        plan=pledge_selectors.unit_plan(campaign, unit),
        pledges=list(pledge_selectors.unit_pledges(campaign, unit)),
        url=url,
    )
    try:
        data = exports.html_to_pdf(html)
    except exports.PdfUnavailable:
        messages.error(request, _("PDF export is not available on this server."))
        return redirect("pledges:board_print", unit.pk)
    name = _("Public pledges of %(unit)s") % {"unit": unit.name}
    return _pdf_response(data, f"{name} {campaign.year}.pdf")


@login_required
def award_list_xlsx(request, pk):
    """The award list with every candidate (office and leading group; Excel)."""
    from evaluations.awards import access as award_access
    from evaluations.awards import selectors as award_selectors

    campaign = award_access.get_award_campaign_for(request.user, pk)
    current = award_selectors.award_list_of(campaign)
    if current is None:
        raise Http404(_("No award list has been proposed yet."))
    name = _("Award list %(year)s") % {"year": campaign.year}
    return _xlsx_response(
        exports.award_list_xlsx(
            award_list=current,
            candidates=award_selectors.candidate_rows(current),
        ),
        f"{name} {timezone.localdate().isoformat()}.xlsx",
    )


@login_required
def commendation_pdf(request, pk):
    """The commendation list (表彰名单) as a PDF: once published, or for its readers."""
    from evaluations.awards import access as award_access
    from evaluations.awards import selectors as award_selectors

    campaign = award_access.get_public_campaign_for(request.user, pk)
    current = award_selectors.award_list_of(campaign)
    if current is None or not award_access.published_or_reader(
        scope_of(request.user), campaign, current
    ):
        raise Http404(_("The commendation list has not been published yet."))
    html = exports.commendation_html(
        campaign=campaign,
        award_list=current,
        rows=list(award_selectors.winners(current)[:COMMENDATION_LIMIT]),
    )
    try:
        data = exports.html_to_pdf(html)
    except exports.PdfUnavailable:
        messages.error(request, _("PDF export is not available on this server."))
        return redirect("awards:print", campaign.pk)
    name = _("Commendation list %(year)s") % {"year": campaign.year}
    return _pdf_response(data, f"{name}.pdf")


COMMENDATION_LIMIT = 2000
