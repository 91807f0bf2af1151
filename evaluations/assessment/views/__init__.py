"""Pages of the assessment of leading bodies (领导班子实绩考核)."""

from evaluations.assessment.views.bodies import achievements, body
from evaluations.assessment.views.lists import (
    assessment_list,
    compute,
    index,
    items,
    open_assessment,
    publish,
)

__all__ = [
    "achievements",
    "assessment_list",
    "body",
    "compute",
    "index",
    "items",
    "open_assessment",
    "publish",
]
