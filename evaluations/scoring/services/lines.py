"""Scoring lines (评分细则)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.models import ScoringLine
from evaluations.scoring.services.common import _audit, _institute_id
from evaluations.scoring.services.versions import criteria_set_check_editable
from organizations.audit import AuditEvent
from pledges.models import CriteriaSet, Criterion


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
