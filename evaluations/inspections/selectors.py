"""Reads of inspections, spot checks, rectification and reviews that take more than a line.

Every list here keeps a fixed number of queries whatever its size and is filtered by the
reader's scope.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from evaluations.inspections import services
from evaluations.inspections.access import (
    SECRETARY_KINDS,
    findings_visible,
    help_items_visible,
    is_office_for,
    rectifications_visible,
)
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionRound,
    RectificationItem,
    RectificationStep,
    Review,
    ReviewRound,
    SpotCheckDraw,
)
from organizations.access import Scope
from organizations.models import Organization, Person, Role
from pledges.models import Campaign
from pledges.selectors import current_campaign_for

open_rectification_units = services.open_rectification_units

# ---------------------------------------------------------------------------------------
# Campaigns and rounds


def quarter_rows(campaign: Campaign) -> list[dict]:
    """The four quarters of a campaign with their round (or None) and finding counts."""
    rounds = {
        r.quarter: r
        for r in InspectionRound.objects.filter(campaign=campaign).annotate(
            finding_count=Count("findings", distinct=True),
            poor_count=Count(
                "findings",
                filter=Q(findings__rating=Finding.Rating.POOR),
                distinct=True,
            ),
            draw_count=Count(
                "draws", filter=Q(draws__voided_at__isnull=True), distinct=True
            ),
        )
    }
    return [
        {"quarter": q, "opens_on": day, "round": rounds.get(q)}
        for q, day in enumerate(campaign.quarter_starts(), start=1)
    ]


def current_draw(round: InspectionRound) -> SpotCheckDraw | None:
    return round.draws.filter(voided_at__isnull=True).select_related("drawn_by").first()


def voided_draws(round: InspectionRound) -> list[SpotCheckDraw]:
    return list(
        round.draws.filter(voided_at__isnull=False).select_related(
            "drawn_by", "voided_by"
        )
    )


def sample_rows(draw: SpotCheckDraw, round: InspectionRound) -> list[dict]:
    """Each drawn unit with its stratum and this round's findings on it (2 queries)."""
    ids = draw.sample_ids()
    units = Organization.objects.select_related("parent", "category").in_bulk(ids)
    findings: dict[int, list[Finding]] = {}
    for finding in Finding.objects.filter(round=round, unit_id__in=ids).order_by(
        "found_on", "pk"
    ):
        findings.setdefault(finding.unit_id, []).append(finding)
    names = {s["code"]: s.get("name") or s["code"] for s in draw.rule.get("strata", [])}
    rows = []
    for code in sorted(draw.sample):
        for order, pk in enumerate(draw.sample[code], start=1):
            rows.append(
                {
                    "stratum": names.get(code, code),
                    "code": code,
                    "order": order,
                    "unit_id": int(pk),
                    "unit": units.get(int(pk)),
                    "findings": findings.get(int(pk), []),
                }
            )
    return rows


def rule_rows(draw: SpotCheckDraw) -> list[dict]:
    """The stored strata with the names of their eligible units (1 query)."""
    strata = draw.rule.get("strata", [])
    ids = {int(i) for s in strata for i in s.get("eligible", [])}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "code": s["code"],
            "name": s.get("name") or s["code"],
            "size": s["size"],
            "eligible": [
                {"id": int(i), "name": names.get(int(i), "")} for i in s["eligible"]
            ],
        }
        for s in strata
    ]


def eligible_now_differs(draw: SpotCheckDraw) -> bool:
    """Whether today's eligible branches differ from those the draw used."""
    stored = sorted(
        int(i) for s in draw.rule.get("strata", []) for i in s.get("eligible", [])
    )
    now = sorted(
        services.eligible_units(draw.round.campaign).values_list("pk", flat=True)
    )
    return stored != now


def sampling_strata(round: InspectionRound) -> list[dict]:
    """Categories with their eligible counts, for the spot-check settings form."""
    eligible = services.eligible_by_category(round.campaign)
    return [
        {"code": c.code, "name": c.name, "eligible": len(eligible.get(c.code, []))}
        for c in services.campaign_categories(round.campaign)
    ]


def round_findings(round: InspectionRound, scope: Scope) -> QuerySet[Finding]:
    """Findings of a round the reader may see: all for the office, else by unit."""
    rows = Finding.objects.filter(round=round)
    if not is_office_for(scope, round.campaign):
        rows = rows.filter(pk__in=findings_visible(scope).values("pk"))
    return rows.select_related("unit", "inspector").order_by("unit__path", "found_on")


def findings_for(
    scope: Scope,
    campaign: Campaign,
    *,
    unit: Organization | None = None,
    rating: str = "",
) -> QuerySet[Finding]:
    rows = Finding.objects.filter(round__campaign=campaign)
    if not is_office_for(scope, campaign):
        rows = rows.filter(pk__in=findings_visible(scope).values("pk"))
    if unit is not None:
        rows = rows.filter(unit=unit)
    if rating:
        rows = rows.filter(rating=rating)
    return (
        rows.select_related("unit", "round", "inspector")
        .annotate(
            open_items=Count(
                "rectifications",
                filter=~Q(rectifications__status=RectificationItem.Status.CLOSED),
            )
        )
        .order_by("-found_on", "-pk")
    )


