"""Pages of the campaign year: campaigns, plans, pledges, the public board and progress.

Views are thin: load through an access helper, validate the form, call the service,
redirect or render.
"""

from pledges.views.campaigns import (
    campaign_copy,
    campaign_create,
    campaign_detail,
    campaign_edit,
    campaign_list,
    criteria_edit,
    template_edit,
)
from pledges.views.fulfilment import (
    evidence_download,
    progress_item,
    progress_measure,
    progress_unit,
)
from pledges.views.plans import (
    STEPS,
    plan_create,
    plan_detail,
    plan_edit,
    plan_list,
    plan_row,
    plan_step,
)
from pledges.views.pledges import (
    pledge_create,
    pledge_detail,
    pledge_edit,
    pledge_list,
    pledge_row,
    pledge_step,
)
from pledges.views.public import (
    board,
    board_print,
    board_unit,
    comment_add,
    comment_answer,
    qr_svg,
)

__all__ = [
    "STEPS",
    "board",
    "board_print",
    "board_unit",
    "campaign_copy",
    "campaign_create",
    "campaign_detail",
    "campaign_edit",
    "campaign_list",
    "comment_add",
    "comment_answer",
    "criteria_edit",
    "evidence_download",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_row",
    "plan_step",
    "pledge_create",
    "pledge_detail",
    "pledge_edit",
    "pledge_list",
    "pledge_row",
    "pledge_step",
    "progress_item",
    "progress_measure",
    "progress_unit",
    "qr_svg",
    "template_edit",
]
