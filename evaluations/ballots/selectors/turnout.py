"""Turnout (参评率), counted from participation rows and used slips."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.request_cache import memo
from evaluations.models import Participation, Round, Slip, StagedBallot
from organizations.models import Organization, Person


def _count(qs: QuerySet, group: str, expression) -> Coalesce:
    """A correlated COUNT subquery grouped on ``group`` = the outer row's pk."""
    return Coalesce(
        Subquery(
            qs.filter(**{group: OuterRef("pk")})
            .order_by()
            .values(group)
            .annotate(n=expression)
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def turnout_totals(*, round: Round) -> dict:
    totals = Participation.objects.filter(round=round).aggregate(
        ballots=Count("pk"), voters=Count("voter", distinct=True)
    )
    totals.update(
        Slip.objects.filter(round=round).aggregate(
            slips=Count("pk"), slips_used=Count("pk", filter=Q(used=True))
        )
    )
    totals["staged"] = StagedBallot.objects.filter(round=round).count()
    return totals


def _units_of(round: Round, kind: str) -> QuerySet[Organization]:
    """The round's active units of one kind (departments, branches)."""
    return Organization.objects.filter(
        kind=kind, is_active=True, path__startswith=round.scope.path
    )


def turnout_by_department(*, round: Round) -> QuerySet[Organization]:
    """Departments in scope with staff, voters, has-voted rows, slips and used slips."""
    parts = Participation.objects.filter(round=round)
    slips = Slip.objects.filter(round=round)
    return (
        _units_of(round, Organization.Kind.DEPARTMENT)
        .annotate(
            staff_count=_count(
                Person.objects.filter(is_active=True), "department", Count("pk")
            ),
            voter_count=_count(
                parts, "voter__department", Count("voter", distinct=True)
            ),
            ballot_count=_count(parts, "voter__department", Count("pk")),
            slip_count=_count(slips, "unit", Count("pk")),
            slip_used=_count(slips.filter(used=True), "unit", Count("pk")),
        )
        .order_by("path")
    )


def _slips_by_unit(round: Round) -> list[dict]:
    """Paper slips issued and used per unit (one query per GET request)."""
    return memo(
        ("slips_by_unit", round.pk),
        lambda: list(
            Slip.objects.filter(round=round)
            .values("unit_id")
            .annotate(n=Count("pk"), used=Count("pk", filter=Q(used=True)))
            .order_by()
        ),
    )


def slip_totals(*, round: Round) -> dict:
    """Paper slips of the round, ``issued`` and ``used`` (the sum of every unit's)."""
    rows = _slips_by_unit(round)
    return {
        "issued": sum(r["n"] for r in rows),
        "used": sum(r["used"] for r in rows),
    }


def turnout_departments(*, round: Round) -> list[Organization]:
    """Every department in scope with the figures of ``turnout_by_department``, from one
    grouped query per source: for pages that show all departments at once (the
    per-row subqueries cost ~0.4 ms a department at 300 departments)."""
    departments = list(
        _units_of(round, Organization.Kind.DEPARTMENT)
        # The staff counted with the departments (a join, grouped).
        .annotate(
            staff_count=Count(
                "staff",
                filter=Q(staff__is_active=True, staff__institute_id=round.institute_id),
            )
        )
        .order_by("path")
    )
    votes = {
        row["voter__department_id"]: row
        for row in Participation.objects.filter(round=round)
        .values("voter__department_id")
        .annotate(voters=Count("voter", distinct=True), ballots=Count("pk"))
    }
    slips = {row["unit_id"]: row for row in _slips_by_unit(round)}
    for d in departments:
        d.voter_count = votes.get(d.pk, {}).get("voters", 0)
        d.ballot_count = votes.get(d.pk, {}).get("ballots", 0)
        d.slip_count = slips.get(d.pk, {}).get("n", 0)
        d.slip_used = slips.get(d.pk, {}).get("used", 0)
    return departments


def turnout_by_branch(*, round: Round) -> QuerySet[Organization]:
    """Party branches in scope with members and how many of them have voted."""
    parts = Participation.objects.filter(round=round)
    return (
        _units_of(round, Organization.Kind.BRANCH)
        .annotate(
            member_count=_count(
                Person.objects.filter(
                    is_active=True, political_status__in=Person.PARTY_STATUSES
                ),
                "branch",
                Count("pk"),
            ),
            voter_count=_count(parts, "voter__branch", Count("voter", distinct=True)),
            ballot_count=_count(parts, "voter__branch", Count("pk")),
        )
        .order_by("path")
    )
