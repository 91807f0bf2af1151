"""Scores."""

from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from chuangxian.exports.builders.workbooks import (
    CHUNK,
    Progress,
    Sheet,
    _rows,
    _Steps,
    xlsx_book,
)


def _grade_label(value: str) -> str:
    from evaluations.models import Grade

    try:
        return str(Grade(value).label) if value else ""
    except ValueError:
        return value


def _score_row(s) -> Iterable[list]:
    yield [
        s.category_label,
        s.rank,
        s.name,
        _("Member") if s.person_id else _("Unit"),
        s.person.branch.name if s.person_id and s.person.branch_id else "",
        float(s.score) if s.score is not None else None,
        _grade_label(s.grade),
        _("Yes") if s.vetoed else "",
        s.computed_at,
        s.inputs_digest,
    ]


def score_rows(scores: QuerySet, steps: _Steps | None = None) -> Iterable[list]:
    objects = (
        scores.defer("inputs", "breakdown")
        .select_related("unit", "person", "person__branch")
        .iterator(chunk_size=CHUNK)
    )
    return _rows(objects, _score_row, steps)


def _breakdown_rows(s) -> Iterable[list]:
    from evaluations.scoring.views import NOTE_LABELS, SOURCE_LABELS

    for entry in s.breakdown or []:
        label = entry.get("label") or ""
        if entry.get("kind") in ("source", "total") or not label:
            label = str(SOURCE_LABELS.get(entry.get("source"), label))
        note = entry.get("note")
        yield [
            s.name,
            s.category_label,
            str(SOURCE_LABELS.get(entry.get("source"), entry.get("source", ""))),
            entry.get("kind", ""),
            entry.get("level", 0),
            label,
            _number(entry.get("value")),
            _number(entry.get("max")),
            _number(entry.get("weight")),
            _number(entry.get("effective_weight")),
            _number(entry.get("contribution")),
            str(NOTE_LABELS.get(note, note or "")),
        ]


def breakdown_rows(scores: QuerySet, steps: _Steps | None = None) -> Iterable[list]:
    """Every line of every score's breakdown, as the breakdown page lists them."""
    objects = scores.only(
        "pk", "name", "category_label", "breakdown", "category_key", "rank"
    ).iterator(chunk_size=CHUNK)
    return _rows(objects, _breakdown_rows, steps)


def _number(value):
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def scores_xlsx(*, scores: QuerySet, progress: Progress | None = None) -> bytes:
    """Two sheets: the scores with grade and rank, and every line of their breakdowns."""
    total = scores.count()
    ordered = scores.order_by(
        "category_key", F("rank").asc(nulls_last=True), "name", "pk"
    )
    return xlsx_book(
        [
            Sheet(
                _("Scores"),
                [
                    (_("Ranking group"), 22),
                    (_("Rank"), 6),
                    (_("Name"), 22),
                    (_("Kind"), 8),
                    (_("Branch"), 20),
                    (_("Score"), 8),
                    (_("Grade"), 8),
                    (_("Vetoed"), 8),
                    (_("Computed at"), 18),
                    (_("Inputs digest"), 20),
                ],
                score_rows(ordered, _Steps(total, progress, 5, 30)),
            ),
            Sheet(
                _("Breakdown"),
                [
                    (_("Name"), 22),
                    (_("Ranking group"), 22),
                    (_("Source"), 16),
                    (_("Line kind"), 10),
                    (_("Level"), 6),
                    (_("Input"), 40),
                    (_("Value"), 8),
                    (_("Maximum"), 8),
                    (_("Weight"), 8),
                    (_("Effective weight"), 10),
                    (_("Contribution"), 10),
                    (_("Note"), 30),
                ],
                breakdown_rows(ordered, _Steps(total, progress, 30, 95)),
            ),
        ]
    )
