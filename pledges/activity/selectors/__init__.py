"""Reads of records, meetings, reading, news and suggestions that take more than a line.

Every list here keeps a fixed number of queries whatever the data size: lists are
annotated or prefetched, and the ledger and the news matrix read one aggregate or one
union query per page.
"""

from pledges.activity.selectors.books import notes_for, picks_of
from pledges.activity.selectors.info import (
    info_matrix,
    info_matrix_units,
    info_missing,
    info_reports_of,
    mass_units,
)
from pledges.activity.selectors.ledgers import (
    LEDGER_KINDS,
    LedgerEntry,
    _as_date,
    ledger_entries,
    ledger_preview,
    ledger_rows,
)
from pledges.activity.selectors.meetings import (
    attendance_counts,
    lecture_given,
    lecture_given_q,
    lecture_rule,
    meetings_for,
    rule_branches,
)
from pledges.activity.selectors.months import (
    month_due,
    month_range,
    month_state,
    previous_month,
    reporting_campaigns,
    unit_campaigns,
)
from pledges.activity.selectors.news import (
    MatrixCell,
    MatrixRow,
    filed_news_in,
    matrix_branches,
    news_for,
    news_matrix,
    news_missing,
)
from pledges.activity.selectors.records import records_for
from pledges.activity.selectors.suggestions import (
    liaison_branches,
    liaison_suggestions,
    suggestions_inbox,
    suggestions_mine,
    suggestions_to,
)

__all__ = [
    "info_matrix",
    "info_matrix_units",
    "info_missing",
    "info_reports_of",
    "mass_units",
    "_as_date",
    "LEDGER_KINDS",
    "LedgerEntry",
    "MatrixCell",
    "MatrixRow",
    "attendance_counts",
    "filed_news_in",
    "lecture_given",
    "lecture_given_q",
    "lecture_rule",
    "ledger_entries",
    "ledger_preview",
    "ledger_rows",
    "liaison_branches",
    "liaison_suggestions",
    "suggestions_to",
    "matrix_branches",
    "meetings_for",
    "month_due",
    "month_range",
    "month_state",
    "news_for",
    "news_matrix",
    "news_missing",
    "notes_for",
    "picks_of",
    "previous_month",
    "records_for",
    "reporting_campaigns",
    "rule_branches",
    "suggestions_inbox",
    "suggestions_mine",
    "unit_campaigns",
]
