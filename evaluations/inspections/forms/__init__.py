"""Forms of inspections, spot checks, findings, rectification, help and reviews.

They validate and clean only; the services do the work.
"""

from evaluations.inspections.forms.common import (
    EVIDENCE_CHOICES,
    MultipleFileField,
    MultipleFileInput,
    campaign_people,
    inspectors,
    unit_people,
)
from evaluations.inspections.forms.findings import (
    CommendForm,
    FindingForm,
    UnitChoiceForm,
)
from evaluations.inspections.forms.rectification import (
    HelpItemForm,
    HelpMoveForm,
    RectificationAnswerForm,
    RectificationOpenForm,
    ReinspectForm,
    ReopenForm,
)
from evaluations.inspections.forms.reviews import ReviewForm
from evaluations.inspections.forms.rounds import (
    DrawForm,
    RoundNoteForm,
    SamplingForm,
    VoidForm,
)
from evaluations.inspections.forms.visits import FieldVisitForm

__all__ = [
    "CommendForm",
    "FieldVisitForm",
    "campaign_people",
    "DrawForm",
    "EVIDENCE_CHOICES",
    "FindingForm",
    "HelpItemForm",
    "HelpMoveForm",
    "inspectors",
    "MultipleFileField",
    "MultipleFileInput",
    "RectificationAnswerForm",
    "RectificationOpenForm",
    "ReinspectForm",
    "ReopenForm",
    "ReviewForm",
    "RoundNoteForm",
    "SamplingForm",
    "unit_people",
    "UnitChoiceForm",
    "VoidForm",
]
