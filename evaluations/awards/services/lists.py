"""The award list and its proposal (评选, 拟表彰名单)."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.awards import select
from evaluations.awards.services.common import _audit, _reason
from evaluations.inspections import services as inspection_services
from evaluations.models import (
    AwardAdjustment,
    AwardCandidate,
    AwardList,
    AwardQuota,
    AwardTransitionError,
    RectificationItem,
    ScoreSnapshot,
    SnapshotScore,
)
from evaluations.scoring import services as scoring_services
from organizations.audit import AuditEvent
from organizations.models import Organization, Person
from pledges.models import Campaign, CriteriaSet


def award_list_get(campaign: Campaign, *, lock: bool = False) -> AwardList:
    """The campaign's award list, started (as a draft) on first use."""
    award_list, _created = AwardList.objects.get_or_create(campaign=campaign)
    if lock:
        award_list = AwardList.objects.select_for_update().get(pk=award_list.pk)
    return award_list


def _check_editable(award_list: AwardList) -> None:
    if not award_list.is_editable:
        raise AwardTransitionError(
            _("The award list is %(status)s: it can no longer be changed.")
            % {"status": award_list.get_status_display()},
            code="not_editable",
        )


def _row_family(row: dict) -> tuple[str, str]:
    """(family, audience) of a snapshot row: which titles it competes for."""
    if row["person_id"]:
        return "party", CriteriaSet.Audience.PERSON
    key = row["category_key"] or ""
    family = key.split(":", 1)[1] if key.startswith("family:") else "party"
    return family, CriteriaSet.Audience.UNIT


def _open_items(campaign: Campaign) -> tuple[set[int], dict, dict]:
    """Units with open rectification, and each unit's and owner's open items."""
    open_units = inspection_services.open_rectification_units(campaign=campaign)
    by_unit: dict[int, list[str]] = defaultdict(list)
    by_owner: dict[int, list[str]] = defaultdict(list)
    for item in (
        RectificationItem.objects.filter(campaign=campaign)
        .exclude(status=RectificationItem.Status.CLOSED)
        .order_by("deadline", "pk")
        .values("unit_id", "owner_id", "title", "deadline")
    ):
        text = f"{item['title']} ({item['deadline'].isoformat()})"
        by_unit[item["unit_id"]].append(text)
        if item["owner_id"]:
            by_owner[item["owner_id"]].append(text)
    return open_units, by_unit, by_owner


def _veto_lines(snapshot: ScoreSnapshot) -> dict[int, list[str]]:
    """The triggered veto lines of each vetoed row of a snapshot (one query)."""
    result: dict[int, list[str]] = {}
    for pk, breakdown in SnapshotScore.objects.filter(
        snapshot=snapshot, vetoed=True
    ).values_list("pk", "breakdown"):
        result[pk] = [
            r.get("label", "")
            for r in breakdown or []
            if r.get("source") == "veto" and r.get("kind") == "mark"
        ]
    return result


ROW_FIELDS = (
    "pk",
    "unit_id",
    "person_id",
    "name",
    "category_key",
    "category_label",
    "score",
    "grade",
    "vetoed",
    "rank",
)


def _numbers(row: dict) -> dict:
    return {
        "name": row["name"][:150],
        "category_key": row["category_key"][:40],
        "category_label": row["category_label"][:100],
        "score": row["score"],
        "grade": row["grade"] or "",
        "rank": row["rank"],
        "snapshot_score_id": row["pk"],
    }


def _selection_row(row: dict) -> select.Row:
    family, audience = _row_family(row)
    return select.Row(
        pk=row["pk"],
        family=family,
        audience=audience,
        name=row["name"],
        score=row["score"],
        grade=row["grade"],
        rank=row["rank"],
        category_key=row["category_key"],
        unit_id=row["unit_id"],
        person_id=row["person_id"],
        vetoed=row["vetoed"],
    )


def _selection_quota(quota: AwardQuota) -> select.Quota:
    return select.Quota(
        criteria_set_id=quota.criteria_set_id,
        family=quota.criteria_set.family,
        audience=quota.criteria_set.audience,
        count=quota.count,
        category_key=quota.category_key,
    )


