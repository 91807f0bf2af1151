"""Pages of the scoring sheet, the scores and the 五带头 assessment.

Office: rules, scoring lines, freeze, the sheets of all units, compute, ranking,
breakdowns, verify, publish and snapshots. Secretaries: their unit's self-assessment,
their members' 五带头 ratings, and, once published, their unit's score. Members: their
own breakdown once published.
"""

from evaluations.scoring.views.criteria import (
    criteria,
    criteria_defaults,
    criteria_freeze,
    criteria_reopen,
    criterion_edit,
    line_delete,
    line_edit,
    lines,
)
from evaluations.scoring.views.daitou import assessment, assessments
from evaluations.scoring.views.index import index
from evaluations.scoring.views.rules import rule_edit, rules
from evaluations.scoring.views.scores import (
    AUDIENCES,
    NOTE_LABELS,
    RATING_LABELS,
    SOURCE_LABELS,
    compute,
    mine,
    missing_sources,
    person_breakdown,
    publish,
    ranking,
    unit_breakdown,
    verify,
)
from evaluations.scoring.views.sheets import sheet, sheet_marks, sheet_step, sheets
from evaluations.scoring.views.snapshots import snapshot, snapshot_row, snapshots

__all__ = [
    "missing_sources",
    "assessment",
    "assessments",
    "AUDIENCES",
    "compute",
    "criteria",
    "criteria_defaults",
    "criteria_freeze",
    "criteria_reopen",
    "criterion_edit",
    "index",
    "line_delete",
    "line_edit",
    "lines",
    "mine",
    "NOTE_LABELS",
    "person_breakdown",
    "publish",
    "ranking",
    "RATING_LABELS",
    "rule_edit",
    "rules",
    "sheet",
    "sheet_marks",
    "sheet_step",
    "sheets",
    "snapshot",
    "snapshot_row",
    "snapshots",
    "SOURCE_LABELS",
    "unit_breakdown",
    "verify",
]
