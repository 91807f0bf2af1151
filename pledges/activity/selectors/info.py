"""Information reports (信息报送) of mass-organisation units: the unit × month matrix and
who is late, read with one aggregate query per page."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from organizations.access import Scope
from organizations.campaign_office import covered_units_q
from organizations.models import Organization
from pledges.activity.access import led_mass_units_q
from pledges.activity.selectors.months import month_due, month_state, unit_campaigns
from pledges.activity.selectors.news import MatrixCell, MatrixRow
from pledges.models import InfoReport


def mass_units(institute: Organization) -> QuerySet[Organization]:
    """Active mass-organisation units of the institute: who reports information."""
    return Organization.objects.filter(
        institute=institute, kind__in=sorted(Organization.MASS_KINDS), is_active=True
    )


def info_matrix_units(scope: Scope) -> QuerySet[Organization]:
    """Rows of the matrix: mass units one's roles reach (the office: the institute's),
    and those one's party organisation leads."""
    return Organization.objects.filter(
        scope.path_q("path") | led_mass_units_q(scope),
        kind__in=sorted(Organization.MASS_KINDS),
        is_active=True,
    ).order_by("path")


def info_missing(
    *,
    institute: Organization | None = None,
    year: int,
    month: int,
    campaign=None,
    today: datetime.date | None = None,
) -> QuerySet:
    """Active mass units of the institute (or, given a campaign, of the units it
    covers: ``organizations.campaign_office.covered_units_q``) that filed no
    information report that month. Given a campaign, none unless the month is due
    under it (``months.month_due``)."""
    if campaign is None:
        units = mass_units(institute)
    elif not month_due(campaign, year, month, today):
        return Organization.objects.none()
    else:
        units = Organization.objects.filter(
            covered_units_q(campaign),
            kind__in=sorted(Organization.MASS_KINDS),
            is_active=True,
        )
    return units.exclude(
        Exists(InfoReport.objects.filter(unit=OuterRef("pk"), year=year, month=month))
    ).order_by("path")


def info_matrix(
    units: list[Organization],
    *,
    year: int,
    campaigns: list,
    today: datetime.date | None = None,
) -> list[MatrixRow]:
    """Per unit and month of ``year``: filed (1) or not; a month unfiled is late only
    where it is due under the campaign the unit is held to (``months.unit_campaigns``
    of ``campaigns``)."""
    today = today or timezone.localdate()
    filed: dict[tuple[int, int], int] = {}
    if units:
        for unit_id, month, pk in InfoReport.objects.filter(
            unit__in=[u.pk for u in units], year=year
        ).values_list("unit_id", "month", "pk"):
            filed[(unit_id, month)] = pk
    rows = []
    for unit in units:
        held = unit_campaigns(unit, campaigns, year)
        row = MatrixRow(unit)
        for month in range(1, 13):
            pk = filed.get((unit.pk, month))
            state = month_state(
                filed=bool(pk), campaigns=held, year=year, month=month, today=today
            )
            cell = MatrixCell(month, 1 if pk else 0, state)
            cell.report_id = pk
            row.cells.append(cell)
        rows.append(row)
    return rows


def info_reports_of(
    units: QuerySet[Organization], *, year: int
) -> QuerySet[InfoReport]:
    """Reports of the given units in a year, newest period first."""
    return (
        InfoReport.objects.filter(unit__in=units, year=year)
        .select_related("unit")
        .order_by("-month", "unit__path")
    )
