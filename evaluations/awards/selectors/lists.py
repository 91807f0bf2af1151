"""The award list: quotas, candidates, nominations, winners."""

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import pgettext_lazy

from evaluations.awards.levels import SECTION_ORDER
from evaluations.models import (
    AwardAdjustment,
    AwardCandidate,
    AwardList,
    AwardQuota,
    Nomination,
    Score,
)
from evaluations.scoring import selectors as scoring_selectors
from organizations.access import Scope
from pledges.models import Campaign

# Roles that write the nomination of their own unit (or of a member of their branch).
WRITER_ROLES = scoring_selectors.WRITER_ROLES


def award_list_of(campaign: Campaign) -> AwardList | None:
    """The campaign's award list, or None before anything was proposed (no write)."""
    return (
        AwardList.objects.filter(campaign=campaign)
        .select_related(
            "snapshot",
            "proposed_by__person",
            "submitted_by__person",
            "signed_off_by__person",
            "returned_by__person",
            "published_by__person",
        )
        .first()
    )


def quotas(campaign: Campaign) -> list[AwardQuota]:
    return list(
        AwardQuota.objects.filter(campaign=campaign)
        .select_related("criteria_set")
        .order_by("criteria_set__order", "criteria_set_id", "category_key")
    )


STATE_ORDER = Case(
    When(state=AwardCandidate.State.SELECTED, then=Value(0)),
    When(state=AwardCandidate.State.EXCLUDED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def candidate_rows(award_list: AwardList, *, state: str = "") -> QuerySet:
    """Candidates by title, then on the list / left out / removed, best first."""
    rows = (
        award_list.candidates.select_related(
            "criteria_set",
            "unit",
            "unit__parent",
            "person",
            "person__branch",
            "person__department",
            "adjusted_by__person",
        )
        .annotate(state_order=STATE_ORDER)
        .order_by(
            "criteria_set__order",
            "criteria_set_id",
            "state_order",
            "category_key",
            "rank",
            "position",
            "pk",
        )
    )
    if state in AwardCandidate.State.values:
        rows = rows.filter(state=state)
    return rows


def nominations_for(award_list: AwardList, candidates) -> dict[int, Nomination]:
    """The nominations of the given candidates, by candidate pk (one query)."""
    candidates = list(candidates)
    if not candidates:
        return {}
    unit_ids = {c.unit_id for c in candidates if c.unit_id}
    person_ids = {c.person_id for c in candidates if c.person_id}
    found = {}
    for n in Nomination.objects.filter(award_list=award_list).filter(
        Q(unit_id__in=unit_ids) | Q(person_id__in=person_ids)
    ):
        found[(n.criteria_set_id, n.unit_id, n.person_id)] = n
    return {
        c.pk: found.get((c.criteria_set_id, c.unit_id, c.person_id))
        for c in candidates
        if (c.criteria_set_id, c.unit_id, c.person_id) in found
    }


def attach_nominations(award_list: AwardList, page) -> None:
    rows = list(page)
    found = nominations_for(award_list, rows)
    for c in rows:
        c.nomination = found.get(c.pk)


def attach_nomination_files(rows) -> None:
    """Give each candidate (with its ``nomination`` attached) the files of its
    nomination as ``files`` (one query)."""
    from evaluations.models import NominationFile

    rows = list(rows)
    ids = [c.nomination.pk for c in rows if getattr(c, "nomination", None)]
    files: dict[int, list] = defaultdict(list)
    if ids:
        for stored in NominationFile.objects.filter(nomination_id__in=ids).order_by(
            "pk"
        ):
            files[stored.nomination_id].append(stored)
    for c in rows:
        nomination = getattr(c, "nomination", None)
        c.files = files.get(nomination.pk, []) if nomination else []


def group_summary(award_list: AwardList | None, campaign: Campaign) -> list[dict]:
    """Each quota with how many are on the list for it (two queries)."""
    rows = quotas(campaign)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    totals: dict[int, int] = defaultdict(int)
    if award_list is not None:
        for set_id, key, n in (
            award_list.candidates.filter(state=AwardCandidate.State.SELECTED)
            .values_list("criteria_set_id", "category_key")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            counts[(set_id, key)] += n
            totals[set_id] += n
    return [
        {
            "quota": q,
            "selected": totals[q.criteria_set_id]
            if not q.category_key
            else counts[(q.criteria_set_id, q.category_key)],
        }
        for q in rows
    ]


def state_counts(award_list: AwardList | None) -> dict[str, int]:
    if award_list is None:
        return {}
    return dict(
        award_list.candidates.values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("state", "n")
    )


def missing_deeds(award_list: AwardList) -> int:
    """Candidates on the list without a nomination (先进事迹) yet (two queries)."""
    selected = list(
        award_list.candidates.filter(state=AwardCandidate.State.SELECTED).values_list(
            "criteria_set_id", "unit_id", "person_id"
        )
    )
    written = set(
        Nomination.objects.filter(award_list=award_list).values_list(
            "criteria_set_id", "unit_id", "person_id"
        )
    )
    return sum(1 for key in selected if key not in written)


def conflicts_of_interest(award_list: AwardList, user) -> list[dict]:
    """Candidates on the list the signing leader has a stake in (one query).

    The leader herself, or the branch or department she belongs to: a sign-off over
    these is flagged, declared and shown with the list.
    """
    person = getattr(user, "person", None) if user is not None else None
    if person is None:
        return []
    own_units = {pk for pk in (person.branch_id, person.department_id) if pk}
    rows = (
        award_list.candidates.filter(state=AwardCandidate.State.SELECTED)
        .filter(Q(person=person) | Q(unit_id__in=own_units))
        .select_related("criteria_set")
        .order_by("pk")
    )
    return [
        {
            "candidate": c.pk,
            "name": c.name,
            "title": c.criteria_set.title,
            "kind": "self" if c.person_id == person.pk else "own_unit",
        }
        for c in rows
    ]


def adjustments(award_list: AwardList) -> QuerySet[AwardAdjustment]:
    return award_list.adjustments.select_related("criteria_set", "by__person")


def scores_state(campaign: Campaign) -> dict:
    """When the scores were computed and how many there are (two queries)."""
    run = scoring_selectors.score_run(campaign)
    return {
        "run": run,
        "count": Score.objects.filter(campaign=campaign).count(),
    }


def winners(award_list: AwardList) -> QuerySet[AwardCandidate]:
    """Those on the list, by title and category (the commendation list)."""
    return (
        award_list.candidates.filter(state=AwardCandidate.State.SELECTED)
        .select_related(
            "criteria_set", "unit", "unit__parent", "person", "person__department"
        )
        .annotate(
            section_order=Case(
                *(
                    When(criteria_set__family=family, then=Value(i))
                    for i, family in enumerate(SECTION_ORDER)
                ),
                default=Value(len(SECTION_ORDER)),
                output_field=IntegerField(),
            )
        )
        .order_by(
            "section_order",
            "criteria_set__order",
            "criteria_set_id",
            "category_key",
            "rank",
            "name",
        )
    )


SECTION_LABELS = {
    "party": pgettext_lazy("commendation section", "Party organisations"),
    "union": pgettext_lazy("commendation section", "Trade union"),
    "league": pgettext_lazy("commendation section", "Communist Youth League"),
    "women": pgettext_lazy("commendation section", "Women's federation"),
}


def with_sections(rows):
    """Give each winner its section of the commendation list (党组织, 工会, 团, 妇)."""
    rows = list(rows)
    for c in rows:
        c.section = SECTION_LABELS.get(c.criteria_set.family, "")
    return rows


def nomination_candidates(
    award_list: AwardList, scope: Scope, *, reader: bool
) -> QuerySet[AwardCandidate]:
    """Candidates on the list whose nomination the user may see: all for the office
    and the leading group, else those of the units their roles reach."""
    rows = candidate_rows(award_list, state=AwardCandidate.State.SELECTED)
    if reader:
        return rows
    return rows.filter(
        scope.path_q("unit__path") | scope.path_q("person__branch__path")
    )
