"""Workflows of the scoring sheet, the scores and the 五带头 assessment (量化考核, 综合得分).

- The office sets the scoring lines under each criterion and the campaign's weights.
  Once scoring starts (the first mark or 五带头 rating) the criteria set is frozen as a
  numbered version; edits are refused until the office reopens it with a reason.
- A branch self-assesses its sheet and submits it; the office marks and finishes it.
- ``scores_compute`` gathers every input in bulk, runs the pure arithmetic of
  ``evaluations.scoring.compute`` and stores each score with its inputs and breakdown, in place:
  computing twice leaves the same state (the award cycle calls it on its date).
- ``scores_verify`` recomputes from the stored inputs and from the database;
  ``scores_snapshot_take`` copies the scores for the awards, never to change again.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    CriteriaVersion,
    DaitouRating,
    FrozenError,
    MarkEvidence,
    Score,
    ScoreRun,
    ScoreSheet,
    ScoreSnapshot,
    ScoringLine,
    ScoringRule,
    ScoringTransitionError,
    SheetMark,
    SnapshotScore,
)
from evaluations.scoring import compute as scoring
from evaluations.scoring import selectors
from organizations.audit import AuditEvent, audit_record
from organizations.models import Organization, Person
from pledges.models import Campaign, CriteriaSet, Criterion

# Default weights of a new campaign's rules (the office changes them; they add to 100).
DEFAULT_WEIGHTS = {
    ScoringRule.Audience.UNIT: {
        "office": Decimal(50),
        "self": Decimal(10),
        "inspection": Decimal(15),
        "mass": Decimal(15),
        "democratic": Decimal(10),
    },
    ScoringRule.Audience.PERSON: {
        "daitou": Decimal(50),
        "democratic": Decimal(30),
        "mass": Decimal(20),
    },
}
MAX_COMMENT = 2000


def plain(value: Decimal) -> str:
    """A number without trailing zeros or exponent: 10, 7.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _audit(action, *, by, obj, institute_id=None, **detail) -> None:
    audit_record(action=action, user=by, obj=obj, institute_id=institute_id, **detail)


def _institute_id(campaign: Campaign) -> int | None:
    return campaign.scope.institute_id or campaign.scope_id


# ---------------------------------------------------------------------------------------
# Scoring rules: weights, thresholds, points (评分办法)


@transaction.atomic
def rule_for(*, campaign: Campaign, audience: str) -> ScoringRule:
    """The campaign's rule for units or members, created with the defaults if missing."""
    rule, _created = ScoringRule.objects.get_or_create(
        campaign=campaign,
        audience=audience,
        defaults={
            f"weight_{source}": weight
            for source, weight in DEFAULT_WEIGHTS[audience].items()
        },
    )
    return rule


def rule_check(rule: ScoringRule) -> None:
    """Weights add up to 100, thresholds descend, every points map is complete."""
    errors: dict[str, list] = {}
    sources = ScoringRule.SOURCES[rule.audience]
    for field in ("office", "self", "inspection", "mass", "democratic", "daitou"):
        value = getattr(rule, f"weight_{field}") or Decimal(0)
        if value < 0:
            errors.setdefault(f"weight_{field}", []).append(
                _("A weight cannot be negative.")
            )
        if field not in sources and value:
            errors.setdefault(f"weight_{field}", []).append(
                _("This source does not apply here; leave it at 0.")
            )
    total = sum(
        (getattr(rule, f"weight_{s}") or Decimal(0) for s in sources), Decimal(0)
    )
    if total != 100 and not errors:
        errors.setdefault("__all__", []).append(
            _("The weights must add up to 100 (now %(total)s).")
            % {"total": plain(total)}
        )
    lo, mid, hi = rule.average_min, rule.good_min, rule.excellent_min
    if None not in (lo, mid, hi):
        if not (0 <= lo < mid < hi <= 100):
            errors.setdefault("excellent_min", []).append(
                _(
                    "Thresholds must rise from average to good to excellent, "
                    "between 0 and 100."
                )
            )
    for field, keys in (
        ("inspection_points", ("good", "average", "poor")),
        ("daitou_points", ("good", "fair", "average", "poor")),
    ):
        _check_points(errors, field, getattr(rule, field), keys)
    _check_points(errors, "ballot_points", rule.ballot_points, None)
    if errors:
        raise ValidationError(errors)


