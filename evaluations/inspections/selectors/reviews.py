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


def _until(round: ReviewRound):
    """The last day the facts of a review cover: today, or the day the round closed."""
    from django.utils import timezone

    closed = round.closed_at
    return timezone.localtime(closed).date() if closed else timezone.localdate()


def _months(start, end) -> list[tuple[int, int]]:
    """(year, month) of every whole month from ``start``'s month to before ``end``'s."""
    months = []
    year, month = start.year, start.month
    while (year, month) < (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def review_facts(
    round: ReviewRound, *, unit: Organization | None = None, person=None
) -> dict:
    """What a reviewer needs beside the form (fixed queries, whatever the data).

    A branch: its plan and measures, the campaign's findings on it and its
    rectification items, the months without a news report, its striving records. A
    member: the pledge and its items, progress reports and records.
    """
    from evaluations.models import Finding, RectificationItem
    from pledges.activity.selectors import month_due
    from pledges.models import ActivityRecord, NewsReport, Plan, Pledge, ProgressUpdate

    campaign = round.campaign
    until = _until(round)
    start = campaign.phase1_start
    facts: dict = {"since": start, "until": until}
    if unit is not None:
        plan = (
            Plan.objects.filter(campaign=campaign, unit=unit)
            .annotate(
                measures_total=Count("measures", distinct=True),
                measures_done=Count(
                    "measures",
                    filter=Q(measures__progress_status="done"),
                    distinct=True,
                ),
                measures_overdue=Count(
                    "measures",
                    filter=Q(measures__due_on__lt=until)
                    & ~Q(measures__progress_status="done"),
                    distinct=True,
                ),
            )
            .order_by("pk")
            .first()
        )
        facts["plan"] = plan
        facts["findings"] = dict(
            Finding.objects.filter(round__campaign=campaign, unit=unit)
            .values_list("rating")
            .annotate(n=Count("pk"))
            .order_by()
        )
        facts["latest_findings"] = list(
            Finding.objects.filter(round__campaign=campaign, unit=unit)
            .select_related("round")
            .order_by("-found_on", "-pk")[:5]
        )
        facts["rectifications"] = RectificationItem.objects.filter(
            campaign=campaign, unit=unit
        ).aggregate(
            open=Count("pk", filter=Q(status=RectificationItem.Status.OPEN)),
            answered=Count("pk", filter=Q(status=RectificationItem.Status.ANSWERED)),
            closed=Count("pk", filter=Q(status=RectificationItem.Status.CLOSED)),
            overdue=Count(
                "pk",
                filter=Q(deadline__lt=until)
                & ~Q(status=RectificationItem.Status.CLOSED),
            ),
        )
        reported = {
            (d.year, d.month)
            for d in NewsReport.objects.filter(
                branch=unit, published_on__gte=start, published_on__lte=until
            ).values_list("published_on", flat=True)
        }
        facts["news_gaps"] = [
            f"{y}-{m:02d}"
            for y, m in _months(start, until)
            if month_due(campaign, y, m, until) and (y, m) not in reported
        ]
        facts["news_count"] = len(reported)
        facts["records"] = ActivityRecord.objects.filter(
            branch=unit, occurred_on__gte=start, occurred_on__lte=until
        ).count()
    else:
        pledge = (
            Pledge.objects.filter(campaign=campaign, person=person)
            .annotate(
                items_total=Count("items", distinct=True),
                items_done=Count(
                    "items", filter=Q(items__progress_status="done"), distinct=True
                ),
                items_overdue=Count(
                    "items",
                    filter=Q(items__due_on__lt=until)
                    & ~Q(items__progress_status="done"),
                    distinct=True,
                ),
            )
            .order_by("pk")
            .first()
        )
        facts["pledge"] = pledge
        facts["progress_reports"] = (
            ProgressUpdate.objects.filter(item__pledge=pledge).count() if pledge else 0
        )
        facts["records"] = ActivityRecord.objects.filter(
            person=person, occurred_on__gte=start, occurred_on__lte=until
        ).count()
    return facts
