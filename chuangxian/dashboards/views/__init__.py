"""Dashboards (看板) and exports (导出): the office's whole campaign on one screen, a
branch's own, the units behind every figure, and the Excel and PDF files.

Charts are drawn by ``static/js/charts.js`` from JSON data blocks on the page (the
content security policy runs no inline script); each chart has its table beside it,
and every figure links to the list of units behind it.
"""

from chuangxian.dashboards.views.branches import (
    branch,
    get_dashboard_unit_for,
    my_branch,
)
from chuangxian.dashboards.views.campaign import office, turnout_fragment
from chuangxian.dashboards.views.common import (
    BLUE,
    GRADE_COLOURS,
    GREEN,
    GREY,
    PAGE_SIZE,
    RED,
    STATUS_COLOURS,
    chart,
    require_dashboard,
)
from chuangxian.dashboards.views.drilldown import FIGURES, drill
from chuangxian.dashboards.views.exports import (
    COMMENDATION_LIMIT,
    award_list_xlsx,
    commendation_pdf,
    export_job,
    export_job_download,
    export_job_status,
    export_request,
    exports_index,
    get_export_job_for,
    news_matrix_xlsx,
    pledge_sheet_pdf,
    round_opinions_xlsx,
)

__all__ = [
    "BLUE",
    "COMMENDATION_LIMIT",
    "FIGURES",
    "GRADE_COLOURS",
    "GREEN",
    "GREY",
    "PAGE_SIZE",
    "RED",
    "STATUS_COLOURS",
    "award_list_xlsx",
    "round_opinions_xlsx",
    "branch",
    "chart",
    "commendation_pdf",
    "drill",
    "export_job",
    "export_job_download",
    "export_job_status",
    "export_request",
    "exports_index",
    "get_dashboard_unit_for",
    "get_export_job_for",
    "my_branch",
    "news_matrix_xlsx",
    "office",
    "pledge_sheet_pdf",
    "require_dashboard",
    "turnout_fragment",
]