def _check_points(errors: dict, field: str, mapping, keys) -> None:
    if not isinstance(mapping, dict) or not mapping:
        errors.setdefault(field, []).append(_("Give points for every rating."))
        return
    if keys is not None and set(mapping) != set(keys):
        errors.setdefault(field, []).append(
            _("Give points for exactly these ratings: %(keys)s.")
            % {"keys": ", ".join(keys)}
        )
        return
    for value in mapping.values():
        try:
            points = Decimal(str(value))
        except InvalidOperation:
            points = None
        if points is None or not (0 <= points <= 100):
            errors.setdefault(field, []).append(
                _("Points must be numbers from 0 to 100.")
            )
            return


@transaction.atomic
def rule_update(*, rule: ScoringRule, by, **fields) -> ScoringRule:
    """Change the weights, limits, thresholds or points (评分办法) of a rule."""
    for name, value in fields.items():
        setattr(rule, name, value)
    rule_check(rule)
    rule.updated_by = by
    rule.save()
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=rule,
        institute_id=_institute_id(rule.campaign),
        audience=rule.audience,
    )
    return rule


# ---------------------------------------------------------------------------------------
# Freezing and versions of a criteria set (冻结, 版本)


def criteria_set_version(criteria_set: CriteriaSet) -> CriteriaVersion | None:
    return criteria_set.versions.order_by("-number").first()


def criteria_set_check_editable(*, criteria_set: CriteriaSet) -> None:
    """Refuse a change to a frozen set (pledges' item editor may call this too)."""
    version = criteria_set_version(criteria_set)
    if version is not None and version.is_frozen:
        raise FrozenError(
            _(
                "%(name)s is frozen (version %(number)s, since %(date)s): scoring has "
                "started. Reopen it with a reason to change it."
            )
            % {
                "name": criteria_set.name,
                "number": version.number,
                "date": timezone.localtime(version.frozen_at).strftime("%Y-%m-%d"),
            },
            code="frozen",
        )


def criteria_snapshot(criteria_set: CriteriaSet) -> dict:
    """Items and lines of a set as they stand, for a version's record."""
    return {
        "items": [
            {
                "id": c.pk,
                "code": c.code,
                "name": c.name,
                "parent": c.parent_id,
                "max_points": selectors.n(c.max_points),
                "weight": selectors.n(c.weight),
            }
            for c in criteria_set.criteria.order_by("pk")
        ],
        "lines": [
            {
                "id": line.pk,
                "criterion": line.criterion_id,
                "kind": line.kind,
                "text": line.text,
                "rubric": line.rubric,
                "max": selectors.n(line.max_points),
                "cap": line.grade_cap or None,
                "order": line.order,
            }
            for line in criteria_set.scoring_lines.order_by("pk")
        ],
    }


@transaction.atomic
def criteria_set_freeze(*, criteria_set: CriteriaSet, by=None) -> CriteriaVersion:
    """Freeze the set as its next version; a set already frozen stays as it is."""
    CriteriaSet.objects.select_for_update().filter(pk=criteria_set.pk).first()
    version = criteria_set_version(criteria_set)
    if version is not None and version.is_frozen:
        return version
    version = CriteriaVersion.objects.create(
        criteria_set=criteria_set,
        number=(version.number + 1) if version else 1,
        frozen_at=timezone.now(),
        frozen_by=by,
        snapshot=criteria_snapshot(criteria_set),
    )
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=criteria_set,
        institute_id=_institute_id(criteria_set.campaign),
        step="freeze",
        version=version.number,
    )
    return version


