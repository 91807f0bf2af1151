"""Scoring rules: weights, thresholds, points (评分办法)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.models import ScoringRule
from evaluations.scoring.services.common import (
    DEFAULT_WEIGHTS,
    _audit,
    _institute_id,
    plain,
)
from organizations.audit import AuditEvent
from pledges.models import Campaign


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
