"""Rectification and help."""

import datetime

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from evaluations.inspections import services
from evaluations.inspections.access import (
    SECRETARY_KINDS,
    help_items_visible,
    is_office_for,
    rectifications_visible,
)
from evaluations.models import HelpItem, RectificationItem, RectificationStep
from organizations.access import Scope
from pledges.models import Campaign

open_rectification_units = services.open_rectification_units


STATUS_FILTERS = ("", "open", "answered", "closed", "overdue")


def rectifications_for(
    scope: Scope,
    campaign: Campaign,
    *,
    status: str = "",
    today: datetime.date | None = None,
) -> QuerySet[RectificationItem]:
    """Items of the campaign in sight, overdue first, each flagged ``overdue``."""
    today = today or timezone.localdate()
    rows = RectificationItem.objects.filter(campaign=campaign)
    if not is_office_for(scope, campaign):
        rows = rows.filter(pk__in=rectifications_visible(scope).values("pk"))
    if status == "overdue":
        rows = rows.filter(status=RectificationItem.Status.OPEN, deadline__lt=today)
    elif status in RectificationItem.Status.values:
        rows = rows.filter(status=status)
    overdue = Q(status=RectificationItem.Status.OPEN, deadline__lt=today)
    return (
        rows.select_related("unit", "owner", "finding")
        .annotate(
            overdue=Case(When(overdue, then=Value(True)), default=Value(False)),
            closed_rank=Case(
                When(status=RectificationItem.Status.CLOSED, then=Value(1)),
                default=Value(0),
            ),
        )
        .order_by("-overdue", "closed_rank", "deadline", "pk")
    )


def rectification_steps(item: RectificationItem) -> list[RectificationStep]:
    return list(
        item.steps.select_related("by", "finding").prefetch_related("files").all()
    )


def rectifications_to_answer(scope: Scope) -> QuerySet[RectificationItem]:
    """Open items the user answers: their own, or of branches they are secretary over."""
    q = Q(pk__in=[])
    if scope.person is not None:
        q |= Q(owner=scope.person)
    for role in scope.roles_of(*SECRETARY_KINDS):
        q |= Q(unit__path__startswith=role.node.path)
    return (
        RectificationItem.objects.filter(q, status=RectificationItem.Status.OPEN)
        .select_related("unit")
        .order_by("deadline", "pk")
    )


def help_items_for(
    scope: Scope, campaign: Campaign, *, status: str = ""
) -> QuerySet[HelpItem]:
    rows = HelpItem.objects.filter(campaign=campaign)
    if not is_office_for(scope, campaign):
        rows = rows.filter(pk__in=help_items_visible(scope).values("pk"))
    if status in HelpItem.Status.values:
        rows = rows.filter(status=status)
    return rows.select_related("unit", "helper", "finding")


def rectification_counts(campaign: Campaign, scope: Scope) -> dict:
    today = timezone.localdate()
    rows = rectifications_for(scope, campaign, today=today)
    return rows.aggregate(
        open=Count("pk", filter=Q(status=RectificationItem.Status.OPEN)),
        answered=Count("pk", filter=Q(status=RectificationItem.Status.ANSWERED)),
        overdue=Count(
            "pk",
            filter=Q(status=RectificationItem.Status.OPEN, deadline__lt=today),
        ),
    )
