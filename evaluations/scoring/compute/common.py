"""Shared by the score arithmetic: places, sources, grades, the result and its rows."""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.01")


HUNDRED = Decimal(100)


ZERO = Decimal(0)


# Sources of a final score, in the order the breakdown lists them.
SOURCES = ("office", "self", "inspection", "mass", "democratic", "daitou")


# Grades best first; a cap is "at most this grade".
GRADES = ("excellent", "good", "average", "poor")


LINE_REGULAR, LINE_BONUS, LINE_PENALTY, LINE_VETO = (
    "regular",
    "bonus",
    "penalty",
    "veto",
)


SELF_STATUSES = {"self_assessed", "marked", "done"}


OFFICE_STATUSES = {"marked", "done"}


@dataclass
class Result:
    """One computed score with the breakdown behind it."""

    score: Decimal | None
    grade: str | None
    vetoed: bool = False
    uncapped_grade: str | None = None
    breakdown: list[dict] = field(default_factory=list)
    sources: dict[str, Decimal | None] = field(default_factory=dict)


def D(value) -> Decimal:
    """A Decimal from an input value (strings in stored inputs, numbers in tests)."""
    if value.__class__ is str:  # the stored inputs' numbers: the common case first
        return Decimal(value) if value else ZERO
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def q2(value: Decimal) -> Decimal:
    return value.quantize(PLACES, ROUND_HALF_UP)


def s(value: Decimal | None) -> str | None:
    """How a number is written in a breakdown row."""
    return None if value is None else str(value.quantize(PLACES, ROUND_HALF_UP))


_CANONICAL = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, separators=(",", ":")
).encode


def canonical(inputs: Mapping) -> str:
    """The inputs written canonically (sorted keys, no spaces) as JSON text."""
    return _CANONICAL(inputs)


def digest_of(text: str) -> str:
    """SHA-256 of a canonical text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(inputs: Mapping) -> str:
    """SHA-256 of the inputs written canonically: equal inputs, equal digest."""
    return digest_of(canonical(inputs))


def row(source: str, kind: str, label: str = "", level: int = 0, **fields) -> dict:
    """A breakdown row; ``note`` is a code the page translates (e.g. "missing")."""
    entry = {"source": source, "kind": kind, "label": label, "level": level}
    for key, value in fields.items():
        if value is not None:
            entry[key] = value
    return entry
