"""Reads of inspections, spot checks, rectification and reviews that take more than a line.

Every list here keeps a fixed number of queries whatever its size and is filtered by the
reader's scope.
"""

from evaluations.inspections.selectors.panels import (
    member_panel,
    office_panel,
    secretary_panel,
)
from evaluations.inspections.selectors.rectification import (
    STATUS_FILTERS,
    help_items_for,
    open_rectification_units,
    rectification_counts,
    rectification_steps,
    rectifications_for,
    rectifications_to_answer,
)
from evaluations.inspections.selectors.reviews import (
    REVIEW_STATES,
    my_reviews,
    review_branches,
    review_facts,
    review_history,
    review_members,
    review_progress,
    review_rounds,
    reviews_to_acknowledge,
)
from evaluations.inspections.selectors.rounds import (
    current_draw,
    eligible_now_differs,
    findings_for,
    quarter_rows,
    round_findings,
    rule_rows,
    sample_rows,
    sampling_strata,
    voided_draws,
)

__all__ = [
    "current_draw",
    "eligible_now_differs",
    "findings_for",
    "help_items_for",
    "member_panel",
    "my_reviews",
    "office_panel",
    "open_rectification_units",
    "quarter_rows",
    "rectification_counts",
    "rectification_steps",
    "rectifications_for",
    "rectifications_to_answer",
    "review_branches",
    "review_facts",
    "review_history",
    "review_members",
    "review_progress",
    "review_rounds",
    "REVIEW_STATES",
    "reviews_to_acknowledge",
    "round_findings",
    "rule_rows",
    "sample_rows",
    "sampling_strata",
    "secretary_panel",
    "STATUS_FILTERS",
    "voided_draws",
]
