"""Inspection coverage."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.dashboards.selectors.common import (
    MASS_KEY,
    NONE_KEY,
    _by_category,
    branches_in,
    categories_in,
    round_percent,
)
from evaluations.models import Finding, InspectionRound
from organizations.access import Scope
from organizations.models import Organization
from pledges.models import Campaign


def current_quarter(campaign: Campaign, today: datetime.date) -> int | None:
    """The campaign quarter whose inspection has opened most recently by ``today``."""
    started = [n for n, day in enumerate(campaign.quarter_starts(), 1) if day <= today]
    return started[-1] if started else None


def _inspected(round_id: int | None):
    if round_id is None:
        return Exists(Finding.objects.none())
    return Exists(Finding.objects.filter(round_id=round_id, unit=OuterRef("pk")))


def inspection_coverage(scope: Scope, campaign: Campaign, today: datetime.date) -> dict:
    """Branches inspected in this quarter's round, of all, per category (two queries)."""
    quarter = current_quarter(campaign, today)
    round = (
        InspectionRound.objects.filter(campaign=campaign, quarter=quarter).first()
        if quarter
        else None
    )
    rows = (
        branches_in(scope, campaign)
        .annotate(inspected=_inspected(round.pk if round else None))
        .values_list("category_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(inspected=True)),
        )
        .order_by()
    )
    counts = {str(cid) if cid else NONE_KEY: (total, done) for cid, total, done in rows}
    categories = [
        {
            **c,
            "total": counts.get(c["key"], (0, 0))[0],
            "inspected": counts.get(c["key"], (0, 0))[1],
        }
        for c in categories_in(scope, campaign)
        if c["key"] != MASS_KEY
    ]
    if NONE_KEY in counts:
        categories.append(
            {
                "key": NONE_KEY,
                "label": _("Without category"),
                "total": counts[NONE_KEY][0],
                "inspected": counts[NONE_KEY][1],
            }
        )
    for c in categories:
        c["not_inspected"] = c["total"] - c["inspected"]
    total = sum(c["total"] for c in categories)
    inspected = sum(c["inspected"] for c in categories)
    return {
        "quarter": quarter,
        "round": round,
        "rows": categories,
        "total": total,
        "inspected": inspected,
        "not_inspected": total - inspected,
        "percent": round_percent(inspected, total),
    }


def branches_by_inspection(
    scope: Scope,
    campaign: Campaign,
    *,
    round_id: int | None,
    inspected: bool,
    category: str = "",
) -> QuerySet[Organization]:
    """The branches behind a coverage figure (drill-down)."""
    rows = branches_in(scope, campaign).annotate(inspected=_inspected(round_id))
    rows = _by_category(rows.filter(inspected=inspected), category)
    return rows.select_related("parent", "category").order_by("path")
