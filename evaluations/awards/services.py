"""Workflows of the award selection (评选表彰) and the rest of phases 3 to 5.

The award list of a campaign moves draft → proposed → submitted → signed off →
published (``AwardList.TRANSITIONS``):

- the office sets quotas per title and category (``quotas_set``);
- ``awards_propose`` takes a score snapshot and proposes, per quota, the best of the
  group in the snapshot, leaving out vetoed units, units (and owners) with open
  rectification, and anyone graded below 良好, each exclusion stored with its reason;
  the office's adjustments (``candidate_add`` / ``candidate_include`` /
  ``candidate_remove``, each with a required reason) survive any later proposal;
- the office submits the list; the leading group signs it off: **one sign-off by any
  person holding the leader role (领导小组, 组长 or member) of the campaign's institute
  is enough**, and a leader may instead return the list with a reason;
- the office publishes the commendation list; after the award deadline publishing is
  still allowed but flagged late (the calendar escalates before: ``award_cycle_escalate``).

The scheduler calls ``award_cycle_propose`` and ``award_cycle_escalate``; both are
idempotent. Every change to awards is written to the audit log.

Phases 3 and 5 live here too: duty reports (述职述廉) and the rating round that takes
their authors as targets (``duty_round_sync``, built on the ballot services); the staff
satisfaction survey (群众满意度测评) needs nothing of its own: the office creates an
evaluation round of kind "satisfaction" on the rounds page like any other round. Member
model posts (党员示范岗) and experience-exchange sessions (经验交流) are recorded by the
office.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.awards import select
from evaluations.ballots import services as ballot_services
from evaluations.inspections import services as inspection_services
from evaluations.models import (
    AwardAdjustment,
    AwardCandidate,
    AwardList,
    AwardQuota,
    AwardTransitionError,
    DutyReport,
    ExchangeFile,
    ExchangeSession,
    ModelPost,
    RectificationItem,
    Round,
    Score,
    ScoreSnapshot,
    SnapshotScore,
    TargetRule,
)
from evaluations.scoring import services as scoring_services
from organizations.access import scope_of
from organizations.audit import AuditEvent, audit_record
from organizations.models import (
    BranchCategory,
    Notification,
    Organization,
    Person,
    Role,
)
from organizations.notifications.services import notify
from pledges.access import is_campaign_leader
from pledges.models import Campaign, CriteriaSet
from pledges.selectors import campaign_leaders, campaign_office
from pledges.uploads import EXTENSIONS, check_upload, clean_filename

# The grades that may win an award (良好 and better), defined with the selection rules.
WINNING_GRADES = select.WINNING_GRADES
# How many days before the award deadline the calendar starts to escalate.
ESCALATE_DAYS = 7
MAX_QUOTA = 1000
MAX_REASON = 2000
MAX_DEEDS = 10000
MAX_REPORT = 20000
# The questions of a new duty-report rating round (德能勤绩廉), as domain data.
DUTY_QUESTIONS = [
    ("D1", "德：政治素质与思想品德"),
    ("D2", "能：履职能力与业务水平"),
    ("D3", "勤：工作态度与作风"),
    ("D4", "绩：工作实绩"),
    ("D5", "廉：廉洁自律"),
]
# Roles whose holders give a duty report (述职述廉).
DUTY_ROLES = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY, Role.Kind.LEADER)


def _institute_id(campaign: Campaign) -> int | None:
    return campaign.scope.institute_id or campaign.scope_id


def _audit(action, *, by, obj, campaign: Campaign, **detail) -> None:
    audit_record(
        action=action, user=by, obj=obj, institute_id=_institute_id(campaign), **detail
    )


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Give a reason for this change.")})
    if len(text) > MAX_REASON:
        raise ValidationError(
            {field: _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}}
        )
    return text


def office_people(campaign: Campaign) -> list[Person]:
    return campaign_office(campaign)


def leaders_of(campaign: Campaign) -> list[Person]:
    """The leading group (领导小组) of the campaign: whoever may sign off its awards."""
    return campaign_leaders(campaign)


def is_leader_of(user, campaign: Campaign) -> bool:
    """The user holds the leader role of one of the campaign's leading groups."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return is_campaign_leader(scope_of(user), campaign)


# ---------------------------------------------------------------------------------------
# Quotas (表彰名额)


