"""Forms of the scoring sheet, the scoring rules and the 五带头 assessment.

Forms validate and clean only; the mark checks are the services' own (``mark_check``),
so a form and a service refuse the same input with the same words.
"""

from evaluations.scoring.forms.common import PointsField
from evaluations.scoring.forms.daitou import DaitouForm
from evaluations.scoring.forms.lines import (
    CriterionPointsForm,
    LineForm,
    ReopenForm,
    SnapshotForm,
)
from evaluations.scoring.forms.marks import MarksForm
from evaluations.scoring.forms.rules import POINT_MAPS, RATING_LABELS, RuleForm

__all__ = [
    "CriterionPointsForm",
    "DaitouForm",
    "LineForm",
    "MarksForm",
    "POINT_MAPS",
    "PointsField",
    "RATING_LABELS",
    "ReopenForm",
    "RuleForm",
    "SnapshotForm",
]
