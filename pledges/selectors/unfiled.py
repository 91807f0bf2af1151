"""Who has not filed: one rule for the dashboards, the home panels, the campaign page and the calendar's reminders."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from core import versioned_cache
from organizations.access import Scope
from organizations.campaign_office import covered_units_q
from organizations.models import MassMembership, Organization, Person
from pledges.leadership.rules import (
    approving_unit_annotations,
    attach_annotated_approving_units,
    attach_approving_units,
    leading_paths,
    led_units_q,
)
from pledges.models import Campaign, Plan, Pledge, Status


def units_due_a_plan(campaign: Campaign) -> QuerySet[Organization]:
    """Units the campaign expects a plan (争创计划) from: its active party branches.

    Mass-organisation units may file a plan too (the plan list offers them one), but
    nothing counts or reminds them as missing. An academy campaign leaves out the
    institutes that run their own campaign beneath it (``covered_units_q``)."""
    return Organization.objects.filter(
        covered_units_q(campaign),
        kind=Organization.Kind.BRANCH,
        is_active=True,
    )


def units_without_plan(campaign: Campaign) -> QuerySet[Organization]:
    """:func:`units_due_a_plan` that have no plan in the campaign, in any state."""
    return units_due_a_plan(campaign).exclude(
        Exists(Plan.objects.filter(campaign=campaign, unit=OuterRef("pk")))
    )


def members_due_a_pledge(campaign: Campaign) -> QuerySet[Person]:
    """Members the campaign expects a pledge (承诺书) from: the active party members of
    :func:`units_due_a_plan`, each in their own branch."""
    return Person.objects.filter(
        is_active=True,
        political_status__in=Person.PARTY_STATUSES,
        branch__in=units_due_a_plan(campaign),
    )


def members_without_pledge_filed(campaign: Campaign) -> QuerySet[Person]:
    """:func:`members_due_a_pledge` with no pledge in their own branch (a pledge in a
    mass organisation is another one and does not count)."""
    return members_due_a_pledge(campaign).exclude(
        Exists(
            Pledge.objects.filter(
                campaign=campaign, person=OuterRef("pk"), unit=OuterRef("branch")
            )
        )
    )


def unit_members(unit: Organization) -> QuerySet[Person]:
    """Who may file a pledge in the unit: its party members, or its mass members."""
    people = Person.objects.filter(is_active=True, institute_id=unit.institute_id)
    if unit.kind == Organization.Kind.BRANCH:
        return people.filter(branch=unit, political_status__in=Person.PARTY_STATUSES)
    return people.filter(
        pk__in=MassMembership.objects.filter(unit=unit).values("person_id")
    )


def members_without_pledge(campaign: Campaign, unit: Organization) -> QuerySet[Person]:
    return (
        unit_members(unit)
        .exclude(
            pk__in=Pledge.objects.filter(campaign=campaign, unit=unit).values(
                "person_id"
            )
        )
        .order_by("staff_no")
    )


def members_without_pledge_in(
    campaign: Campaign, units: list[Organization], *, limit: int = 100
) -> list[tuple[Organization, list[Person]]]:
    """For several units at once (two queries): the members who have filed no pledge."""
    by_unit: dict[int, list[Person]] = {u.pk: [] for u in units}
    pledged = Pledge.objects.filter(campaign=campaign, unit__in=units)
    branches = [u.pk for u in units if u.kind == Organization.Kind.BRANCH]
    if branches:
        people = (
            Person.objects.filter(
                is_active=True,
                branch_id__in=branches,
                political_status__in=Person.PARTY_STATUSES,
            )
            .exclude(
                Exists(pledged.filter(person=OuterRef("pk"), unit=OuterRef("branch")))
            )
            .order_by("staff_no")
        )
        for person in people:
            by_unit[person.branch_id].append(person)
    mass = [u.pk for u in units if u.is_mass]
    if mass:
        memberships = (
            MassMembership.objects.filter(unit_id__in=mass, person__is_active=True)
            .exclude(
                Exists(pledged.filter(person=OuterRef("person"), unit=OuterRef("unit")))
            )
            .select_related("person")
            .order_by("person__staff_no")
        )
        for membership in memberships:
            by_unit[membership.unit_id].append(membership.person)
    return [(u, by_unit[u.pk][:limit]) for u in units if by_unit[u.pk]]


def filing_counts(scope: Scope, campaign: Campaign) -> dict:
    """Plans and pledges by state within the user's reach, and units without a plan."""
    in_reach = scope.path_q("unit__path")
    plans = dict(
        Plan.objects.filter(campaign=campaign)
        .filter(in_reach)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pledges = dict(
        Pledge.objects.filter(campaign=campaign)
        .filter(in_reach)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    units = units_without_plan(campaign).filter(scope.path_q("path")).count()
    rows = [
        {
            "status": value,
            "label": label,
            "plans": plans.get(value, 0),
            "pledges": pledges.get(value, 0),
        }
        for value, label in Status.choices
    ]
    return {
        "rows": rows,
        "branches_without_plan": units,
        "plans_total": sum(plans.values()),
        "pledges_total": sum(pledges.values()),
    }


AWAITING_SHOWN = 50  # the approval lists show the first 50 of each, oldest first
# What the approval list of plans reads of each (its order, ``can_approve``, the unit's
# name and link): the other columns of three tables would cost more than the rest.
AWAITING_PLAN_FIELDS = (
    "status",
    "submitted_at",
    "change_submitted_at",
    "created_at",
    "created_by_id",
    "submitted_by_id",
    "campaign_id",
    "unit__name",
    "unit__kind",
    "unit__path",
    "unit__parent__path",
)


def awaiting_among(
    scope: Scope, plans, pledges, *, campaign: Campaign | None = None
) -> dict:
    """The submitted plans and pledges among rows already loaded (with their units)
    that this user may approve: the first ``AWAITING_SHOWN`` of each by submission.
    ``campaign``: the rows' campaign, when they were loaded without it."""

    def first(rows):
        if campaign is not None:
            for row in rows:
                row.campaign = campaign
        rows = sorted(
            (
                r
                for r in rows
                if (r.status == Status.SUBMITTED or r.change_awaits_approval)
                and (scope.can_manage_unit(r.unit) or r.unit.is_mass)
            ),
            key=lambda r: (
                r.submitted_at is None and r.change_submitted_at is None,
                r.change_submitted_at or r.submitted_at or r.created_at,
                r.pk,
            ),
        )
        rows = rows[:AWAITING_SHOWN]
        attach_approving_units([r for r in rows if isinstance(r, Plan)])
        return [r for r in rows if r.can_approve(scope)]

    return {"plans": first(plans), "pledges": first(pledges)}


def awaiting_approval(
    scope: Scope, campaign: Campaign, *, plans: bool = True, pledges: bool = True
) -> dict:
    """Submitted plans and pledges this user may approve; ``plans=False`` or
    ``pledges=False`` leaves that list empty without asking the database."""

    def submitted(model, *related, **annotations):
        reach = scope.path_q("unit__path", write=True)
        if model is Plan and leading_paths(scope, endorse=True):
            reach |= led_units_q(scope)  # plans of the mass units one's branch leads
        return (
            model.objects.filter(campaign=campaign)
            .filter(Q(status=Status.SUBMITTED) | Q(change_submitted_at__isnull=False))
            .filter(reach)
            .select_related(*related)
            .annotate(**annotations)
            .order_by("submitted_at", "pk")[:AWAITING_SHOWN]
        )

    def load_plans() -> list[Plan]:
        # Who approves a mass unit's plan comes with the plan (no query per list).
        rows = list(
            submitted(
                Plan, "unit", "unit__parent", **approving_unit_annotations()
            ).only(*AWAITING_PLAN_FIELDS)
        )
        attach_annotated_approving_units(rows)
        return rows

    plan_rows = []
    if plans:
        # The submitted plans in reach are the same for everyone of one reach (the
        # roles that lead mass units are part of it): kept in the versioned cache
        # until a write (compiling the query with its annotations was two fifths of
        # the office's plan list). Which of them this user may approve is decided
        # below, for each request.
        plan_rows = versioned_cache.get_or_compute(
            versioned_cache.FIGURES,
            scope.institute_id,
            ("awaiting_plans", versioned_cache.reach_key(scope), campaign.pk),
            load_plans,
        )
    return awaiting_among(
        scope,
        plan_rows,
        submitted(Pledge, "unit", "person") if pledges else [],
        campaign=campaign,
    )
