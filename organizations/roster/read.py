"""Roster import and export (花名册导入导出)."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from organizations.roster.columns import (
    MAX_ROWS,
    NOTES_SHEET,
    PEOPLE_REQUIRED,
    PEOPLE_SHEET,
    UNITS_REQUIRED,
    UNITS_SHEET,
    RosterFileError,
)


@dataclass
class Sheet:
    """One table read from the file: its header and its non-blank data rows."""

    name: str
    headers: list[str]
    rows: list[tuple[int, dict]]  # (row number as the user sees it, {header: cell})


def _text(value) -> str:
    """A cell as trimmed text; whole numbers lose Excel's ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if not value.time() else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def _cell(value):
    """Keep dates as dates (real Excel dates); everything else becomes text."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    return _text(value)


def _table(name: str, rows) -> Sheet | None:
    """Turn raw rows into a Sheet: the first non-blank row is the header."""
    headers: list[str] | None = None
    data: list[tuple[int, dict]] = []
    for number, raw in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise RosterFileError(
                _("The file has more than %(max)s rows; split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        cells = [_cell(v) for v in raw]
        if all(c == "" for c in cells):
            continue
        if headers is None:
            headers = [_text(c).lstrip("\ufeff").strip() for c in cells]
            seen = set()
            for h in headers:
                if h and h in seen:
                    raise RosterFileError(
                        _(
                            "The column %(column)s appears twice in the header row; "
                            "keep one."
                        )
                        % {"column": h}
                    )
                seen.add(h)
            continue
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
        data.append((number, row))
    if headers is None:
        return None
    return Sheet(name=name, headers=[h for h in headers if h], rows=data)


def _decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("gb18030")


def _read_csv(content: bytes) -> list[Sheet | None]:
    unreadable = RosterFileError(
        _(
            "This file cannot be read as CSV text. Save it from Excel as "
            "“CSV UTF-8” (or upload the .xlsx) and try again."
        )
    )
    if b"\x00" in content:
        raise unreadable
    try:
        text = _decode(content)
    except UnicodeDecodeError:
        raise unreadable
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise unreadable
    return [_table(PEOPLE_SHEET, rows), None]


def _read_xlsx(content: bytes) -> list[Sheet | None]:
    from openpyxl import load_workbook

    unreadable = RosterFileError(
        _(
            "This file cannot be read as an Excel workbook (.xlsx). Save it from "
            "Excel as .xlsx and upload it again."
        )
    )
    if not content.startswith(b"PK\x03\x04"):
        raise unreadable
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged zip or XML part
        raise unreadable
    try:
        names = book.sheetnames
        people_name = (
            PEOPLE_SHEET
            if PEOPLE_SHEET in names
            else next((n for n in names if n not in (UNITS_SHEET, NOTES_SHEET)), None)
        )
        people = (
            _table(people_name, book[people_name].iter_rows(values_only=True))
            if people_name
            else None
        )
        units = (
            _table(UNITS_SHEET, book[UNITS_SHEET].iter_rows(values_only=True))
            if UNITS_SHEET in names
            else None
        )
    except RosterFileError:
        raise
    except Exception:
        raise unreadable
    finally:
        book.close()
    return [people, units]


def _missing(sheet: Sheet, required) -> list[str]:
    return [c for c in required if c not in sheet.headers]


def roster_read(*, filename: str, content: bytes) -> tuple[Sheet, Sheet | None]:
    """Read a roster file into its people sheet and optional units sheet, or refuse."""
    limit = settings.ROSTER_MAX_BYTES
    if len(content) > limit:
        raise RosterFileError(
            _("The file is larger than %(limit)s; split it into smaller files.")
            % {"limit": filesizeformat(limit)}
        )
    if not content:
        raise RosterFileError(
            _("The file is empty. Fill in the template and upload it again.")
        )
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        people, units = _read_xlsx(content)
    elif lower.endswith(".csv"):
        people, units = _read_csv(content)
    else:
        raise RosterFileError(
            _(
                "%(name)s is not a roster file. Upload an Excel workbook (.xlsx) or "
                "a CSV file (.csv)."
            )
            % {"name": filename}
        )
    if people is None and units is None:
        raise RosterFileError(
            _("The file is empty. Fill in the template and upload it again.")
        )
    if people is None:
        people = Sheet(PEOPLE_SHEET, list(PEOPLE_REQUIRED), [])
    if missing := _missing(people, PEOPLE_REQUIRED):
        raise RosterFileError(
            _(
                "The header row lacks the required column(s) %(columns)s. Download "
                "the template to see the expected columns."
            )
            % {"columns": "、".join(missing)}
        )
    if (
        units is not None
        and units.rows
        and (missing := _missing(units, UNITS_REQUIRED))
    ):
        raise RosterFileError(
            _("The sheet %(sheet)s lacks the required column(s) %(columns)s.")
            % {"sheet": UNITS_SHEET, "columns": "、".join(missing)}
        )
    if not people.rows and not (units and units.rows):
        raise RosterFileError(
            _(
                "The file has a header row but no people. Add one row per person "
                "under the header."
            )
        )
    return people, units
