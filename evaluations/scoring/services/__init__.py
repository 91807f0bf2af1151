"""Workflows of the scoring sheet, the scores and the 五带头 assessment (量化考核, 综合得分).

- The office sets the scoring lines under each criterion and the campaign's weights.
  Once scoring starts (the first mark or 五带头 rating) the criteria set is frozen as a
  numbered version; edits are refused until the office reopens it with a reason.
- A branch self-assesses its sheet and submits it; the office marks and finishes it.
- ``scores_compute`` gathers every input in bulk, runs the pure arithmetic of
  ``evaluations.scoring.compute`` and stores each score with its inputs and breakdown, in place:
  computing twice leaves the same state (the award cycle calls it on its date).
- ``scores_verify`` recomputes from the stored inputs and from the database;
  ``scores_snapshot_take`` copies the scores for the awards, never to change again.
"""

from evaluations.scoring.services.common import DEFAULT_WEIGHTS, MAX_COMMENT, plain
from evaluations.scoring.services.daitou import daitou_rate
from evaluations.scoring.services.defaults import (
    campaign_defaults_seed,
    criteria_defaults_apply,
)
from evaluations.scoring.services.lines import line_delete, line_save
from evaluations.scoring.services.rules import rule_check, rule_for, rule_update
from evaluations.scoring.services.scores import (
    _snapshot_digest,
    scores_compute,
    scores_publish,
    scores_snapshot_take,
    scores_verify,
)
from evaluations.scoring.services.sheets import (
    mark_check,
    sheet_for,
    sheet_marks_save,
    sheet_step,
)
from evaluations.scoring.services.versions import (
    criteria_set_check_editable,
    criteria_set_freeze,
    criteria_set_reopen,
    criteria_set_version,
    criteria_snapshot,
    criterion_points_set,
)

__all__ = [
    "_snapshot_digest",
    "campaign_defaults_seed",
    "criteria_defaults_apply",
    "criteria_set_check_editable",
    "criteria_set_freeze",
    "criteria_set_reopen",
    "criteria_set_version",
    "criteria_snapshot",
    "criterion_points_set",
    "daitou_rate",
    "DEFAULT_WEIGHTS",
    "line_delete",
    "line_save",
    "mark_check",
    "MAX_COMMENT",
    "plain",
    "rule_check",
    "rule_for",
    "rule_update",
    "scores_compute",
    "scores_publish",
    "scores_snapshot_take",
    "scores_verify",
    "sheet_for",
    "sheet_marks_save",
    "sheet_step",
]
