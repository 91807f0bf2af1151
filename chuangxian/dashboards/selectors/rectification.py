"""Rectification."""

import datetime

from django.db.models import Count, Q

from evaluations.inspections.selectors import rectifications_for
from evaluations.models import RectificationItem
from organizations.access import Scope
from pledges.models import Campaign


def rectification_figures(
    scope: Scope, campaign: Campaign, today: datetime.date
) -> dict:
    """Open (on time and overdue), answered and closed items in sight (one query)."""
    S = RectificationItem.Status
    counts = rectifications_for(scope, campaign, today=today).aggregate(
        open=Count("pk", filter=Q(status=S.OPEN)),
        overdue=Count("pk", filter=Q(status=S.OPEN, deadline__lt=today)),
        answered=Count("pk", filter=Q(status=S.ANSWERED)),
        closed=Count("pk", filter=Q(status=S.CLOSED)),
        total=Count("pk"),
    )
    counts["on_time"] = counts["open"] - counts["overdue"]
    return counts
