"""Default scoring lines and item weights of a campaign's criteria sets (默认评分细则).

A new campaign gets them through the hook pledges runs at creation; an older campaign
gets what it lacks from ``manage.py criteria_defaults`` or the office's button. A set
the office has already given lines (or weights) keeps them: defaults only fill a set
that has none, and never touch a frozen set.
"""

from decimal import Decimal

from django.db import transaction

from evaluations.models import ScoringLine
from evaluations.scoring.defaults import (
    DEFAULT_ITEM_WEIGHTS,
    DEFAULT_LINES,
    DEFAULT_SPECIAL_LINES,
)
from evaluations.scoring.services.common import _audit, _institute_id
from evaluations.scoring.services.versions import criteria_set_version
from organizations.audit import AuditEvent
from pledges.models import Campaign, CriteriaSet, Criterion
from pledges.services.academy import institutes_recheck


def _frozen(criteria_set: CriteriaSet) -> bool:
    version = criteria_set_version(criteria_set)
    return version is not None and version.is_frozen


def _default_lines(criteria_set: CriteriaSet) -> list[ScoringLine]:
    """The set's default lines, unsaved; none if it has lines or lacks the items."""
    if criteria_set.scoring_lines.exists():
        return []
    items = {c.code: c for c in criteria_set.criteria.filter(parent__isnull=True)}
    lines: list[ScoringLine] = []
    order: dict[str, int] = {}
    for code, text, rubric, points in DEFAULT_LINES[criteria_set.code]:
        if code not in items:
            continue  # the office reshaped the items: leave the lines to it
        order[code] = order.get(code, 0) + 1
        lines.append(
            ScoringLine(
                criteria_set=criteria_set,
                kind=ScoringLine.Kind.REGULAR,
                criterion=items[code],
                text=text,
                rubric=rubric,
                max_points=Decimal(points),
                order=order[code],
            )
        )
    if not lines:
        return []
    special = DEFAULT_SPECIAL_LINES.get(criteria_set.code, {})
    for kind in (ScoringLine.Kind.BONUS, ScoringLine.Kind.PENALTY):
        for i, (text, points) in enumerate(special.get(kind.value, []), start=1):
            lines.append(
                ScoringLine(
                    criteria_set=criteria_set,
                    kind=kind,
                    text=text,
                    max_points=Decimal(points),
                    order=i,
                )
            )
    for i, (text, cap) in enumerate(special.get("veto", []), start=1):
        lines.append(
            ScoringLine(
                criteria_set=criteria_set,
                kind=ScoringLine.Kind.VETO,
                text=text,
                max_points=Decimal(0),
                grade_cap=cap,
                order=i,
            )
        )
    return lines


def _default_weights(criteria_set: CriteriaSet) -> list:
    """The set's top items given their default weights, unsaved; none if any has one."""
    items = list(criteria_set.criteria.filter(parent__isnull=True))
    if not items or any(c.weight is not None for c in items):
        return []
    weights = DEFAULT_ITEM_WEIGHTS[criteria_set.code]
    changed = []
    for item in items:
        if item.code in weights:
            item.weight = Decimal(weights[item.code])
            changed.append(item)
    return changed


@transaction.atomic
def criteria_defaults_apply(
    *, campaign: Campaign, by=None, add_sets: bool = False
) -> dict[str, int]:
    """Give the campaign's default sets the default lines and weights they lack.

    With ``add_sets`` first add the default sets (and items of an empty default set)
    the campaign lacks, e.g. 杰出青年 in a campaign made before it existed. Running it
    again changes nothing. Returns how many sets, lines and weights were added.
    """
    from pledges.services import criteria_seed

    added = {"sets": 0, "lines": 0, "weights": 0}
    if add_sets:
        added["sets"] = len(criteria_seed(campaign=campaign, fill_empty=True))
    codes = [*DEFAULT_LINES, *DEFAULT_ITEM_WEIGHTS]
    for criteria_set in campaign.criteria_sets.filter(code__in=codes).order_by(
        "order", "pk"
    ):
        if _frozen(criteria_set):
            continue
        lines, weights = [], []
        if criteria_set.code in DEFAULT_LINES:
            if criteria_set.audience == CriteriaSet.Audience.UNIT:
                lines = _default_lines(criteria_set)
        if criteria_set.code in DEFAULT_ITEM_WEIGHTS:
            weights = _default_weights(criteria_set)
        if not lines and not weights:
            continue
        ScoringLine.objects.bulk_create(lines)
        Criterion.objects.bulk_update(weights, ["weight"])
        added["lines"] += len(lines)
        added["weights"] += len(weights)
        _audit(
            AuditEvent.Action.UPDATE,
            by=by,
            obj=criteria_set,
            institute_id=_institute_id(campaign),
            what="default_lines",
            lines=len(lines),
            weights=len(weights),
        )
    if any(added.values()):
        institutes_recheck(parent=campaign)  # an academy's new sets bind its institutes
    return added


def campaign_defaults_seed(*, campaign: Campaign, by=None) -> None:
    """The hook pledges runs when it creates or copies a campaign."""
    criteria_defaults_apply(campaign=campaign, by=by)