def quota_groups(campaign: Campaign) -> list[dict]:
    """Each title of the campaign with the groups a quota may be set for.

    Party titles may have one quota across all categories or one per branch category
    (``category:<id>``, the ranking groups of the scores); mass-organisation titles
    have one quota.
    """
    categories = list(
        BranchCategory.objects.filter(
            institute__path__startswith=campaign.scope.path
        ).order_by("institute__path", "order", "pk")
    )
    if not categories and campaign.scope.institute_id:
        categories = list(
            BranchCategory.objects.filter(
                institute_id=campaign.scope.institute_id
            ).order_by("order", "pk")
        )
    result = []
    for criteria_set in campaign.criteria_sets.order_by("order", "pk"):
        groups = [("", "")]
        if criteria_set.family == "party":
            groups += [(f"category:{c.pk}", c.name) for c in categories]
        result.append({"set": criteria_set, "groups": groups})
    return result


@transaction.atomic
def quotas_set(
    *, campaign: Campaign, by, counts: dict[tuple[int, str], int | None]
) -> int:
    """Replace the campaign's quotas (表彰名额); returns how many quotas there are.

    ``counts`` maps (criteria set id, category key) to a count; 0 or None removes the
    quota. A title has one quota for all categories or quotas per category, not both.
    """
    groups = {
        (g["set"].pk, key): (g["set"], label)
        for g in quota_groups(campaign)
        for key, label in g["groups"]
    }
    wanted: dict[tuple[int, str], int] = {}
    for key, count in counts.items():
        if key not in groups:
            raise ValidationError(_("This title or category is not in the campaign."))
        if count is None or count == 0:
            continue
        if not (0 < count <= MAX_QUOTA):
            raise ValidationError(_("Enter a whole number from 0 to 1000."))
        wanted[key] = count
    by_set: dict[int, set[str]] = defaultdict(set)
    for set_id, category in wanted:
        by_set[set_id].add(category)
    for set_id, categories in by_set.items():
        if "" in categories and len(categories) > 1:
            raise ValidationError(
                _(
                    "%(title)s: set either one quota for all categories or quotas per "
                    "category, not both."
                )
                % {"title": groups[(set_id, "")][0].title}
            )
    existing = {
        (q.criteria_set_id, q.category_key): q
        for q in AwardQuota.objects.filter(campaign=campaign)
    }
    stale = [q.pk for key, q in existing.items() if key not in wanted]
    AwardQuota.objects.filter(pk__in=stale).delete()
    changed = len(stale)
    for key, count in wanted.items():
        quota = existing.get(key)
        criteria_set, label = groups[key]
        if quota is None:
            AwardQuota.objects.create(
                campaign=campaign,
                criteria_set=criteria_set,
                category_key=key[1],
                category_label=label[:100],
                count=count,
                updated_by=by,
            )
            changed += 1
        elif quota.count != count or quota.category_label != label[:100]:
            quota.count, quota.category_label, quota.updated_by = count, label[:100], by
            quota.save(update_fields=["count", "category_label", "updated_by"])
            changed += 1
    if changed:
        _audit(
            AuditEvent.Action.UPDATE,
            by=by,
            obj=campaign,
            campaign=campaign,
            what="award_quotas",
            quotas=len(wanted),
        )
    return len(wanted)


# ---------------------------------------------------------------------------------------
# The award list and its proposal (评选, 拟表彰名单)


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

    picks = select.select(
        [_selection_quota(q) for q in quotas],
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


# ---------------------------------------------------------------------------------------
# Nominations (推荐表, 先进事迹)


@transaction.atomic
def nomination_save(
    *, candidate: AwardCandidate, by, deeds: str, recommendation: str = ""
):
    """Write a candidate's nomination form with its deeds (先进事迹)."""
    from evaluations.models import Nomination

    award_list = candidate.award_list
    if not award_list.is_editable:
        raise AwardTransitionError(
            _("The award list is %(status)s: nominations can no longer be changed.")
            % {"status": award_list.get_status_display()},
            code="not_editable",
        )
    deeds = (deeds or "").strip()
    if not deeds:
        raise ValidationError(
            {"deeds": _("Write the deeds (先进事迹) of the nominee.")}
        )
    if len(deeds) > MAX_DEEDS:
        raise ValidationError(
            {"deeds": _("Keep the deeds under %(n)s characters.") % {"n": MAX_DEEDS}}
        )
    nomination, created = Nomination.objects.update_or_create(
        award_list=award_list,
        criteria_set=candidate.criteria_set,
        unit=candidate.unit,
        person=candidate.person,
        defaults={
            "deeds": deeds,
            "recommendation": (recommendation or "").strip()[:500],
            "updated_by": by,
        },
    )
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=nomination,
        campaign=award_list.campaign,
        candidate=candidate.pk,
    )
    return nomination