@transaction.atomic
def criteria_set_reopen(
    *, criteria_set: CriteriaSet, by, reason: str
) -> CriteriaVersion:
    """Lift the freeze for a correction; the next freeze is a new version."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the frozen set must change.")})
    version = criteria_set_version(criteria_set)
    if version is None or not version.is_frozen:
        raise ValidationError(_("This set is not frozen: it can be edited already."))
    version.reopened_at = timezone.now()
    version.reopened_by = by
    version.reopen_reason = reason
    version.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=criteria_set,
        institute_id=_institute_id(criteria_set.campaign),
        step="reopen",
        version=version.number,
    )
    return version


@transaction.atomic
def criterion_points_set(
    *, criterion: Criterion, by, max_points: Decimal | None, weight: Decimal | None
) -> Criterion:
    """Set an item's maximum points and weight (分值, 权重) while the set is editable."""
    criteria_set = criterion.criteria_set
    criteria_set_check_editable(criteria_set=criteria_set)
    errors = {}
    if max_points is not None and max_points <= 0:
        errors["max_points"] = _("Maximum points must be more than 0, or left empty.")
    if weight is not None and weight < 0:
        errors["weight"] = _("A weight cannot be negative.")
    if errors:
        raise ValidationError(errors)
    criterion.max_points = max_points
    criterion.weight = weight
    criterion.save(update_fields=["max_points", "weight"])
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=criterion,
        institute_id=_institute_id(criteria_set.campaign),
    )
    return criterion


# ---------------------------------------------------------------------------------------
# Scoring lines (评分细则)


def _line_check(line: ScoringLine) -> None:
    errors: dict[str, str] = {}
    if not line.text.strip():
        errors["text"] = _("Say what this line scores.")
    if line.kind == ScoringLine.Kind.REGULAR:
        if line.criterion_id is None:
            errors["criterion"] = _("Choose the item this line scores.")
        if line.max_points is None or line.max_points <= 0:
            errors["max_points"] = _("A scored line needs maximum points above 0.")
    elif line.kind in (ScoringLine.Kind.BONUS, ScoringLine.Kind.PENALTY):
        if line.max_points is None or line.max_points <= 0:
            errors["max_points"] = _(
                "Say how many points this line may add or take at most."
            )
    if line.kind == ScoringLine.Kind.VETO:
        if not line.grade_cap:
            errors["grade_cap"] = _("Choose the best grade a vetoed unit can get.")
    elif line.grade_cap:
        errors["grade_cap"] = _("Only a veto line caps the grade.")
    if (
        line.criterion_id is not None
        and line.criterion.criteria_set_id != line.criteria_set_id
    ):
        errors["criterion"] = _("Choose an item of the same criteria set.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def line_save(
    *,
    criteria_set: CriteriaSet,
    by,
    line: ScoringLine | None = None,
    kind: str,
    criterion: Criterion | None,
    text: str,
    rubric: str = "",
    max_points: Decimal | None = None,
    grade_cap: str = "",
    order: int | None = None,
) -> ScoringLine:
    """Add or change a scoring line while the set is editable."""
    criteria_set_check_editable(criteria_set=criteria_set)
    if line is None:
        line = ScoringLine(criteria_set=criteria_set)
    elif line.criteria_set_id != criteria_set.pk:
        raise ValidationError(_("This line belongs to another criteria set."))
    if kind != ScoringLine.Kind.REGULAR:
        criterion = None
    if kind == ScoringLine.Kind.VETO:
        max_points = Decimal(0)
    line.kind = kind
    line.criterion = criterion
    line.text = text.strip()
    line.rubric = rubric.strip()
    line.max_points = max_points if max_points is not None else Decimal(0)
    line.grade_cap = grade_cap or ""
    _line_check(line)
    if line.pk:
        highest = (
            line.marks.exclude(points__isnull=True)
            .order_by("-points")
            .values_list("points", flat=True)
            .first()
        )
        if highest is not None and highest > line.max_points:
            raise ValidationError(
                {
                    "max_points": _(
                        "Marks already given on this line reach %(points)s points; "
                        "the maximum cannot go below that."
                    )
                    % {"points": highest}
                }
            )
    if order is None and not line.pk:
        last = (
            criteria_set.scoring_lines.filter(kind=kind, criterion=criterion)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        order = (last or 0) + 1
    if order is not None:
        line.order = order
    created = line.pk is None
    line.save()
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=line,
        institute_id=_institute_id(criteria_set.campaign),
    )
    return line


