"""Sheets and marks (自评, 评定)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import (
    MarkEvidence,
    ScoreSheet,
    ScoringLine,
    ScoringTransitionError,
    SheetMark,
)
from evaluations.scoring import selectors
from evaluations.scoring.services.common import (
    MAX_COMMENT,
    _audit,
    _institute_id,
    plain,
)
from evaluations.scoring.services.versions import criteria_set_freeze
from organizations.audit import AuditEvent
from organizations.models import Organization
from pledges.models import Campaign


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


@transaction.atomic
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