# ---------------------------------------------------------------------------------------
# Submission, sign-off, publication


def _url(name: str, campaign: Campaign) -> str:
    return reverse(name, args=[campaign.pk])


def _ask_sign_off(award_list: AwardList) -> int:
    """Ask the leading group to sign off (once per submission)."""
    campaign = award_list.campaign
    stamp = award_list.submitted_at.strftime("%Y%m%d%H%M%S%f")
    return notify(
        recipients=leaders_of(campaign),
        kind=Notification.Kind.APPROVAL_NEEDED,
        title=_("The award list of %(year)s awaits your sign-off")
        % {"year": campaign.year},
        body=_("Sign off the list, or return it to the office with a reason."),
        url=_url("awards:signoff", campaign),
        dedupe_key=f"award-signoff:{award_list.pk}:{stamp}",
    )


def _step(award_list: AwardList, step: str, by, **fields) -> AwardList:
    award_list = AwardList.objects.select_for_update().get(pk=award_list.pk)
    award_list.check_step(step)
    award_list.status = AwardList.TRANSITIONS[step][1]
    for name, value in fields.items():
        setattr(award_list, name, value)
    award_list.save()
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=award_list,
        campaign=award_list.campaign,
        step=step,
        status=award_list.status,
    )
    return award_list


@transaction.atomic
def award_list_submit(*, award_list: AwardList, by) -> AwardList:
    """Submit the proposed list to the leading group for sign-off (报领导小组审定)."""
    award_list.refresh_from_db()
    award_list.check_step("submit")
    if not award_list.candidates.filter(state=AwardCandidate.State.SELECTED).exists():
        raise ValidationError(_("Nobody is on the list yet: nothing to submit."))
    award_list = _step(
        award_list, "submit", by, submitted_at=timezone.now(), submitted_by=by
    )
    _ask_sign_off(award_list)
    return award_list


@transaction.atomic
def award_list_recall(*, award_list: AwardList, by) -> AwardList:
    """The office takes a submitted list back from the leading group to change it."""
    return _step(award_list, "recall", by)


def _require_leader(by, campaign: Campaign) -> None:
    if not is_leader_of(by, campaign):
        raise PermissionDenied(
            _("Only a member of the leading group can sign off the award list.")
        )


@transaction.atomic
def award_list_sign_off(*, award_list: AwardList, by, note: str = "") -> AwardList:
    """One member of the leading group signs the list off (领导小组审定)."""
    campaign = award_list.campaign
    _require_leader(by, campaign)
    award_list = _step(
        award_list,
        "sign_off",
        by,
        signed_off_at=timezone.now(),
        signed_off_by=by,
        signoff_note=(note or "").strip()[:MAX_REASON],
    )
    notify(
        recipients=office_people(campaign),
        kind=Notification.Kind.AWARD,
        title=_("The award list of %(year)s is signed off: publish it")
        % {"year": campaign.year},
        url=_url("awards:list", campaign),
        dedupe_key=f"award-signed:{award_list.pk}:{award_list.signed_off_at:%Y%m%d%H%M%S%f}",
    )
    return award_list


@transaction.atomic
def award_list_return(*, award_list: AwardList, by, reason: str) -> AwardList:
    """A leader returns the submitted list to the office, with a reason."""
    campaign = award_list.campaign
    _require_leader(by, campaign)
    reason = _reason(reason)
    award_list = _step(
        award_list,
        "return",
        by,
        returned_at=timezone.now(),
        returned_by=by,
        return_reason=reason,
    )
    notify(
        recipients=office_people(campaign),
        kind=Notification.Kind.RETURNED,
        title=_("The award list of %(year)s was returned") % {"year": campaign.year},
        body=reason,
        url=_url("awards:list", campaign),
        dedupe_key=f"award-returned:{award_list.pk}:{award_list.returned_at:%Y%m%d%H%M%S%f}",
    )
    return award_list