# ---------------------------------------------------------------------------------------
# Rectification and help


STATUS_FILTERS = ("", "open", "answered", "closed", "overdue")


def rectifications_for(
    scope: Scope,
    campaign: Campaign,
    *,
    status: str = "",
    today: datetime.date | None = None,
) -> QuerySet[RectificationItem]:
    """Items of the campaign in sight, overdue first, each flagged ``overdue``."""
    today = today or timezone.localdate()
    rows = RectificationItem.objects.filter(campaign=campaign)
    if not is_office_for(scope, campaign):
        rows = rows.filter(pk__in=rectifications_visible(scope).values("pk"))
    if status == "overdue":
        rows = rows.filter(status=RectificationItem.Status.OPEN, deadline__lt=today)
    elif status in RectificationItem.Status.values:
        rows = rows.filter(status=status)
    overdue = Q(status=RectificationItem.Status.OPEN, deadline__lt=today)
    return (
        rows.select_related("unit", "owner", "finding")
        .annotate(
            overdue=Case(When(overdue, then=Value(True)), default=Value(False)),
            closed_rank=Case(
                When(status=RectificationItem.Status.CLOSED, then=Value(1)),
                default=Value(0),
            ),
        )
        .order_by("-overdue", "closed_rank", "deadline", "pk")
    )


def rectification_steps(item: RectificationItem) -> list[RectificationStep]:
    return list(
        item.steps.select_related("by", "finding").prefetch_related("files").all()
    )


def rectifications_to_answer(scope: Scope) -> QuerySet[RectificationItem]:
    """Open items the user answers: their own, or of branches they are secretary over."""
    q = Q(pk__in=[])
    if scope.person is not None:
        q |= Q(owner=scope.person)
    for role in scope.roles_of(*SECRETARY_KINDS):
        q |= Q(unit__path__startswith=role.node.path)
    return (
        RectificationItem.objects.filter(q, status=RectificationItem.Status.OPEN)
        .select_related("unit")
        .order_by("deadline", "pk")
    )


def help_items_for(
    scope: Scope, campaign: Campaign, *, status: str = ""
) -> QuerySet[HelpItem]:
    rows = HelpItem.objects.filter(campaign=campaign)
    if not is_office_for(scope, campaign):
        rows = rows.filter(pk__in=help_items_visible(scope).values("pk"))
    if status in HelpItem.Status.values:
        rows = rows.filter(status=status)
    return rows.select_related("unit", "helper", "finding")


def rectification_counts(campaign: Campaign, scope: Scope) -> dict:
    today = timezone.localdate()
    rows = rectifications_for(scope, campaign, today=today)
    return rows.aggregate(
        open=Count("pk", filter=Q(status=RectificationItem.Status.OPEN)),
        answered=Count("pk", filter=Q(status=RectificationItem.Status.ANSWERED)),
        overdue=Count(
            "pk",
            filter=Q(status=RectificationItem.Status.OPEN, deadline__lt=today),
        ),
    )


# ---------------------------------------------------------------------------------------
# Reviews


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


# ---------------------------------------------------------------------------------------
# Home panels


def office_panel(scope: Scope) -> dict | None:
    """The current campaign's quarters, rectification counts and review progress."""
    campaign = current_campaign_for(scope)
    if campaign is None:
        return None
    latest_review = (
        ReviewRound.objects.filter(campaign=campaign).order_by("-half").first()
    )
    return {
        "campaign": campaign,
        "quarters": quarter_rows(campaign),
        "counts": rectification_counts(campaign, scope),
        "review_round": latest_review,
        "progress": review_progress(latest_review, scope) if latest_review else None,
        "help_open": help_items_for(scope, campaign)
        .exclude(status=HelpItem.Status.DONE)
        .count(),
    }


def secretary_panel(scope: Scope) -> dict | None:
    """Rectification to answer, reviews to acknowledge, the latest findings."""
    to_answer = list(rectifications_to_answer(scope)[:10])
    to_acknowledge = list(reviews_to_acknowledge(scope)[:10])
    findings = list(
        findings_visible(scope)
        .select_related("unit", "round", "round__campaign")
        .order_by("-found_on", "-pk")[:5]
    )
    if not (to_answer or to_acknowledge or findings):
        return None
    return {
        "to_answer": to_answer,
        "to_acknowledge": to_acknowledge,
        "findings": findings,
        "today": timezone.localdate(),
    }


def member_panel(scope: Scope) -> dict | None:
    """The member's reviews waiting for acknowledgement."""
    if scope.person is None:
        return None
    to_acknowledge = list(reviews_to_acknowledge(scope)[:10])
    to_answer = list(rectifications_to_answer(scope)[:10])
    if not (to_acknowledge or to_answer):
        return None
    return {
        "to_acknowledge": to_acknowledge,
        "to_answer": to_answer,
        "today": timezone.localdate(),
    }