def _selection_adjusted(candidate: AwardCandidate) -> select.Adjusted:
    return select.Adjusted(
        criteria_set_id=candidate.criteria_set_id,
        unit_id=candidate.unit_id,
        person_id=candidate.person_id,
        category_key=candidate.category_key,
        selected=candidate.is_selected,
    )


def _proposal_snapshot(
    campaign: Campaign, by, snapshot: ScoreSnapshot | None
) -> ScoreSnapshot:
    """The snapshot given (of this campaign), or a new one taken now."""
    if snapshot is None:
        return scoring_services.scores_snapshot_take(
            campaign=campaign,
            by=by,
            label=_("Award proposal of %(date)s")
            % {"date": timezone.localtime().strftime("%Y-%m-%d %H:%M")},
        )
    if snapshot.campaign_id != campaign.pk:
        raise ValidationError(_("This snapshot belongs to another campaign."))
    return snapshot


def _refresh_numbers(kept, by_subject: dict[tuple[str, int], dict]) -> None:
    """Give the office's adjusted rows the numbers of the new snapshot."""
    refreshed = []
    for candidate in kept:
        subject = (
            ("unit", candidate.unit_id)
            if candidate.unit_id
            else ("person", candidate.person_id)
        )
        row = by_subject.get(subject)
        if row is not None and _row_family(row) != (
            candidate.criteria_set.family,
            candidate.criteria_set.audience,
        ):
            row = None  # a score for another title (a member's, for a union title)
        if row is None:
            candidate.snapshot_score_id = None
            candidate.score, candidate.grade, candidate.rank = None, "", None
        else:
            for name, value in _numbers(row).items():
                setattr(candidate, name, value)
        refreshed.append(candidate)
    if refreshed:
        AwardCandidate.objects.bulk_update(
            refreshed,
            [
                "name",
                "category_key",
                "category_label",
                "score",
                "grade",
                "rank",
                "snapshot_score_id",
            ],
        )


@transaction.atomic
def awards_propose(
    *, campaign: Campaign, by=None, snapshot: ScoreSnapshot | None = None
) -> AwardList:
    """Propose the winners (拟表彰名单) from a new score snapshot (or the one given).

    Per quota, the best of the group in the snapshot (by rank within a category, by
    score across categories) fill the quota; those passed over on the way for a rule
    (veto, open rectification, graded below 良好) are stored as excluded with their
    reasons. Subjects without a score are never proposed (the office may add them).
    Rows the office adjusted are kept as they are (their numbers follow the new
    snapshot) and count towards the quota; the system's other rows are replaced.
    """
    award_list = award_list_get(campaign, lock=True)
    award_list.check_step("propose")
    quotas = list(
        AwardQuota.objects.filter(campaign=campaign)
        .select_related("criteria_set")
        .order_by("criteria_set__order", "criteria_set_id", "category_key")
    )
    if not quotas:
        raise ValidationError(_("Set the award quotas before proposing winners."))
    snapshot = _proposal_snapshot(campaign, by, snapshot)

    rows = list(SnapshotScore.objects.filter(snapshot=snapshot).values(*ROW_FIELDS))
    by_pk = {row["pk"]: row for row in rows}
    by_subject: dict[tuple[str, int], dict] = {}
    for row in rows:
        subject = (
            ("unit", row["unit_id"]) if row["unit_id"] else ("person", row["person_id"])
        )
        by_subject[subject] = row
    veto_lines = _veto_lines(snapshot)
    open_units, by_unit, by_owner = _open_items(campaign)

    existing = list(award_list.candidates.select_related("criteria_set"))
    kept = {
        select.subject_key(c.criteria_set_id, c.unit_id, c.person_id): c
        for c in existing
        if c.is_adjusted
    }
    replaced = [c.pk for c in existing if not c.is_adjusted]
    AwardCandidate.objects.filter(pk__in=replaced).delete()

    # a committee that proposed its own candidates keeps its titles (群团自主推荐)
    from evaluations.awards.services.proposals import submitted_families

    own = submitted_families(award_list)
    picks = select.select(
        [_selection_quota(q) for q in quotas if q.criteria_set.family not in own],
        [_selection_row(row) for row in rows],
        adjusted=[_selection_adjusted(c) for c in kept.values()],
        obstacles=select.Obstacles(veto_lines, open_units, by_unit, by_owner),
    )
    criteria_sets = {q.criteria_set_id: q.criteria_set for q in quotas}
    new = [
        AwardCandidate(
            award_list=award_list,
            criteria_set=criteria_sets[pick.quota.criteria_set_id],
            unit_id=pick.row.unit_id,
            person_id=pick.row.person_id,
            origin=AwardCandidate.Origin.SYSTEM,
            state=AwardCandidate.State.SELECTED
            if pick.selected
            else AwardCandidate.State.EXCLUDED,
            exclusions=pick.exclusions,
            position=position,
            **_numbers(by_pk[pick.row.pk]),
        )
        for position, pick in enumerate(picks, start=1)
    ]
    AwardCandidate.objects.bulk_create(new, batch_size=500)
    _refresh_numbers(kept.values(), by_subject)

    award_list.status = AwardList.Status.PROPOSED
    award_list.snapshot = snapshot
    award_list.proposed_at = timezone.now()
    award_list.proposed_by = by
    award_list.save()
    selected = sum(1 for c in new if c.is_selected)
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=award_list,
        campaign=campaign,
        step="propose",
        snapshot=snapshot.pk,
        proposed=selected,
        excluded=len(new) - selected,
        kept=len(kept),
    )
    award_list.proposed_count = selected
    return award_list


