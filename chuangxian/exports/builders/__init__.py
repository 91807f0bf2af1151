"""Excel and PDF exports (导出): builders that take querysets or rows and return bytes.

Nothing here checks who asks: the callers (views and export tasks) pass querysets that
are already filtered by the requester's scope. Column headings are translated into the
language active when the builder runs; the data (names, items, texts) is written as
stored. Workbooks are written in openpyxl's write-only mode, so a whole institute's
pledges stream through without holding every cell in memory.

PDFs come from HTML templates through WeasyPrint, which draws CJK text with the system's
Noto CJK fonts. A machine where WeasyPrint cannot load its libraries raises
``PdfUnavailable``; the pages then say so instead of failing.
"""

from chuangxian.exports.builders.awards import award_list_xlsx, commendation_html
from chuangxian.exports.builders.news import news_matrix_xlsx
from chuangxian.exports.builders.opinions import opinions_xlsx
from chuangxian.exports.builders.pdf import (
    PdfUnavailable,
    html_to_pdf,
    ledger_html,
    pdf_available,
    pledge_sheet_html,
)
from chuangxian.exports.builders.plans import plan_rows, plans_pledges_xlsx, pledge_rows
from chuangxian.exports.builders.scores import breakdown_rows, score_rows, scores_xlsx
from chuangxian.exports.builders.workbooks import (
    BOLD,
    CHUNK,
    HEAD_FILL,
    MISSING_FILL,
    PDF_TYPE,
    WRAP,
    XLSX_TYPE,
    Progress,
    Sheet,
    xlsx_book,
)

__all__ = [
    "BOLD",
    "CHUNK",
    "HEAD_FILL",
    "MISSING_FILL",
    "PDF_TYPE",
    "PdfUnavailable",
    "Progress",
    "Sheet",
    "WRAP",
    "XLSX_TYPE",
    "award_list_xlsx",
    "breakdown_rows",
    "commendation_html",
    "html_to_pdf",
    "ledger_html",
    "news_matrix_xlsx",
    "opinions_xlsx",
    "pdf_available",
    "plan_rows",
    "plans_pledges_xlsx",
    "pledge_rows",
    "pledge_sheet_html",
    "score_rows",
    "scores_xlsx",
    "xlsx_book",
]
