"""五带头 assessment."""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet

from evaluations.models import DaitouRating, QuestionTally, Review, Round, TargetTally
from evaluations.scoring.selectors.common import (
    TALLIED,
    member_criteria_set,
    scored_members,
)
from organizations.access import Scope
from organizations.models import Person
from pledges.models import Campaign, Criterion, PledgeItem, ProgressStatus


def assessment_rows(
    *, campaign: Campaign, scope: Scope, show: str = "all", branch: int | None = None
) -> QuerySet[Person]:
    """Members in the user's reach with how many 带头 are rated (one query per page)."""
    rows = scored_members(campaign)
    if not scope.is_superuser and not scope.is_office and not scope.is_leader:
        rows = rows.filter(scope.path_q("branch__path"))
    rows = rows.select_related("branch").annotate(
        rated=Count(
            "daitou_ratings", filter=Q(daitou_ratings__campaign=campaign), distinct=True
        )
    )
    if branch:
        rows = rows.filter(branch_id=branch)
    if show == "rated":
        rows = rows.filter(rated__gt=0)
    elif show == "unrated":
        rows = rows.filter(rated=0)
    return rows.order_by("branch__path", "staff_no")


def daitou_items(campaign: Campaign) -> list[Criterion]:
    criteria_set = member_criteria_set(campaign)
    if criteria_set is None:
        return []
    return list(
        criteria_set.criteria.filter(parent__isnull=True).prefetch_related("children")
    )


def assessment_detail(*, campaign: Campaign, person: Person) -> dict:
    """Per 带头: the member's committed items, records, tallies per question, rating."""
    items = daitou_items(campaign)
    parent_of = {}
    for item in items:
        parent_of[item.pk] = item.pk
        for child in item.children.all():
            parent_of[child.pk] = item.pk
    pledge_items = (
        PledgeItem.objects.filter(pledge__campaign=campaign, pledge__person=person)
        .select_related("criterion", "pledge")
        .annotate(record_count=Count("records", distinct=True))
        .order_by("order", "pk")
    )
    evidence: dict[int | None, list] = defaultdict(list)
    labels = dict(ProgressStatus.choices)
    for pi in pledge_items:
        pi.progress_label = labels.get(pi.progress_status, "")
        evidence[parent_of.get(pi.criterion_id)].append(pi)
    ratings = {
        r.criterion_id: r
        for r in DaitouRating.objects.filter(
            campaign=campaign, person=person
        ).select_related("rated_by__person")
    }
    questions = list(
        QuestionTally.objects.filter(
            tally__round__campaign=campaign,
            tally__round__kind=Round.Kind.DEMOCRATIC,
            tally__round__status__in=TALLIED,
            tally__target__person=person,
            tally__withheld=False,
        ).select_related("question", "tally__round")
    )
    withheld = list(
        TargetTally.objects.filter(
            round__campaign=campaign,
            round__status__in=TALLIED,
            target__person=person,
            withheld=True,
        ).select_related("round")
    )
    by_item: dict[int, list] = defaultdict(list)
    unmatched = []
    for qt in questions:
        match = next(
            (
                item.pk
                for item in items
                if qt.question.code == item.code
                or qt.question.text.startswith(item.name)
            ),
            None,
        )
        (by_item[match] if match else unmatched).append(qt)
    reviews = list(
        Review.objects.filter(person=person)
        .select_related("round", "round__campaign")
        .order_by("-round__campaign__year", "-round__half")
    )
    rows = [
        {
            "item": item,
            "pledge_items": evidence.get(item.pk, []),
            "questions": by_item.get(item.pk, []),
            "rating": ratings.get(item.pk),
        }
        for item in items
    ]
    return {
        "rows": rows,
        "untagged": evidence.get(None, []),
        "unmatched_questions": unmatched,
        "withheld": withheld,
        "reviews": reviews,
    }
