"""The branch dashboard."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.dashboards.selectors.common import (
    DEADLINES,
    MISSING_SHOWN,
    round_percent,
)
from evaluations.models import Grade, RectificationItem, Review, Score, ScoreRun
from organizations.models import Organization
from pledges import selectors as pledge_selectors
from pledges.models import (
    Campaign,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    ProgressStatus,
    Status,
)


def _progress(rows: QuerySet, today: datetime.date) -> dict:
    P = ProgressStatus
    counts = rows.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(progress_status=P.DONE)),
        on_track=Count("pk", filter=Q(progress_status=P.ON_TRACK)),
        at_risk=Count("pk", filter=Q(progress_status=P.AT_RISK)),
        not_done=Count("pk", filter=Q(progress_status=P.NOT_DONE)),
        unreported=Count("pk", filter=Q(progress_status="")),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(progress_status=P.DONE)),
        mean=Avg("progress_percent"),
    )
    counts["mean"] = round(counts["mean"] or 0)
    counts["percent_done"] = round_percent(counts["done"], counts["total"])
    return counts


def progress_of_items(items: list[PledgeItem], today: datetime.date) -> dict:
    """:func:`_progress` of committed items already loaded."""
    P = ProgressStatus
    counts = {
        "total": len(items),
        "done": sum(i.progress_status == P.DONE for i in items),
        "on_track": sum(i.progress_status == P.ON_TRACK for i in items),
        "at_risk": sum(i.progress_status == P.AT_RISK for i in items),
        "not_done": sum(i.progress_status == P.NOT_DONE for i in items),
        "unreported": sum(i.progress_status == "" for i in items),
        "overdue": sum(
            i.due_on is not None and i.due_on < today and i.progress_status != P.DONE
            for i in items
        ),
    }
    percents = [i.progress_percent for i in items if i.progress_percent is not None]
    counts["mean"] = round(sum(percents) / len(percents)) if percents else 0
    counts["percent_done"] = round_percent(counts["done"], counts["total"])
    return counts


@dataclass
class Deadline:
    """One thing due: a committed item, a plan measure or a rectification item."""

    due_on: datetime.date
    kind: str
    text: str
    who: str
    url: str
    status: str = ""


def branch_dashboard(
    campaign: Campaign,
    unit: Organization,
    today: datetime.date,
    *,
    with_scores: bool,
) -> dict:
    """Plan and pledge states, members without a pledge, progress, deadlines, scores,
    reviews and open rectification of one unit (a fixed number of queries)."""
    plan = (
        Plan.objects.filter(campaign=campaign, unit=unit)
        .select_related("updated_by__person")
        .first()
    )
    states = dict(
        Pledge.objects.filter(campaign=campaign, unit=unit)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pledge_states = [
        {"status": value, "label": label, "count": states.get(value, 0)}
        for value, label in Status.choices
    ]
    missing = pledge_selectors.members_without_pledge(campaign, unit)
    missing_list = list(missing[:MISSING_SHOWN])
    missing_count = missing.count()
    members = pledge_selectors.unit_members(unit).count()
    items = PledgeItem.objects.filter(
        pledge__campaign=campaign,
        pledge__unit=unit,
        pledge__status=Status.PUBLISHED,
    )
    measures = PlanMeasure.objects.filter(
        plan__campaign=campaign, plan__unit=unit, plan__status=Status.PUBLISHED
    )
    deadlines = [
        Deadline(
            i.due_on,
            "item",
            i.text,
            i.pledge.person.name,
            i.pledge.get_absolute_url(),
            i.progress_status,
        )
        for i in items.exclude(progress_status=ProgressStatus.DONE)
        .filter(due_on__gte=today)
        .select_related("pledge__person")
        .order_by("due_on", "pk")[:DEADLINES]
    ] + [
        Deadline(
            m.due_on,
            "measure",
            m.text,
            m.owner.name if m.owner else "",
            m.plan.get_absolute_url(),
            m.progress_status,
        )
        for m in measures.exclude(progress_status=ProgressStatus.DONE)
        .filter(due_on__gte=today)
        .select_related("owner", "plan")
        .order_by("due_on", "pk")[:DEADLINES]
    ]
    deadlines.sort(key=lambda d: (d.due_on, d.kind))
    rectification = list(
        RectificationItem.objects.filter(campaign=campaign, unit=unit)
        .exclude(status=RectificationItem.Status.CLOSED)
        .select_related("owner")
        .order_by("deadline", "pk")
    )
    for item in rectification:
        item.overdue = item.is_overdue(today)
    reviews = list(
        Review.objects.filter(round__campaign=campaign, unit=unit)
        .select_related("round", "reviewer")
        .order_by("round__half")
    )
    member_reviews = list(
        Review.objects.filter(round__campaign=campaign, person__branch=unit)
        .values("round__half")
        .annotate(
            written=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by("round__half")
    )
    result = {
        "plan": plan,
        "pledge_states": pledge_states,
        "pledges_total": sum(states.values()),
        "members": members,
        "missing": missing_list,
        "missing_count": missing_count,
        "items": _progress(items, today),
        "measures": _progress(measures, today),
        "deadlines": deadlines[:DEADLINES],
        "rectification": rectification,
        "rectification_overdue": sum(1 for r in rectification if r.overdue),
        "reviews": reviews,
        "member_reviews": member_reviews,
        "score": None,
        "member_grades": [],
    }
    if with_scores:
        result["score"] = (
            Score.objects.filter(campaign=campaign, unit=unit)
            .defer("inputs", "breakdown")
            .first()
        )
        by_grade = dict(
            Score.objects.filter(campaign=campaign, person__branch=unit)
            .values_list("grade")
            .annotate(n=Count("pk"))
            .order_by()
        )
        result["member_grades"] = [
            {"grade": value, "label": label, "count": by_grade.get(value, 0)}
            for value, label in [*Grade.choices, ("", _("No grade"))]
        ]
    return result


def scores_published(campaign: Campaign) -> bool:
    return ScoreRun.objects.filter(
        campaign=campaign, published_at__isnull=False
    ).exists()