@transaction.atomic
def line_delete(*, line: ScoringLine, by) -> None:
    """Remove a line that no sheet has marked, while the set is editable."""
    criteria_set_check_editable(criteria_set=line.criteria_set)
    if line.marks.exists():
        raise ValidationError(_("This line already has marks; it cannot be removed."))
    _audit(
        AuditEvent.Action.DELETE,
        by=by,
        obj=line,
        institute_id=_institute_id(line.criteria_set.campaign),
    )
    line.delete()


# ---------------------------------------------------------------------------------------
# Sheets and marks (自评, 评定)


@transaction.atomic
def sheet_for(*, campaign: Campaign, unit: Organization) -> ScoreSheet:
    """The unit's sheet in the campaign, started on first use."""
    sheet = ScoreSheet.objects.filter(campaign=campaign, unit=unit).first()
    if sheet is not None:
        return sheet
    criteria_set = selectors.unit_criteria_set(campaign, unit)
    if criteria_set is None:
        raise ValidationError(_("The campaign has no criteria for units of this kind."))
    sheet, _created = ScoreSheet.objects.get_or_create(
        campaign=campaign, unit=unit, defaults={"criteria_set": criteria_set}
    )
    return sheet


def mark_check(
    *, line: ScoringLine, points: Decimal | None, triggered: bool, comment: str
) -> dict[str, str]:
    """Field errors of one mark (``{"points": …, "comment": …}``), empty when fine."""
    errors: dict[str, str] = {}
    comment = (comment or "").strip()
    if line.is_veto:
        if triggered and not comment:
            errors["comment"] = _("Every mark needs a comment: say why.")
        return errors
    if points is None:
        if comment:
            errors["points"] = _("Give the points for this line, or clear the comment.")
        return errors
    if points < 0:
        errors["points"] = _("Points cannot be negative.")
    elif points > line.max_points:
        errors["points"] = _(
            "%(points)s points exceed this line's maximum of %(max)s."
        ) % {"points": plain(points), "max": plain(line.max_points)}
    if not comment:
        errors["comment"] = _("Every mark needs a comment: say why.")
    elif len(comment) > MAX_COMMENT:
        errors["comment"] = _("Keep the comment under %(n)s characters.") % {
            "n": MAX_COMMENT
        }
    return errors


def _is_empty(entry: dict) -> bool:
    return (
        entry.get("points") is None
        and not entry.get("triggered")
        and not (entry.get("comment") or "").strip()
    )


@transaction.atomic
def _check_marks_open(sheet: ScoreSheet, source: str) -> None:
    """The self-assessment or the office's marks may still change on this sheet."""
    if source == SheetMark.Source.SELF and not sheet.self_open:
        raise ScoringTransitionError(
            _("The self-assessment can no longer change: the sheet is %(status)s.")
            % {"status": sheet.get_status_display()}
        )
    if source == SheetMark.Source.OFFICE and not sheet.office_open:
        raise ScoringTransitionError(
            _("The office marks only a self-assessed sheet; this one is %(status)s.")
            % {"status": sheet.get_status_display()}
        )


def _check_mark_entries(lines: dict, source: str, entries: dict[int, dict]) -> None:
    """Every entry is for a line of the sheet and valid; errors keyed per line."""
    errors: dict[str, str] = {}
    for line_id, entry in entries.items():
        line = lines.get(line_id)
        if line is None:
            raise ValidationError(_("This line is not on the sheet."))
        if line.is_veto and source == SheetMark.Source.SELF:
            if entry.get("triggered"):
                errors[f"triggered_{line_id}"] = _("Only the office marks a veto line.")
            continue
        for field, message in mark_check(
            line=line,
            points=entry.get("points"),
            triggered=bool(entry.get("triggered")),
            comment=entry.get("comment", ""),
        ).items():
            errors[f"{field}_{line_id}"] = message
    if errors:
        raise ValidationError(errors)


