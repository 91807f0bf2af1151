"""Reviews."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from evaluations.inspections.access import SECRETARY_KINDS, is_office_for
from evaluations.models import Review, ReviewRound
from organizations.access import Scope
from organizations.models import Organization, Person, Role
from pledges.models import Campaign

REVIEW_STATES = ("all", "todo", "done")


def _review_of(round: ReviewRound, field: str):
    return Review.objects.filter(round=round, **{field: OuterRef("pk")})


def review_branches(
    round: ReviewRound, scope: Scope, *, state: str = "all"
) -> QuerySet[Organization]:
    """The campaign's branches in the reader's sight, each with its review (if any)."""
    rows = Organization.objects.filter(
        kind=Organization.Kind.BRANCH,
        is_active=True,
        path__startswith=round.campaign.scope.path,
    )
    if not is_office_for(scope, round.campaign):
        rows = rows.filter(scope.path_q("path"))
    reviews = _review_of(round, "unit")
    rows = rows.annotate(
        review_id=Subquery(reviews.values("pk")[:1]),
        acknowledged_at=Subquery(reviews.values("acknowledged_at")[:1]),
        reviewed=Exists(reviews),
    )
    if state == "done":
        rows = rows.filter(reviewed=True)
    elif state == "todo":
        rows = rows.filter(reviewed=False)
    return rows.select_related("parent", "category").order_by("path")


def review_members(
    round: ReviewRound, scope: Scope, *, state: str = "all"
) -> QuerySet[Person]:
    """The campaign's party members in the reader's sight, each with its review."""
    rows = Person.objects.filter(
        is_active=True,
        political_status__in=Person.PARTY_STATUSES,
        branch__is_active=True,
        branch__path__startswith=round.campaign.scope.path,
    )
    if not is_office_for(scope, round.campaign):
        rows = rows.filter(scope.path_q("branch__path"))
    reviews = _review_of(round, "person")
    rows = rows.annotate(
        review_id=Subquery(reviews.values("pk")[:1]),
        acknowledged_at=Subquery(reviews.values("acknowledged_at")[:1]),
        reviewed=Exists(reviews),
    )
    if state == "done":
        rows = rows.filter(reviewed=True)
    elif state == "todo":
        rows = rows.filter(reviewed=False)
    return rows.select_related("branch").order_by("branch__path", "staff_no")


def review_progress(round: ReviewRound, scope: Scope) -> dict:
    """How many branches and members have a review, out of how many."""
    branches = review_branches(round, scope)
    members = review_members(round, scope)
    return {
        "branches": branches.count(),
        "branches_done": branches.filter(reviewed=True).count(),
        "members": members.count(),
        "members_done": members.filter(reviewed=True).count(),
    }


def review_rounds(campaign: Campaign) -> QuerySet[ReviewRound]:
    return ReviewRound.objects.filter(campaign=campaign).annotate(
        review_count=Count("reviews"),
        acknowledged_count=Count(
            "reviews", filter=Q(reviews__acknowledged_at__isnull=False)
        ),
    )


def reviews_to_acknowledge(scope: Scope) -> QuerySet[Review]:
    """Reviews the user is the reviewed party of and has not acknowledged."""
    q = Q(pk__in=[])
    if scope.person is not None:
        q |= Q(person=scope.person)
    units = [role.node_id for role in scope.roles_of(*SECRETARY_KINDS)]
    if units:
        q |= Q(unit_id__in=units)
    return (
        Review.objects.filter(q, acknowledged_at__isnull=True)
        .select_related("round", "round__campaign", "unit", "person")
        .order_by("-round__campaign__year", "-round__half", "pk")
    )


def my_reviews(scope: Scope) -> QuerySet[Review]:
    """Every review the user is the reviewed party of, all years."""
    q = Q(pk__in=[])
    if scope.person is not None:
        q |= Q(person=scope.person)
    units = [
        role.node_id
        for role in scope.roles_of(Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)
    ]
    if units:
        q |= Q(unit_id__in=units)
    return (
        Review.objects.filter(q)
        .select_related("round", "round__campaign", "unit", "person", "reviewer")
        .order_by("-round__campaign__year", "-round__half", "pk")
    )


def review_history(*, unit=None, person=None) -> QuerySet[Review]:
    """All years' reviews of one branch or one member, newest first."""
    rows = (
        Review.objects.filter(unit=unit)
        if unit
        else Review.objects.filter(person=person)
    )
    return rows.select_related(
        "round", "round__campaign", "reviewer", "acknowledged_by"
    ).order_by("-round__campaign__year", "-round__half")
