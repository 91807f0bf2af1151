"""The branch dashboard."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.dashboards import selectors as dashboards
from chuangxian.dashboards.views.common import (
    BLUE,
    GRADE_COLOURS,
    STATUS_COLOURS,
    _url,
    chart,
)
from core.views import paginate
from evaluations.scoring.access import is_reader
from organizations.access import Scope, get_unit_for, scope_of
from organizations.models import Organization, Role
from pledges import selectors as pledge_selectors
from pledges.access import reaches
from pledges.models import PLAN_UNIT_KINDS


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