def winner_people(award_list: AwardList) -> list[int]:
    """Who hears of a publication: winners, the secretaries of winning units."""
    selected = award_list.candidates.filter(state=AwardCandidate.State.SELECTED)
    people = set(
        selected.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    unit_ids = list(
        selected.filter(unit__isnull=False).values_list("unit_id", flat=True)
    )
    people.update(
        Role.objects.filter(
            node_id__in=unit_ids,
            kind__in=[
                Role.Kind.SECRETARY,
                Role.Kind.UNION_OFFICER,
                Role.Kind.LEAGUE_OFFICER,
                Role.Kind.WOMEN_OFFICER,
            ],
        ).values_list("person_id", flat=True)
    )
    return sorted(people)


@transaction.atomic
def award_list_publish(
    *, award_list: AwardList, by, today: datetime.date | None = None
) -> AwardList:
    """Publish the commendation list (表彰名单) to the staff in scope.

    After the campaign's award deadline this is still allowed, and flagged late.
    """
    today = today or timezone.localdate()
    campaign = award_list.campaign
    late = today > campaign.award_deadline
    award_list = _step(
        award_list,
        "publish",
        by,
        published_at=timezone.now(),
        published_by=by,
        published_late=late,
    )
    recipients = set(winner_people(award_list))
    recipients.update(p.pk for p in office_people(campaign))
    recipients.update(p.pk for p in leaders_of(campaign))
    notify(
        recipients=recipients,
        kind=Notification.Kind.PUBLISHED,
        title=_("The commendation list of %(year)s is published")
        % {"year": campaign.year},
        url=_url("awards:commendations", campaign),
        dedupe_key=f"award-published:{award_list.pk}",
    )
    return award_list


# ---------------------------------------------------------------------------------------
# The pre-七一 award cycle, run by the calendar


def _scores_changed(award_list: AwardList) -> bool:
    """The campaign's scores differ from the snapshot the list was proposed from."""
    if award_list.snapshot_id is None:
        return True
    rows = list(
        Score.objects.filter(campaign_id=award_list.campaign_id)
        .only(
            "unit_id",
            "person_id",
            "score",
            "grade",
            "rank",
            "vetoed",
            "inputs_digest",
        )
        .order_by("pk")
    )
    return scoring_services._snapshot_digest(rows) != award_list.snapshot.digest


@transaction.atomic
def award_cycle_propose(
    *, campaign: Campaign, today: datetime.date
) -> AwardList | None:
    """The award cycle (评选表彰): compute scores, snapshot, propose, submit, ask the
    leading group to sign off. Idempotent: a list already submitted or later is left
    as it is (its sign-off request is not repeated); a proposal whose scores did not
    change is not made again. Without quotas the office is reminded and nothing more.
    """
    award_list = AwardList.objects.filter(campaign=campaign).first()
    if award_list is not None and not award_list.is_editable:
        if award_list.status == AwardList.Status.SUBMITTED:
            _ask_sign_off(award_list)
        return award_list
    if not AwardQuota.objects.filter(campaign=campaign).exists():
        notify(
            recipients=office_people(campaign),
            kind=Notification.Kind.REMINDER,
            title=_("Set the award quotas of %(year)s: the award cycle is due")
            % {"year": campaign.year},
            url=_url("awards:quotas", campaign),
            dedupe_key=f"award-quotas:{campaign.pk}",
        )
        return None
    scoring_services.scores_compute(campaign=campaign, by=None)
    if not Score.objects.filter(campaign=campaign).exists():
        return None
    award_list = award_list_get(campaign)
    if award_list.status == AwardList.Status.DRAFT or _scores_changed(award_list):
        award_list = awards_propose(campaign=campaign, by=None)
    if not award_list.candidates.filter(state=AwardCandidate.State.SELECTED).exists():
        notify(
            recipients=office_people(campaign),
            kind=Notification.Kind.REMINDER,
            title=_("The award proposal of %(year)s has nobody on it")
            % {"year": campaign.year},
            url=_url("awards:list", campaign),
            dedupe_key=f"award-empty:{campaign.pk}:{today.isoformat()}",
        )
        return award_list
    return award_list_submit(award_list=award_list, by=None)


def award_cycle_escalate(*, campaign: Campaign, today: datetime.date) -> bool:
    """Escalate an award list not published with the deadline near or past (督办).

    Within ``ESCALATE_DAYS`` of the award deadline, or after it, the office and the
    leading group are told once per day; returns whether anyone was told today.
    """
    award_list = AwardList.objects.filter(campaign=campaign).first()
    if award_list is not None and award_list.is_published:
        return False
    days = (campaign.award_deadline - today).days
    if days > ESCALATE_DAYS:
        return False
    status = (
        award_list.get_status_display()
        if award_list is not None
        else AwardList.Status.DRAFT.label
    )
    if days >= 0:
        title = _(
            "The commendation list of %(year)s is not published: %(days)s day(s) to "
            "the deadline %(deadline)s"
        ) % {"year": campaign.year, "days": days, "deadline": campaign.award_deadline}
    else:
        title = _(
            "The commendation list of %(year)s is late: the deadline %(deadline)s "
            "has passed"
        ) % {"year": campaign.year, "deadline": campaign.award_deadline}
    recipients = {p.pk for p in office_people(campaign)}
    recipients.update(p.pk for p in leaders_of(campaign))
    sent = notify(
        recipients=recipients,
        kind=Notification.Kind.ESCALATION,
        title=title,
        body=_("The award list is %(status)s.") % {"status": status},
        url=_url("awards:list", campaign),
        dedupe_key=f"award-escalate:{campaign.pk}:{today.isoformat()}",
    )
    return sent > 0


# ---------------------------------------------------------------------------------------
# Duty reports (述职述廉)


def duty_round(campaign: Campaign) -> Round | None:
    """The campaign's duty-report rating round, the newest if there are several."""
    return (
        Round.objects.filter(campaign=campaign, kind=Round.Kind.DUTY_REPORT)
        .order_by("-pk")
        .first()
    )


def duty_reports_locked(campaign: Campaign) -> bool:
    """Reports are frozen once their rating round has opened."""
    return (
        Round.objects.filter(campaign=campaign, kind=Round.Kind.DUTY_REPORT)
        .exclude(status=Round.Status.DRAFT)
        .exists()
    )


def duty_roles(person: Person, campaign: Campaign) -> list[Role]:
    """The person's roles that call for a duty report in the campaign."""
    return list(
        Role.objects.filter(
            person=person,
            kind__in=DUTY_ROLES,
            node__path__startswith=campaign.scope.path,
        ).select_related("node")
    )


@transaction.atomic
def duty_report_save(
    *,
    campaign: Campaign,
    person: Person,
    by,
    text: str,
    submit: bool = False,
) -> DutyReport:
    """Write (and optionally submit) one's duty report (述职述廉报告)."""
    roles = duty_roles(person, campaign)
    if not roles:
        raise PermissionDenied(
            _("Only secretaries and members of the leading group give duty reports.")
        )
    if duty_reports_locked(campaign):
        raise ValidationError(
            _("The duty reports are being rated: they can no longer change.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your report.")})
    if len(text) > MAX_REPORT:
        raise ValidationError(
            {"text": _("Keep the report under %(n)s characters.") % {"n": MAX_REPORT}}
        )
    label = "、".join(f"{r.node.name}{r.title or r.get_kind_display()}" for r in roles)[
        :100
    ]
    report, created = DutyReport.objects.get_or_create(
        campaign=campaign, person=person, defaults={"text": text, "role_label": label}
    )
    report.text, report.role_label = text, label
    if submit and report.submitted_at is None:
        report.submitted_at = timezone.now()
    report.save()
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=report,
        campaign=campaign,
        submitted=report.is_submitted,
    )
    return report