def _marks_prepare(
    sheet: ScoreSheet, source: str, lines: dict, entries: dict[int, dict], by, now
) -> tuple[list[int], list[tuple[SheetMark, list[str]]]]:
    """The marks to remove (ids) and to keep (set, unsaved, with their evidence)."""
    existing = {m.line_id: m for m in sheet.marks.filter(source=source)}
    remove, keep = [], []
    for line_id, entry in entries.items():
        line = lines[line_id]
        if line.is_veto and source == SheetMark.Source.SELF:
            continue
        mark = existing.get(line_id)
        if _is_empty(entry) or (line.is_veto and not entry.get("triggered")):
            if mark is not None:
                remove.append(mark.pk)
            continue
        if mark is None:
            mark = SheetMark(sheet=sheet, line=line, source=source)
        mark.points = None if line.is_veto else entry["points"]
        mark.triggered = bool(entry.get("triggered")) if line.is_veto else False
        mark.poor = bool(entry.get("poor")) and source == SheetMark.Source.OFFICE
        mark.comment = entry["comment"].strip()
        mark.marked_by = by
        mark.marked_at = now
        keep.append((mark, entry.get("evidence") or []))
    return remove, keep


def sheet_marks_save(
    *, sheet: ScoreSheet, source: str, entries: dict[int, dict], by
) -> int:
    """Save marks of one side of a sheet; ``entries`` maps line id to
    ``{"points", "triggered", "poor", "comment", "evidence": ["kind:pk", …]}``.

    An empty entry removes the mark. Field errors come back keyed ``<field>_<line id>``.
    The first mark freezes the criteria set. Returns how many marks were kept.
    """
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("campaign", "unit", "criteria_set")
        .get(pk=sheet.pk)
    )
    _check_marks_open(sheet, source)
    lines = {line.pk: line for line in sheet.criteria_set.scoring_lines.all()}
    _check_mark_entries(lines, source, entries)
    evidence_keys = sorted(
        {key for entry in entries.values() for key in entry.get("evidence") or []}
    )
    resolved = (
        selectors.evidence_resolve(
            campaign=sheet.campaign, unit=sheet.unit, keys=evidence_keys
        )
        if evidence_keys
        else {}
    )
    now = timezone.now()
    remove, keep = _marks_prepare(sheet, source, lines, entries, by, now)
    if remove:
        SheetMark.objects.filter(pk__in=remove).delete()
    if keep:
        criteria_set_freeze(criteria_set=sheet.criteria_set, by=by)
    new = [m for m, _e in keep if m.pk is None]
    old = [m for m, _e in keep if m.pk is not None]
    SheetMark.objects.bulk_create(new)
    SheetMark.objects.bulk_update(
        old, ["points", "triggered", "poor", "comment", "marked_by", "marked_at"]
    )
    if new and new[0].pk is None:  # a backend that returns no keys from bulk_create
        ids = dict(sheet.marks.filter(source=source).values_list("line_id", "pk"))
        for mark in new:
            mark.pk = ids[mark.line_id]
    MarkEvidence.objects.filter(mark__in=[m for m, _e in keep]).delete()
    MarkEvidence.objects.bulk_create(
        MarkEvidence(
            mark=mark,
            content_type=resolved[key][0],
            object_id=resolved[key][1],
            label=resolved[key][2],
        )
        for mark, keys in keep
        for key in dict.fromkeys(keys)
    )
    ScoreSheet.objects.filter(pk=sheet.pk).update(updated_at=now)
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=sheet,
        institute_id=_institute_id(sheet.campaign),
        source=source,
        marks=len(keep),
        removed=len(remove),
    )
    return len(keep)


def _missing_lines(sheet: ScoreSheet, source: str) -> int:
    regular = sheet.criteria_set.scoring_lines.filter(kind=ScoringLine.Kind.REGULAR)
    marked = sheet.marks.filter(
        source=source, line__kind=ScoringLine.Kind.REGULAR, points__isnull=False
    ).count()
    return regular.count() - marked


