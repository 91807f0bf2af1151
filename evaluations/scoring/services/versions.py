"""Freezing and versions of a criteria set (冻结, 版本)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.models import CriteriaVersion, FrozenError
from evaluations.scoring import selectors
from evaluations.scoring.services.common import _audit, _institute_id
from organizations.audit import AuditEvent
from pledges.models import CriteriaSet, Criterion
from pledges.services.academy import criterion_check_weight, institutes_recheck


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
    else:
        try:
            criterion_check_weight(criterion, weight)
        except ValidationError as error:
            errors.update(error.message_dict)
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
    # An academy's heavier weight binds the institutes beneath it from now on.
    institutes_recheck(parent=criteria_set.campaign)
    return criterion
