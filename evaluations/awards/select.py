"""Who the award proposal puts forward (评选, 拟表彰名单), free of Django.

``awards_propose`` reads the score snapshot, the quotas, the office's adjusted rows and
what bars a subject from winning into the plain dataclasses below; ``select`` says,
quota by quota, who fills it and who was passed over on the way, and why. The same
inputs give the same picks in the same order.

Rules (tested in tests/evaluations/awards/test_select.py):

1. A quota's **pool** is the snapshot rows that compete for its title (same family and
   audience) and have a score; for a per-category quota, only rows of that category.
2. **Order** within a category: by rank (no rank last), then score (highest first),
   then name. Across categories: by score (highest first), then rank, name and row id.
3. Walking the pool, a subject the office **adjusted** for the title is skipped (the
   office's row stands); every other subject is **picked**: excluded, with one reason
   per vetoed line (一票否决), per open rectification item of its unit or owned by the
   person (整改), or for a grade below 良好 (unless already vetoed); otherwise selected.
4. A quota's **slots** are its count less the office's selected rows for it; the walk
   stops once the selected picks fill them. Excluded picks take no slot, so they are
   exactly the subjects passed over on the way.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

# The grades that may win an award (良好 and better): ``Grade`` values.
WINNING_GRADES = frozenset({"excellent", "good"})


@dataclass(frozen=True)
class Row:
    """One subject's line in the score snapshot, and the title it competes for."""

    pk: int
    family: str
    audience: str
    name: str = ""
    score: Decimal | None = None
    grade: str | None = ""
    rank: int | None = None
    category_key: str = ""
    unit_id: int | None = None
    person_id: int | None = None
    vetoed: bool = False


@dataclass(frozen=True)
class Quota:
    """How many subjects a title (criteria set) commends, in a category or all ("")."""

    criteria_set_id: int
    family: str
    audience: str
    count: int
    category_key: str = ""

    def covers(self, category_key: str) -> bool:
        return not self.category_key or category_key == self.category_key


@dataclass(frozen=True)
class Adjusted:
    """A row of the list the office adjusted: the proposal keeps it as it is."""

    criteria_set_id: int
    unit_id: int | None = None
    person_id: int | None = None
    category_key: str = ""
    selected: bool = False


@dataclass(frozen=True)
class Obstacles:
    """What bars a subject from winning: veto lines, open rectification items."""

    # Snapshot row id → the labels of its triggered veto lines.
    veto_lines: Mapping[int, list[str]] = field(default_factory=dict)
    # Units with open rectification, and the open items by unit and by owner.
    open_units: Collection[int] = frozenset()
    unit_items: Mapping[int, list[str]] = field(default_factory=dict)
    owner_items: Mapping[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Pick:
    """A subject the proposal puts on the list, selected or excluded with reasons."""

    quota: Quota
    row: Row
    exclusions: list[dict]

    @property
    def selected(self) -> bool:
        return not self.exclusions


def subject_key(criteria_set_id: int, unit_id, person_id) -> tuple:
    """One subject (a unit, else a person) under one title."""
    return (
        (criteria_set_id, "unit", unit_id)
        if unit_id
        else (criteria_set_id, "person", person_id)
    )


def exclusions(row: Row, obstacles: Obstacles) -> list[dict]:
    """Why a row cannot win, one entry per reason (empty: it can)."""
    reasons = []
    if row.vetoed:
        lines = obstacles.veto_lines.get(row.pk) or [""]
        reasons += [{"code": "veto", "detail": text} for text in lines]
    if row.unit_id and row.unit_id in obstacles.open_units:
        items = obstacles.unit_items.get(row.unit_id) or [""]
        reasons += [{"code": "rectification", "detail": text} for text in items]
    if row.person_id and row.person_id in obstacles.owner_items:
        reasons += [
            {"code": "rectification", "detail": text}
            for text in obstacles.owner_items[row.person_id]
        ]
    if not row.vetoed and row.grade not in WINNING_GRADES:
        reasons.append({"code": "grade", "detail": row.grade or ""})
    return reasons


def _order(by_category: bool):
    def key(row: Row):
        missing = row.score is None
        score = -(row.score or 0)
        if by_category:
            return (row.rank is None, row.rank or 0, missing, score, row.name)
        return (missing, score, row.rank or 0, row.name, row.pk)

    return key


def _pool(quota: Quota, rows: Iterable[Row]) -> list[Row]:
    pool = [
        row for row in rows if row.score is not None and quota.covers(row.category_key)
    ]
    pool.sort(key=_order(bool(quota.category_key)))
    return pool


def _slots(quota: Quota, adjusted: list[Adjusted]) -> int:
    """The quota's count less the office's selected rows for it."""
    return quota.count - sum(
        1
        for a in adjusted
        if a.criteria_set_id == quota.criteria_set_id
        and a.selected
        and quota.covers(a.category_key)
    )


def _fill(
    quota: Quota, pool: list[Row], slots: int, kept: set, obstacles: Obstacles
) -> list[Pick]:
    """Walk the pool until the selected picks fill the slots."""
    picks = []
    for row in pool:
        if slots <= 0:
            break
        if subject_key(quota.criteria_set_id, row.unit_id, row.person_id) in kept:
            continue
        pick = Pick(quota, row, exclusions(row, obstacles))
        picks.append(pick)
        if pick.selected:
            slots -= 1
    return picks


def select(
    quotas: Iterable[Quota],
    rows: Iterable[Row],
    *,
    adjusted: Iterable[Adjusted] = (),
    obstacles: Obstacles | None = None,
) -> list[Pick]:
    """The picks of every quota in turn, in the order the list shows them."""
    obstacles = obstacles or Obstacles()
    adjusted = list(adjusted)
    kept = {subject_key(a.criteria_set_id, a.unit_id, a.person_id) for a in adjusted}
    titles: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in rows:
        titles[(row.family, row.audience)].append(row)
    picks: list[Pick] = []
    for quota in quotas:
        pool = _pool(quota, titles.get((quota.family, quota.audience), []))
        picks += _fill(quota, pool, _slots(quota, adjusted), kept, obstacles)
    return picks