@transaction.atomic
def sheet_step(*, sheet: ScoreSheet, step: str, by) -> ScoreSheet:
    """Move a sheet one step (``ScoreSheet.TRANSITIONS``), checking it is complete."""
    if step not in ScoreSheet.TRANSITIONS:
        raise ScoringTransitionError(_("Unknown step."))
    sheet = (
        ScoreSheet.objects.select_for_update()
        .select_related("campaign", "criteria_set")
        .get(pk=sheet.pk)
    )
    sheet.check_step(step)
    if step in ("submit", "mark"):
        source = SheetMark.Source.SELF if step == "submit" else SheetMark.Source.OFFICE
        if not sheet.criteria_set.scoring_lines.filter(
            kind=ScoringLine.Kind.REGULAR
        ).exists():
            raise ScoringTransitionError(_("The sheet has no scored lines yet."))
        missing = _missing_lines(sheet, source)
        if missing:
            raise ScoringTransitionError(
                _("Mark every scored line before submitting: %(count)s still open.")
                % {"count": missing}
            )
    now = timezone.now()
    _sources, target = ScoreSheet.TRANSITIONS[step]
    sheet.status = target
    fields = ["status", "updated_at"]
    if step == "submit":
        sheet.submitted_at, sheet.submitted_by, sheet.self_skipped = now, by, False
        fields += ["submitted_at", "submitted_by", "self_skipped"]
    elif step == "skip":
        sheet.self_skipped = True
        fields += ["self_skipped"]
    elif step == "return":
        sheet.self_skipped = False
        fields += ["self_skipped"]
    elif step == "mark":
        sheet.marked_at, sheet.marked_by = now, by
        fields += ["marked_at", "marked_by"]
        criteria_set_freeze(criteria_set=sheet.criteria_set, by=by)
    elif step == "finish":
        sheet.done_at = now
        fields += ["done_at"]
    sheet.save(update_fields=fields)
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=sheet,
        institute_id=_institute_id(sheet.campaign),
        step=step,
        status=sheet.status,
    )
    return sheet


# ---------------------------------------------------------------------------------------
# 五带头 assessment (五带头专项考核)


@transaction.atomic
def daitou_rate(
    *, campaign: Campaign, person: Person, entries: dict[int, dict], by
) -> int:
    """Rate a member per 带头: ``entries`` maps a 带头 (top-level criterion of the
    member set) to ``{"rating", "comment"}``; an empty rating removes it."""
    criteria_set = selectors.member_criteria_set(campaign)
    if criteria_set is None:
        raise ValidationError(_("The campaign has no 五带头 criteria."))
    items = {c.pk: c for c in criteria_set.criteria.filter(parent__isnull=True)}
    errors: dict[str, str] = {}
    for criterion_id, entry in entries.items():
        if criterion_id not in items:
            raise ValidationError(_("This is not a 带头 of the member's criteria."))
        rating = entry.get("rating") or ""
        comment = (entry.get("comment") or "").strip()
        if rating and rating not in DaitouRating.Rating.values:
            errors[f"rating_{criterion_id}"] = _("Choose one of the ratings.")
        if rating and not comment:
            errors[f"comment_{criterion_id}"] = _(
                "Every rating needs a comment: say why."
            )
        if comment and not rating:
            errors[f"rating_{criterion_id}"] = _(
                "Choose a rating for this comment, or clear the comment."
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        r.criterion_id: r
        for r in DaitouRating.objects.filter(campaign=campaign, person=person)
    }
    now = timezone.now()
    kept = 0
    for criterion_id, entry in entries.items():
        rating = entry.get("rating") or ""
        current = existing.get(criterion_id)
        if not rating:
            if current is not None:
                current.delete()
            continue
        kept += 1
        comment = entry["comment"].strip()
        if current is not None and (current.rating, current.comment) == (
            rating,
            comment,
        ):
            continue
        DaitouRating.objects.update_or_create(
            campaign=campaign,
            person=person,
            criterion=items[criterion_id],
            defaults={
                "rating": rating,
                "comment": comment,
                "rated_by": by,
                "rated_at": now,
            },
        )
    if kept:
        criteria_set_freeze(criteria_set=criteria_set, by=by)
    _audit(
        AuditEvent.Action.UPDATE,
        by=by,
        obj=person,
        institute_id=person.institute_id,
        what="daitou_ratings",
        campaign=campaign.pk,
        rated=kept,
    )
    return kept


# ---------------------------------------------------------------------------------------
# Scores (综合得分)


