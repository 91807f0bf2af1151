"""Comments, progress."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from organizations.models import Organization
from pledges.models import (
    Campaign,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    ProgressUpdate,
    Status,
    SupervisionComment,
)


def comments_on(target) -> QuerySet[SupervisionComment]:
    field = "plan" if isinstance(target, Plan) else "pledge"
    return (
        SupervisionComment.objects.filter(**{field: target})
        .select_related("author__person", "answered_by__person")
        .order_by("-created_on", "id")
    )


def progress_history(subject) -> QuerySet[ProgressUpdate]:
    field = "item" if isinstance(subject, PledgeItem) else "measure"
    return (
        ProgressUpdate.objects.filter(**{field: subject})
        .select_related("reported_by__person")
        .prefetch_related("evidence")
        .order_by("-reported_at", "-pk")
    )


def _latest_updates() -> Prefetch:
    return Prefetch(
        "updates",
        queryset=ProgressUpdate.objects.prefetch_related("evidence").order_by(
            "-reported_at", "-pk"
        ),
    )


def unit_progress(campaign: Campaign, unit: Organization) -> dict:
    """The unit's plan measures and its members' committed items with latest status."""
    plan = (
        Plan.objects.filter(campaign=campaign, unit=unit, status=Status.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=PlanMeasure.objects.select_related("owner")
                .prefetch_related(_latest_updates())
                .order_by("order", "pk"),
            )
        )
        .first()
    )
    pledges = (
        Pledge.objects.filter(campaign=campaign, unit=unit, status=Status.PUBLISHED)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PledgeItem.objects.select_related("criterion")
                .prefetch_related(_latest_updates())
                .order_by("order", "pk"),
            )
        )
        .order_by("person__staff_no")
    )
    return {"plan": plan, "pledges": pledges}


def overdue_counts(campaign: Campaign, unit: Organization) -> dict:
    today = timezone.localdate()
    items = PledgeItem.objects.filter(
        pledge__campaign=campaign,
        pledge__unit=unit,
        pledge__status=Status.PUBLISHED,
        due_on__lt=today,
    ).exclude(progress_status="done")
    measures = PlanMeasure.objects.filter(
        plan__campaign=campaign,
        plan__unit=unit,
        plan__status=Status.PUBLISHED,
        due_on__lt=today,
    ).exclude(progress_status="done")
    return {"items": items.count(), "measures": measures.count()}