def _numbers_for(
    award_list: AwardList, criteria_set: CriteriaSet, *, unit=None, person=None
) -> dict:
    """The subject's numbers in the list's snapshot, if it was scored for this title."""
    if award_list.snapshot_id is None:
        return {}
    row = (
        SnapshotScore.objects.filter(
            snapshot_id=award_list.snapshot_id,
            **({"unit": unit} if unit is not None else {"person": person}),
        )
        .values(*ROW_FIELDS)
        .first()
    )
    if row is None or _row_family(row) != (criteria_set.family, criteria_set.audience):
        return {}
    return _numbers(row)


def _check_subject(campaign: Campaign, criteria_set: CriteriaSet, unit, person):
    if criteria_set.campaign_id != campaign.pk:
        raise ValidationError({"criteria_set": _("Choose a title of this campaign.")})
    if criteria_set.audience == CriteriaSet.Audience.UNIT:
        if unit is None:
            raise ValidationError({"unit": _("Choose the unit to commend.")})
        if (
            not unit.path.startswith(campaign.scope.path)
            or not unit.is_active
            or unit.family != criteria_set.family
            or unit.is_body
        ):
            raise ValidationError(
                {
                    "unit": _("%(name)s cannot receive the title %(title)s.")
                    % {"name": unit.name, "title": criteria_set.title}
                }
            )
        return
    if person is None:
        raise ValidationError({"person": _("Choose the person to commend.")})
    if not person.is_active or not person.institute.path.startswith(
        campaign.scope.path
    ):
        raise ValidationError(
            {"person": _("%(name)s is not in service here.") % {"name": person.name}}
        )
    if criteria_set.family == "party" and not person.is_party_member:
        raise ValidationError(
            {
                "person": _(
                    "%(name)s is not a party member and cannot receive %(title)s."
                )
                % {"name": person.name, "title": criteria_set.title}
            }
        )


def _adjustment(candidate: AwardCandidate, action: str, reason: str, by, now) -> None:
    AwardAdjustment.objects.create(
        award_list=candidate.award_list,
        candidate=candidate,
        criteria_set=candidate.criteria_set,
        name=candidate.name,
        action=action,
        reason=reason,
        by=by,
        at=now,
    )
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=candidate,
        campaign=candidate.award_list.campaign,
        adjustment=action,
        award_list=candidate.award_list_id,
    )