def _results(subjects: list[selectors.Subject]) -> dict:
    """Compute every subject and rank each group: key → (subject, result, rank)."""
    results = {s.key: (s, scoring.compute(s.inputs)) for s in subjects}
    ranks = scoring.rank(
        (key, (s.kind, s.category_key), r.score) for key, (s, r) in results.items()
    )
    return {key: (s, r, ranks[key]) for key, (s, r) in results.items()}


def _score_fields(subject, result, rank, digest, now) -> dict:
    return {
        "name": subject.name[:150],
        "category_key": subject.category_key,
        "category_label": subject.category_label[:100],
        "score": result.score,
        "grade": result.grade or "",
        "vetoed": result.vetoed,
        "rank": rank,
        "computed_at": now,
        "inputs_digest": digest,
        "inputs": subject.inputs,
        "breakdown": result.breakdown,
    }


@transaction.atomic
def scores_compute(*, campaign: Campaign, by=None) -> ScoreRun:
    """Compute and store every unit's and member's score (idempotent, bulk).

    A score whose inputs, rank and group did not change is left as it is (its
    ``computed_at`` too); the others are updated in place, new ones created, scores of
    units or members no longer scored removed.
    """
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    now = timezone.now()
    computed = _results(selectors.campaign_inputs(campaign=campaign))
    existing = {
        ("unit", row["unit_id"])
        if row["unit_id"]
        else ("person", row["person_id"]): row
        for row in Score.objects.filter(campaign=campaign).values(
            "pk",
            "unit_id",
            "person_id",
            "inputs_digest",
            "rank",
            "category_key",
            "category_label",
            "name",
        )
    }
    create, full, ranked = [], [], []
    for key, (subject, result, rank) in computed.items():
        digest = scoring.digest(subject.inputs)
        old = existing.get(key)
        owner = (
            {"unit_id": subject.pk}
            if subject.kind == "unit"
            else {"person_id": subject.pk}
        )
        if old is None:
            create.append(
                Score(
                    campaign=campaign,
                    **owner,
                    **_score_fields(subject, result, rank, digest, now),
                )
            )
        elif old["inputs_digest"] != digest:
            full.append(
                Score(
                    pk=old["pk"],
                    campaign=campaign,
                    **owner,
                    **_score_fields(subject, result, rank, digest, now),
                )
            )
        elif (old["rank"], old["category_key"], old["category_label"], old["name"]) != (
            rank,
            subject.category_key,
            subject.category_label[:100],
            subject.name[:150],
        ):
            ranked.append(
                Score(
                    pk=old["pk"],
                    rank=rank,
                    category_key=subject.category_key,
                    category_label=subject.category_label[:100],
                    name=subject.name[:150],
                )
            )
    stale = [row["pk"] for key, row in existing.items() if key not in computed]
    if stale:
        Score.objects.filter(pk__in=stale).delete()
    if create:
        Score.objects.bulk_create(create, batch_size=1000)
    if full:
        Score.objects.bulk_update(
            full,
            [
                "name",
                "category_key",
                "category_label",
                "score",
                "grade",
                "vetoed",
                "rank",
                "computed_at",
                "inputs_digest",
                "inputs",
                "breakdown",
            ],
            batch_size=1000,
        )
    if ranked:
        Score.objects.bulk_update(
            ranked, ["rank", "category_key", "category_label", "name"], batch_size=1000
        )
    changed = len(create) + len(full) + len(ranked) + len(stale)
    run = ScoreRun.objects.filter(campaign=campaign).first()
    if run is None:
        run = ScoreRun.objects.create(
            campaign=campaign, computed_at=now, computed_by=by, changed=changed
        )
    elif changed:
        run.computed_at, run.computed_by, run.changed = now, by, changed
        run.save(update_fields=["computed_at", "computed_by", "changed"])
    if changed or by is not None:
        _audit(
            AuditEvent.Action.UPDATE,
            by=by,
            obj=run,
            institute_id=_institute_id(campaign),
            what="scores_compute",
            changed=changed,
        )
    run.changes = changed  # this computation's changes; not stored
    return run


