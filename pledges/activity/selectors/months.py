"""Which months a unit owes its monthly report (通讯报道 of a branch, 信息报送 of a mass
unit): one definition, :func:`month_due`, read by the matrices, the dashboards, the
home panels, the exports, the half-year review's facts and the calendar's reminders.

A month is due from the units a campaign covers when it lies (at least in part) within
the campaign, from phase 1's start to phase 5's end, and is over. A month before the
campaign starts, after it ends or not yet over is owed by nobody: it is never late or
missing, never counted as such and never reminded of.
"""

import datetime

from django.utils import timezone

from organizations.models import Organization

#: A matrix cell's states (``MatrixCell.state``).
FILED, MISSING, OPEN, NOT_DUE = "ok", "missing", "open", "na"


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def previous_month(today: datetime.date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def _within(campaign, year: int, month: int) -> bool:
    first, last = month_range(year, month)
    return first <= campaign.phase5_end and campaign.phase1_start <= last


def month_due(
    campaign, year: int, month: int, today: datetime.date | None = None
) -> bool:
    """Whether the report of ``year``-``month`` is owed, by ``today``, by the units
    ``campaign`` covers: the month lies within the campaign and is over. No campaign:
    nothing is owed."""
    if campaign is None:
        return False
    today = today or timezone.localdate()
    return (year, month) < (today.year, today.month) and _within(campaign, year, month)


def month_state(
    *, filed: bool, campaigns, year: int, month: int, today: datetime.date
) -> str:
    """A matrix cell's state for a unit held to ``campaigns`` (:func:`unit_campaigns`):
    filed; missing (due under one of them and not filed); open (this month, within
    one of them, not over yet); else not due."""
    if filed:
        return FILED
    if any(month_due(c, year, month, today) for c in campaigns):
        return MISSING
    if (year, month) == (today.year, today.month) and any(
        _within(c, year, month) for c in campaigns
    ):
        return OPEN
    return NOT_DUE


def unit_campaigns(unit: Organization, campaigns, year: int) -> list:
    """Of ``campaigns``, those the unit is held to in ``year``: active, held at the
    unit or above it, running during some of the year; where several levels hold one,
    the nearest level (an institute's own campaign under the academy's)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    ids = {*unit.ancestor_ids(), unit.pk}
    held = [
        c
        for c in campaigns
        if c.is_active
        and c.scope_id in ids
        and c.phase1_start <= last
        and first <= c.phase5_end
    ]
    if len(held) < 2:
        return held
    nearest = max(c.scope.depth for c in held)
    return [c for c in held if c.scope.depth == nearest]


def reporting_campaigns(scope, units, year: int) -> list:
    """The campaigns that may hold ``units`` in ``year`` (to pick from with
    :func:`unit_campaigns`): those over one's institute, read once per request and
    shared with the phase banner; for rows beyond one's institute (a superuser) the
    year's active campaigns, in one query."""
    from pledges.models import Campaign
    from pledges.selectors import covering_campaigns

    institute = scope.person.institute if scope.person else None
    if institute is not None and all(u.path.startswith(institute.path) for u in units):
        return covering_campaigns(institute)
    return list(
        Campaign.objects.filter(
            is_active=True,
            phase1_start__lte=datetime.date(year, 12, 31),
            phase5_end__gte=datetime.date(year, 1, 1),
        ).select_related("scope")
    )
