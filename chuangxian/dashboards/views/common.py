"""Helpers the dashboard pages share: colours, charts, links, the reader's campaign."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import urlencode

from evaluations.models import Grade
from organizations.access import Scope, scope_of
from pledges import selectors as pledge_selectors
from pledges.models import Campaign, Status

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
