"""Workflows of the campaign year: campaigns, plans, pledges, supervision and fulfilment.

Functions are keyword-only ``<noun>_<verb>`` and run in one transaction. Workflow steps
are conditional UPDATEs on the current state, so two people acting at once end with one
result and a clear message for the other.
"""

from pledges.services.campaigns import (
    campaign_copy,
    campaign_create,
    campaign_default_dates,
    campaign_seeder_register,
    campaign_update,
    criteria_guard_register,
    criteria_seed,
    criterion_delete,
    criterion_save,
    template_update,
    templates_seed,
)
from pledges.services.defaults import (
    DEFAULT_CRITERIA_SETS,
    DEFAULT_MASS_TEMPLATES,
    DEFAULT_TEMPLATES,
    P,
    U,
)
from pledges.services.fulfilment import can_report, progress_report
from pledges.services.plans import (
    plan_approve,
    plan_change_approve,
    plan_change_return,
    plan_content,
    plan_create,
    plan_publish,
    plan_return,
    plan_submit,
    plan_update,
)
from pledges.services.pledges import (
    is_member_of,
    pledge_approve,
    pledge_change_approve,
    pledge_change_return,
    pledge_content,
    pledge_create,
    pledge_publish,
    pledge_return,
    pledge_submit,
    pledge_update,
)
from pledges.services.supervision import comment_add, comment_answer
from pledges.services.workflow import (
    approvers_of,
    criteria_set_for,
    plan_snapshot,
    pledge_snapshot,
    template_for,
)

__all__ = [
    "campaign_seeder_register",
    "DEFAULT_CRITERIA_SETS",
    "DEFAULT_MASS_TEMPLATES",
    "DEFAULT_TEMPLATES",
    "P",
    "U",
    "approvers_of",
    "campaign_copy",
    "campaign_create",
    "campaign_default_dates",
    "campaign_update",
    "can_report",
    "comment_add",
    "comment_answer",
    "criteria_guard_register",
    "criteria_seed",
    "criteria_set_for",
    "criterion_delete",
    "criterion_save",
    "is_member_of",
    "plan_approve",
    "plan_change_approve",
    "plan_change_return",
    "plan_content",
    "plan_create",
    "plan_publish",
    "plan_return",
    "plan_snapshot",
    "plan_submit",
    "plan_update",
    "pledge_approve",
    "pledge_change_approve",
    "pledge_change_return",
    "pledge_content",
    "pledge_create",
    "pledge_publish",
    "pledge_return",
    "pledge_snapshot",
    "pledge_submit",
    "pledge_update",
    "progress_report",
    "template_for",
    "template_update",
    "templates_seed",
]
