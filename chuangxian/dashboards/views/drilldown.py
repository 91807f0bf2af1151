"""Drill-down: the units behind a figure."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from chuangxian.dashboards import selectors as dashboards
from chuangxian.dashboards.views.common import _campaign, require_dashboard
from core.views import int_param, paginate
from evaluations.models import Grade
from evaluations.scoring.access import is_reader
from pledges.models import Status

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
