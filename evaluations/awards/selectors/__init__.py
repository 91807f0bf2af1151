"""Reads of the award selection and phases 3 to 5 (评选表彰, 述职述廉, 示范岗, 经验交流).

List pages read a fixed number of queries whatever their size: candidates come with
their title, unit and person joined, nominations are fetched for a page in one query.
"""

from evaluations.awards.selectors.lists import (
    STATE_ORDER,
    WRITER_ROLES,
    adjustments,
    attach_nomination_files,
    attach_nominations,
    award_list_of,
    candidate_rows,
    conflicts_of_interest,
    group_summary,
    missing_deeds,
    nomination_candidates,
    nominations_for,
    quotas,
    scores_state,
    state_counts,
    winners,
    with_sections,
)
from evaluations.awards.selectors.panels import (
    commendation_panel,
    duty_panel,
    leader_panel,
    office_panel,
    writer_panel,
)
from evaluations.awards.selectors.records import (
    duty_reports,
    duty_round_of,
    exchange_units,
    exchanges,
    model_post_people,
    model_posts,
)

__all__ = [
    "adjustments",
    "attach_nomination_files",
    "attach_nominations",
    "award_list_of",
    "candidate_rows",
    "commendation_panel",
    "duty_panel",
    "duty_reports",
    "duty_round_of",
    "exchange_units",
    "exchanges",
    "group_summary",
    "leader_panel",
    "missing_deeds",
    "conflicts_of_interest",
    "model_post_people",
    "model_posts",
    "nomination_candidates",
    "nominations_for",
    "office_panel",
    "quotas",
    "scores_state",
    "state_counts",
    "STATE_ORDER",
    "winners",
    "with_sections",
    "writer_panel",
    "WRITER_ROLES",
]
