"""The result of one leading body (考核结果), free of Django.

Each item has a weight and a value from 0 to 100 (or none: missing). The score is the
weighted mean of the values present: a missing item's weight is left out and the
others renormalised, and the breakdown says so. The grade comes from the thresholds.
Recomputing from the stored inputs gives the same number.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Grades best first; the last is what is left below every threshold.
GRADES = ("excellent", "good", "average", "poor")


def q2(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def s(value: Decimal | None) -> str | None:
    return None if value is None else str(q2(value))


@dataclass
class Result:
    """A body's score and grade with the rows behind them."""

    score: Decimal | None
    grade: str
    rows: list[dict] = field(default_factory=list)


def grade_of(score: Decimal, thresholds: Mapping) -> str:
    for grade in GRADES[:-1]:
        if score >= Decimal(str(thresholds[grade])):
            return grade
    return GRADES[-1]


def weights_total(weights: Sequence) -> Decimal:
    return sum((Decimal(str(w)) for w in weights), ZERO)


def compute(
    *, items: Sequence[Mapping], values: Mapping, thresholds: Mapping
) -> Result:
    """Score, grade and breakdown rows of one body.

    ``items``: ``{"id", "name", "source", "weight"}`` in order; ``values`` maps an
    item id to ``{"value": Decimal | None, "note": str | None, "detail": [...]}``.
    """
    present = []
    for item in items:
        entry = values.get(item["id"]) or {}
        if entry.get("value") is not None and Decimal(str(item["weight"])) > 0:
            present.append(item)
    total_w = weights_total(i["weight"] for i in present)
    nominal = weights_total(i["weight"] for i in items)
    rows = []
    score = None
    if total_w > 0:
        score = q2(
            sum(
                (
                    Decimal(str(i["weight"])) * Decimal(str(values[i["id"]]["value"]))
                    for i in present
                ),
                ZERO,
            )
            / total_w
        )
        score = min(HUNDRED, max(ZERO, score))
    for item in items:
        entry = values.get(item["id"]) or {}
        weight = Decimal(str(item["weight"]))
        value = entry.get("value")
        row = {
            "item": item["id"],
            "name": item["name"],
            "source": item["source"],
            "weight": s(weight),
            "value": s(Decimal(str(value))) if value is not None else None,
            "note": entry.get("note"),
            "detail": list(entry.get("detail", [])),
        }
        if value is not None and item in present:
            effective = weight / total_w
            row["effective_weight"] = str(
                (effective * HUNDRED).quantize(PLACES, rounding=ROUND_HALF_UP)
            )
            row["contribution"] = s(effective * Decimal(str(value)))
        else:
            row["effective_weight"] = "0.00"
            row["missing"] = True
        rows.append(row)
    if score is None:
        return Result(None, "", rows)
    if total_w != nominal:
        for row in rows:
            row["renormalised"] = True
    return Result(score, grade_of(score, thresholds), rows)