@transaction.atomic
def duty_round_sync(
    *,
    campaign: Campaign,
    by=None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Round:
    """Create the campaign's duty-report rating round (述职述廉测评) as a draft, or
    bring its targets in line: one target per submitted duty report.

    Built on the ballot services: a "rate this person" rule per reporter, so targets,
    voters, secrecy and tallies are those of any other round.
    """
    round = duty_round(campaign)
    if round is not None and not round.is_draft:
        raise ValidationError(
            _(
                "The duty-report rating round is already %(status)s: its targets can "
                "no longer change."
            )
            % {"status": round.get_status_display()}
        )
    if round is None:
        today = timezone.localdate()
        opens_on = opens_on or max(today, campaign.phase3_start)
        closes_on = closes_on or max(opens_on, campaign.phase3_end)
        round = ballot_services.round_create(
            scope=campaign.scope,
            kind=Round.Kind.DUTY_REPORT,
            title=_("%(year)s duty report rating (述职述廉测评)")
            % {"year": campaign.year},
            opens_on=opens_on,
            closes_on=closes_on,
            k=campaign.min_ballots,
            year=campaign.year,
            campaign=campaign,
            created_by=by,
        )
        for order, (code, text) in enumerate(DUTY_QUESTIONS, start=1):
            ballot_services.question_add(
                round=round, code=code, text=text, order=order, by=by
            )
    wanted = set(
        DutyReport.objects.filter(
            campaign=campaign, submitted_at__isnull=False, person__is_active=True
        ).values_list("person_id", flat=True)
    )
    rules = {
        rule.person_id: rule
        for rule in round.rules.filter(kind=TargetRule.Kind.FIXED_PERSON)
    }
    for person_id, rule in rules.items():
        if person_id not in wanted:
            ballot_services.rule_remove(rule=rule, by=by)
    for person in Person.objects.filter(pk__in=wanted - set(rules)).order_by("pk"):
        ballot_services.rule_add(
            round=round, kind=TargetRule.Kind.FIXED_PERSON, person=person, by=by
        )
    return round


# ---------------------------------------------------------------------------------------
# Member model posts (党员示范岗)


@transaction.atomic
def model_post_save(
    *,
    campaign: Campaign,
    by,
    person: Person,
    post_name: str,
    since: datetime.date,
    description: str = "",
    ended_on: datetime.date | None = None,
    post: ModelPost | None = None,
) -> ModelPost:
    """Designate (or change) a member model post (党员示范岗)."""
    errors = {}
    post_name = (post_name or "").strip()
    if not post_name:
        errors["post_name"] = _("Name the post.")
    if (
        not person.is_party_member
        or not person.is_active
        or person.branch is None
        or not person.branch.path.startswith(campaign.scope.path)
    ):
        errors["person"] = _("Choose a party member in service in this campaign.")
    if ended_on is not None and since is not None and ended_on < since:
        errors["ended_on"] = _("A post cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    clash = ModelPost.objects.filter(
        campaign=campaign, person=person, post_name=post_name
    )
    if post is not None:
        clash = clash.exclude(pk=post.pk)
    if clash.exists():
        raise ValidationError(
            {
                "post_name": _("%(name)s already holds this post.")
                % {"name": person.name}
            }
        )
    created = post is None
    if created:
        post = ModelPost(campaign=campaign, designated_by=by)
    post.person, post.post_name, post.since = person, post_name[:100], since
    post.description, post.ended_on = (description or "").strip(), ended_on
    post.save()
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=post,
        campaign=campaign,
        person=person.pk,
    )
    return post