@transaction.atomic
def scores_publish(*, campaign: Campaign, by, publish: bool = True) -> ScoreRun:
    """Let secretaries and members see their scores (or hide them again)."""
    run = ScoreRun.objects.select_for_update().filter(campaign=campaign).first()
    if run is None:
        raise ValidationError(_("Compute the scores before publishing them."))
    if publish and run.published_at is None:
        run.published_at, run.published_by = timezone.now(), by
    elif not publish:
        run.published_at, run.published_by = None, None
    run.save(update_fields=["published_at", "published_by"])
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=run,
        institute_id=_institute_id(campaign),
        step="publish" if publish else "unpublish",
    )
    return run


def scores_verify(*, campaign: Campaign) -> list[dict]:
    """Recompute every stored score twice and compare (read only).

    ``replay``: the stored inputs run through the arithmetic again must give the stored
    score, grade and veto. ``current``: the inputs read afresh from the database give
    the same digest (nothing changed since) or not, with the score they would give.
    """
    current = _results(selectors.campaign_inputs(campaign=campaign))
    report = []
    for score in Score.objects.filter(campaign=campaign).order_by(
        "category_key", "rank", "name"
    ):
        key = ("unit", score.unit_id) if score.unit_id else ("person", score.person_id)
        replay = scoring.compute(score.inputs)
        replay_equal = (replay.score, replay.grade or "", replay.vetoed) == (
            score.score,
            score.grade,
            score.vetoed,
        ) and scoring.digest(score.inputs) == score.inputs_digest
        now = current.get(key)
        if now is None:
            current_equal, current_score, current_rank = False, None, None
        else:
            subject, result, rank = now
            current_equal = (
                scoring.digest(subject.inputs) == score.inputs_digest
                and rank == score.rank
            )
            current_score, current_rank = result.score, rank
        report.append(
            {
                "score": score,
                "key": key,
                "replayed": replay.score,
                "replay_equal": replay_equal,
                "current_equal": current_equal,
                "current_score": current_score,
                "current_rank": current_rank,
                "equal": replay_equal and current_equal,
            }
        )
    stored = {r["key"] for r in report}
    for key, (subject, result, rank) in current.items():
        if key not in stored:
            report.append(
                {
                    "score": None,
                    "key": key,
                    "name": subject.name,
                    "replayed": None,
                    "replay_equal": False,
                    "current_equal": False,
                    "current_score": result.score,
                    "current_rank": rank,
                    "equal": False,
                }
            )
    return report


def _snapshot_digest(rows: list[Score]) -> str:
    return scoring.digest(
        {
            "rows": [
                [
                    r.unit_id,
                    r.person_id,
                    selectors.n(r.score),
                    r.grade,
                    r.rank,
                    r.vetoed,
                    r.inputs_digest,
                ]
                for r in rows
            ]
        }
    )


@transaction.atomic
def scores_snapshot_take(*, campaign: Campaign, by, label: str = "") -> ScoreSnapshot:
    """Copy the campaign's scores as they stand (when the awards are decided)."""
    rows = list(Score.objects.filter(campaign=campaign).order_by("pk"))
    if not rows:
        raise ValidationError(_("Compute the scores before taking a snapshot."))
    now = timezone.now()
    snapshot = ScoreSnapshot.objects.create(
        campaign=campaign,
        label=(
            label.strip()
            or _("Snapshot of %(date)s")
            % {"date": timezone.localtime(now).strftime("%Y-%m-%d %H:%M")}
        )[:200],
        taken_at=now,
        taken_by=by,
        count=len(rows),
        digest=_snapshot_digest(rows),
    )
    SnapshotScore.objects.bulk_create(
        (
            SnapshotScore(
                snapshot=snapshot,
                **{
                    f: getattr(r, f)
                    for f in (
                        "unit_id",
                        "person_id",
                        "name",
                        "category_key",
                        "category_label",
                        "score",
                        "grade",
                        "vetoed",
                        "rank",
                        "computed_at",
                        "inputs_digest",
                        "inputs",
                        "breakdown",
                    )
                },
            )
            for r in rows
        ),
        batch_size=1000,
    )
    _audit(
        AuditEvent.Action.CREATE,
        by=by,
        obj=snapshot,
        institute_id=_institute_id(campaign),
        count=len(rows),
    )
    return snapshot