@transaction.atomic
def candidate_add(
    *,
    award_list: AwardList,
    criteria_set: CriteriaSet,
    by,
    reason: str,
    unit: Organization | None = None,
    person: Person | None = None,
) -> AwardCandidate:
    """The office puts a unit or person on the list for a title, with a reason."""
    award_list = AwardList.objects.select_for_update().get(pk=award_list.pk)
    _check_editable(award_list)
    reason = _reason(reason)
    campaign = award_list.campaign
    if criteria_set.audience == CriteriaSet.Audience.UNIT:
        person = None
    else:
        unit = None
    _check_subject(campaign, criteria_set, unit, person)
    existing = AwardCandidate.objects.filter(
        award_list=award_list,
        criteria_set=criteria_set,
        **({"unit": unit} if unit is not None else {"person": person}),
    ).first()
    if existing is not None:
        if existing.is_selected:
            raise ValidationError(
                _("%(name)s is already on the list for %(title)s.")
                % {"name": existing.name, "title": criteria_set.title}
            )
        return candidate_include(candidate=existing, by=by, reason=reason)
    now = timezone.now()
    subject = unit if unit is not None else person
    numbers = _numbers_for(award_list, criteria_set, unit=unit, person=person)
    numbers.setdefault("name", subject.name[:150])
    if not numbers.get("category_key") and unit is not None:
        category = unit.category
        if category is not None:
            numbers["category_key"] = f"category:{category.pk}"
            numbers["category_label"] = category.name[:100]
    last = (
        award_list.candidates.order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    candidate = AwardCandidate.objects.create(
        award_list=award_list,
        criteria_set=criteria_set,
        unit=unit,
        person=person,
        origin=AwardCandidate.Origin.OFFICE,
        state=AwardCandidate.State.SELECTED,
        position=(last or 0) + 1,
        adjusted_at=now,
        adjusted_by=by,
        adjust_reason=reason,
        **numbers,
    )
    _adjustment(candidate, AwardAdjustment.Action.ADD, reason, by, now)
    return candidate


@transaction.atomic
def candidate_include(*, candidate: AwardCandidate, by, reason: str) -> AwardCandidate:
    """Put a candidate left out by a rule, or removed, (back) on the list."""
    award_list = AwardList.objects.select_for_update().get(pk=candidate.award_list_id)
    _check_editable(award_list)
    reason = _reason(reason)
    candidate = AwardCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.is_selected:
        raise ValidationError(
            _("%(name)s is already on the list.") % {"name": candidate.name}
        )
    now = timezone.now()
    candidate.state = AwardCandidate.State.SELECTED
    candidate.adjusted_at, candidate.adjusted_by = now, by
    candidate.adjust_reason = reason
    candidate.save(
        update_fields=["state", "adjusted_at", "adjusted_by", "adjust_reason"]
    )
    _adjustment(candidate, AwardAdjustment.Action.INCLUDE, reason, by, now)
    return candidate


@transaction.atomic
def candidate_remove(*, candidate: AwardCandidate, by, reason: str) -> AwardCandidate:
    """Take a candidate off the list, with a reason; a new proposal keeps it off."""
    award_list = AwardList.objects.select_for_update().get(pk=candidate.award_list_id)
    _check_editable(award_list)
    reason = _reason(reason)
    candidate = AwardCandidate.objects.select_for_update().get(pk=candidate.pk)
    if not candidate.is_selected:
        raise ValidationError(
            _("%(name)s is not on the list: nothing to remove.")
            % {"name": candidate.name}
        )
    now = timezone.now()
    candidate.state = AwardCandidate.State.REMOVED
    candidate.adjusted_at, candidate.adjusted_by = now, by
    candidate.adjust_reason = reason
    candidate.save(
        update_fields=["state", "adjusted_at", "adjusted_by", "adjust_reason"]
    )
    _adjustment(candidate, AwardAdjustment.Action.REMOVE, reason, by, now)
    return candidate