# ---------------------------------------------------------------------------------------
# Experience-exchange sessions (经验交流)


def _stored(upload) -> dict:
    content_type = check_upload(upload)
    name = clean_filename(upload.name)
    upload.name = "upload" + EXTENSIONS[content_type][0]
    return {
        "file": upload,
        "name": name,
        "content_type": content_type,
        "size": upload.size,
    }


@transaction.atomic
def exchange_save(
    *,
    campaign: Campaign,
    by,
    held_on: datetime.date,
    title: str,
    summary: str,
    units=(),
    files=(),
    remove_files=(),
    session: ExchangeSession | None = None,
) -> ExchangeSession:
    """Record (or change) an experience-exchange session (经验交流)."""
    errors = {}
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        errors["title"] = _("Give the session a title.")
    if not summary:
        errors["summary"] = _("Summarise what was exchanged.")
    units = list(units)
    outside = [u.name for u in units if not u.path.startswith(campaign.scope.path)]
    if outside:
        errors["units"] = _("%(names)s are outside this campaign.") % {
            "names": "、".join(outside)
        }
    if errors:
        raise ValidationError(errors)
    stored = [_stored(upload) for upload in files]
    created = session is None
    if created:
        session = ExchangeSession(campaign=campaign, recorded_by=by)
    session.held_on, session.title, session.summary = held_on, title[:200], summary
    session.save()
    session.units.set(units)
    if remove_files:
        for old in session.files.filter(pk__in=list(remove_files)):
            old.file.delete(save=False)
            old.delete()
    for fields in stored:
        ExchangeFile.objects.create(session=session, **fields)
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=session,
        campaign=campaign,
        files=len(stored),
    )
    return session
