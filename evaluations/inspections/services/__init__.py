"""Workflows of inspections, spot checks, half-year reviews and rectification.

The campaign calendar (the periodic tick) calls ``inspection_round_open``,
``inspection_round_close``, ``review_round_open``, ``review_round_close`` and
``rectification_escalate_overdue``: each is idempotent, so a second call, or two at once,
change nothing more than one. The scoring module calls ``rectification_open`` for a poor
grade; the award module asks ``open_rectification_units`` which units still have work
to do. Every state change is written to the audit log.
"""

from evaluations.inspections.services.common import (
    DEFAULT_DEADLINE_DAYS,
    MAX_FILES_PER_UPLOAD,
    A,
    general_secretaries_above,
    leading_secretaries,
    office_people,
    unit_secretaries,
)
from evaluations.inspections.services.findings import (
    finding_commend,
    finding_record,
    finding_update,
)
from evaluations.inspections.services.rectification import (
    default_owner,
    help_item_create,
    help_item_move,
    open_rectification_units,
    overdue_items,
    rectification_answer,
    rectification_close,
    rectification_escalate_overdue,
    rectification_open,
    rectification_reinspect,
    rectification_reopen,
)
from evaluations.inspections.services.reviews import (
    review_acknowledge,
    review_round_close,
    review_round_open,
    review_round_reopen,
    review_write,
)
from evaluations.inspections.services.rounds import (
    campaign_categories,
    eligible_by_category,
    eligible_units,
    inspected_units,
    inspection_round_close,
    inspection_round_note,
    inspection_round_open,
    inspection_round_plan,
    inspection_round_reopen,
    sampling_message,
    spot_check_configure,
    spot_check_draw,
    spot_check_verify,
    spot_check_void,
    stratum_names,
    supervised_units,
)
from evaluations.inspections.services.visits import field_visit_record

__all__ = [
    "campaign_categories",
    "A",
    "DEFAULT_DEADLINE_DAYS",
    "MAX_FILES_PER_UPLOAD",
    "default_owner",
    "eligible_by_category",
    "eligible_units",
    "field_visit_record",
    "finding_commend",
    "finding_record",
    "finding_update",
    "general_secretaries_above",
    "leading_secretaries",
    "help_item_create",
    "help_item_move",
    "inspected_units",
    "inspection_round_close",
    "inspection_round_note",
    "inspection_round_open",
    "inspection_round_plan",
    "inspection_round_reopen",
    "office_people",
    "open_rectification_units",
    "overdue_items",
    "rectification_answer",
    "rectification_close",
    "rectification_escalate_overdue",
    "rectification_open",
    "rectification_reinspect",
    "rectification_reopen",
    "review_acknowledge",
    "review_round_close",
    "review_round_open",
    "review_round_reopen",
    "review_write",
    "sampling_message",
    "spot_check_configure",
    "spot_check_draw",
    "spot_check_verify",
    "spot_check_void",
    "stratum_names",
    "supervised_units",
    "unit_secretaries",
]
