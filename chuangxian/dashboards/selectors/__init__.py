"""Reads behind the dashboards (看板): the whole campaign on one screen, or one branch.

Every figure is one aggregate query (or a fixed handful), so a dashboard costs the same
number of queries whatever the size of the institute. Figures are filtered by the
reader's scope exactly as the lists they drill down to, so a number on the dashboard
and the length of the list behind it agree.
"""

from chuangxian.dashboards.selectors.branch import (
    Deadline,
    branch_dashboard,
    progress_of_items,
    scores_published,
)
from chuangxian.dashboards.selectors.common import (
    DEADLINES,
    MASS_KEY,
    MISSING_SHOWN,
    NONE_KEY,
    TOP_PER_CATEGORY,
    UPCOMING_EVENTS,
    _by_category,
    branches_in,
    branches_without_plan,
    categories_in,
    category_key,
    round_percent,
)
from chuangxian.dashboards.selectors.home import my_notifications
from chuangxian.dashboards.selectors.inspections import (
    branches_by_inspection,
    current_quarter,
    inspection_coverage,
)
from chuangxian.dashboards.selectors.news import news_figures, news_missing_branches
from chuangxian.dashboards.selectors.phase import campaign_overview
from chuangxian.dashboards.selectors.plans import (
    filing,
    members_without_pledge,
    plans_in,
    pledges_in,
)
from chuangxian.dashboards.selectors.rectification import rectification_figures
from chuangxian.dashboards.selectors.scores import (
    AUDIENCES,
    score_figures,
    scores_with_grade,
)
from chuangxian.dashboards.selectors.turnout import turnout_figures, turnout_round

__all__ = [
    "AUDIENCES",
    "DEADLINES",
    "Deadline",
    "MASS_KEY",
    "MISSING_SHOWN",
    "NONE_KEY",
    "TOP_PER_CATEGORY",
    "UPCOMING_EVENTS",
    "_by_category",
    "branch_dashboard",
    "branches_by_inspection",
    "branches_in",
    "branches_without_plan",
    "campaign_overview",
    "categories_in",
    "category_key",
    "current_quarter",
    "filing",
    "inspection_coverage",
    "members_without_pledge",
    "my_notifications",
    "news_figures",
    "news_missing_branches",
    "plans_in",
    "pledges_in",
    "progress_of_items",
    "rectification_figures",
    "round_percent",
    "score_figures",
    "scores_published",
    "scores_with_grade",
    "turnout_figures",
    "turnout_round",
]
