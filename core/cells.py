"""Spreadsheet cells written by every export and read back by the roster import.

Text beginning with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would run as
a formula when Excel, WPS or LibreOffice opens the file (CSV/Excel injection: a name typed
as ``=HYPERLINK(…)`` becomes a live link). ``cell_value`` writes such text behind an
apostrophe, so it shows as typed and never runs. ``cell_text`` undoes it, so a value
exported and imported again comes back exactly as typed; text that itself begins with an
apostrophe is escaped too, so the two are exact inverses.
"""

import datetime

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def cell_value(value):
    """A value safe to write into an xlsx or csv cell (non-text passes unchanged)."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in (*FORMULA_STARTS, QUOTE):
        return QUOTE + value
    return value


def cell_text(value):
    """The value as typed, from a cell ``cell_value`` wrote (other values unchanged)."""
    if (
        isinstance(value, str)
        and value[:1] == QUOTE
        and value[1:2] in (*FORMULA_STARTS, QUOTE)
    ):
        return value[1:]
    return value


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """Spreadsheets know no time zones: an aware time in local time, without zone."""
    from django.utils import timezone

    return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
