"""What the leading party organisation reads of its mass units (党建带群建): the units
with their plan, pledges and progress in one query, and the reports it receives."""

from django.db.models import (
    Avg,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from organizations.access import Scope
from organizations.models import Organization
from pledges.leadership.access import readable_reports_q
from pledges.leadership.rules import (
    MASS_KINDS,
    leading_expression,
    leading_paths,
    led_units,
)
from pledges.models import (
    Campaign,
    MassReport,
    Plan,
    PlanMeasure,
    Pledge,
    Status,
)


def _count(rows: QuerySet, field: str = "unit") -> Coalesce:
    """The number of ``rows`` per outer unit, as a subquery (0 where none)."""
    counted = rows.order_by().values(field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def followed_units(scope: Scope) -> QuerySet[Organization]:
    """The mass units a user follows as their leading party organisation: those their
    party roles lead; for the office, every mass unit it manages."""
    if leading_paths(scope):
        return led_units(scope)
    if scope.is_office:
        return (
            scope.units(write=True)
            .filter(kind__in=MASS_KINDS, is_active=True)
            .annotate(lead_path=leading_expression("path"))
        )
    return Organization.objects.none()


def led_unit_rows(scope: Scope, campaign: Campaign | None) -> QuerySet[Organization]:
    """:func:`followed_units` with their leading unit's name, their plan in the
    campaign (id, status), their pledges (all, published) and the plan's progress
    (measures done, average percent): one query whatever the number of units."""
    units = followed_units(scope).annotate(
        lead_name=leading_expression("name"),
    )
    return with_unit_figures(units, campaign)


def with_unit_figures(
    units: QuerySet[Organization], campaign: Campaign | None
) -> QuerySet[Organization]:
    """Mass units annotated with what :func:`led_unit_rows` shows of each, by path."""
    if campaign is None:
        return units.annotate(
            plan_id=Value(None, output_field=IntegerField()),
            plan_status=Value("", output_field=CharField()),
            reports_waiting=Value(0, output_field=IntegerField()),
        ).order_by("path")
    plans = Plan.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    pledges = Pledge.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    measures = PlanMeasure.objects.filter(
        plan__campaign=campaign, plan__unit=OuterRef("pk")
    )
    progress = (
        measures.order_by()
        .values("plan__unit")
        .annotate(a=Avg("progress_percent"))
        .values("a")[:1]
    )
    return units.annotate(
        plan_id=Subquery(plans.values("pk")[:1]),
        plan_status=Subquery(plans.values("status")[:1]),
        pledge_total=_count(pledges),
        pledge_published=_count(pledges.filter(status=Status.PUBLISHED)),
        measure_total=_count(measures, "plan__unit"),
        measure_done=_count(measures.filter(progress_status="done"), "plan__unit"),
        progress=Subquery(progress, output_field=IntegerField()),
        reports_waiting=_count(
            MassReport.objects.filter(
                unit=OuterRef("pk"), status=MassReport.Status.SUBMITTED
            )
        ),
    ).order_by("path")


def awaiting_endorsement(scope: Scope, rows) -> list:
    """Rows (of :func:`led_unit_rows`) whose plan waits for this user's endorsement:
    submitted, and led by a unit the user manages."""
    return [
        row
        for row in rows
        if row.plan_status == Status.SUBMITTED
        and any(row.lead_path.startswith(p) for p in scope.manage_paths)
    ]


def reports_for(scope: Scope, *, status: str = "") -> QuerySet[MassReport]:
    """The requests and reports a user may read, newest first, with their units and
    the number of replies (one query a page)."""
    reports = (
        MassReport.objects.filter(readable_reports_q(scope))
        .select_related("unit", "lead")
        .annotate(reply_count=Count("messages"))
        .order_by("-created_at", "-pk")
    )
    if status in MassReport.Status.values:
        reports = reports.filter(status=status)
    return reports


def with_labels(rows) -> list:
    """The rows as a list, each with its plan's status in words."""
    rows = list(rows)
    for row in rows:
        row.plan_status_label = Status(row.plan_status).label if row.plan_status else ""
    return rows
