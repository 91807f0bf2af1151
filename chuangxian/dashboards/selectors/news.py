"""News reports."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from organizations.access import Scope
from organizations.models import Organization
from pledges.activity.selectors import (
    month_due,
    month_range,
    news_matrix,
    rule_branches,
)
from pledges.models import Campaign


def news_figures(scope: Scope, campaign: Campaign, today: datetime.date) -> dict:
    """Per month of the campaign year: branches that filed, missed or are still open
    (a month not due under the campaign counts in none but "filed").

    Reuses the news matrix (two queries: the branches and one aggregate).
    """
    branches = list(
        rule_branches(scope).filter(
            kind=Organization.Kind.BRANCH, path__startswith=campaign.scope.path
        )
    )
    year = campaign.year
    matrix = news_matrix(branches, year=year, campaigns=[campaign], today=today)
    months = []
    for month in range(1, 13):
        cells = [row.cells[month - 1] for row in matrix]
        months.append(
            {
                "month": month,
                "filed": sum(1 for c in cells if c.state == "ok"),
                "missing": sum(1 for c in cells if c.state == "missing"),
                "open": sum(1 for c in cells if c.state == "open"),
                "reports": sum(c.count for c in cells),
            }
        )
    laggards = sorted(
        (row for row in matrix if row.missing),
        key=lambda r: (-r.missing, r.branch.path),
    )
    return {
        "year": year,
        "branches": len(branches),
        "months": months,
        "reports": sum(m["reports"] for m in months),
        "laggards": laggards[:10],
        "laggard_count": len(laggards),
    }


def news_missing_branches(
    scope: Scope, campaign: Campaign, *, year: int, month: int
) -> QuerySet[Organization]:
    """Branches in reach that filed no news report in the month (drill-down); none
    for a month not due under the campaign (``month_due``)."""
    from pledges.models import NewsReport

    if not month_due(campaign, year, month):
        return Organization.objects.none()
    first, last = month_range(year, month)
    return (
        rule_branches(scope)
        .filter(
            kind=Organization.Kind.BRANCH,
            is_active=True,
            path__startswith=campaign.scope.path,
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
        .select_related("parent", "category")
        .order_by("path")
    )
