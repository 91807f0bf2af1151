"""News reports (通讯报道)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from organizations.access import Scope
from organizations.campaign_office import covered_units_q
from organizations.models import Organization
from pledges.activity.selectors.meetings import rule_branches
from pledges.activity.selectors.months import (
    MISSING,
    month_due,
    month_range,
    month_state,
    unit_campaigns,
)
from pledges.models import NewsReport


def news_for(
    scope: Scope, *, institute: Organization, branch: Organization | None = None
) -> QuerySet[NewsReport]:
    """News reports of the institute (they are public to its staff)."""
    reports = (
        NewsReport.objects.filter(branch__institute=institute)
        .select_related("branch")
        .annotate(image_count=Count("images"))
        .order_by("-published_on", "-pk")
    )
    if branch is not None:
        reports = reports.filter(branch=branch)
    return reports


def news_missing(
    *,
    institute: Organization | None = None,
    year: int,
    month: int,
    campaign=None,
    today: datetime.date | None = None,
) -> QuerySet:
    """Active party branches of the institute (or, given a campaign, of the units it
    covers: ``organizations.campaign_office.covered_units_q``) that filed no news
    report that month. Given a campaign, none unless the month is due under it
    (``months.month_due``): a month before it starts, after it ends or not yet over
    is nobody's missing report."""
    if campaign is not None and not month_due(campaign, year, month, today):
        return Organization.objects.none()
    first, last = month_range(year, month)
    where = Q(institute=institute) if campaign is None else covered_units_q(campaign)
    return (
        Organization.objects.filter(
            where, kind=Organization.Kind.BRANCH, is_active=True
        )
        .exclude(
            Exists(
                NewsReport.objects.filter(
                    branch=OuterRef("pk"),
                    published_on__gte=first,
                    published_on__lte=last,
                )
            )
        )
        .order_by("path")
    )


def matrix_branches(scope: Scope) -> QuerySet[Organization]:
    """Rows of the news matrix: active party branches reached by the user's roles."""
    return rule_branches(scope)


@dataclass
class MatrixCell:
    month: int
    count: int
    # "ok" (filed), "missing" (due and none), "open" (this month, not over yet) or
    # "na" (not due: outside the unit's campaign or yet to come): ``months.month_state``
    state: str


@dataclass
class MatrixRow:
    branch: Organization
    cells: list[MatrixCell] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)

    @property
    def missing(self) -> int:
        return sum(1 for c in self.cells if c.state == MISSING)


def news_matrix(
    branches: list[Organization],
    *,
    year: int,
    campaigns: list,
    today: datetime.date | None = None,
) -> list[MatrixRow]:
    """Counts per branch and month of ``year``, from one aggregate query; a month
    counts as missing only where it is due under the campaign the branch is held to
    (``months.unit_campaigns`` of ``campaigns``, e.g. ``months.reporting_campaigns``)."""
    today = today or timezone.localdate()
    counts: dict[tuple[int, int], int] = {}
    if branches:
        rows = (
            NewsReport.objects.filter(
                branch__in=[b.pk for b in branches],
                published_on__gte=datetime.date(year, 1, 1),
                published_on__lte=datetime.date(year, 12, 31),
            )
            .annotate(month=ExtractMonth("published_on"))
            .values("branch_id", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {(r["branch_id"], r["month"]): r["n"] for r in rows}
    result = []
    for branch in branches:
        held = unit_campaigns(branch, campaigns, year)
        row = MatrixRow(branch)
        for month in range(1, 13):
            n = counts.get((branch.pk, month), 0)
            state = month_state(
                filed=bool(n), campaigns=held, year=year, month=month, today=today
            )
            row.cells.append(MatrixCell(month, n, state))
        result.append(row)
    return result


def filed_news_in(branch: Organization, year: int, month: int) -> bool:
    first, last = month_range(year, month)
    return NewsReport.objects.filter(
        branch=branch, published_on__gte=first, published_on__lte=last
    ).exists()
