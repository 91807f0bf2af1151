"""Roster import and export (花名册导入导出)."""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.cells import cell_text
from organizations.roster.columns import (
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_PARTS,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_UNPACKED,
    NOTES_SHEET,
    PEOPLE_COLUMNS,
    PEOPLE_REQUIRED,
    PEOPLE_SHEET,
    UNIT_COLUMNS,
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


_CJK = (
    "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


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


def normalise_name(value) -> str:
    """姓名 as one form: NFKC, no space beside a Chinese character (``高　宇`` is 高宇),
    single spaces between Latin words."""
    text = " ".join(unicodedata.normalize("NFKC", _text(value)).split())
    return _SPACE_BY_CJK.sub("", text)


def normalise_staff_no(value) -> str:
    """工号 as one form: NFKC (``ＰＴ００００３`` is PT00003), no spaces."""
    return "".join(unicodedata.normalize("NFKC", _text(value)).split())


def _header(value) -> str:
    """A heading as one form: ``姓　名`` and ``姓名`` are the same column."""
    text = unicodedata.normalize("NFKC", _text(value).lstrip("\ufeff"))
    return "".join(text.split())


def _cell(value):
    """Keep dates as dates (real Excel dates); everything else becomes text, as typed
    (an exported ``'=…`` comes back as ``=…``)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return value
    return _text(cell_text(value))


def _too_many_rows() -> RosterFileError:
    return RosterFileError(
        _("The file has more than %(max)s rows; split it into smaller files.")
        % {"max": MAX_ROWS}
    )


def _merge_headers(top: list[str], sub: list[str]) -> list[str]:
    """A two-row header (merged group titles above the column names) as one row."""
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    return [s or t for t, s in zip(top, sub, strict=True)]


def _find_header(candidates, required, known) -> tuple[int, list[str], int]:
    """Which of the first non-blank rows is the header, and how many rows it takes.

    The header is the first row naming a roster column that holds every required
    column, alone or with the row right below it (a two-row header: group titles
    merged above the column names). Without one, the first row naming a roster column
    (or the first row) is taken, so the missing columns are reported."""
    rows = [(number, [_header(c) for c in cells]) for number, cells in candidates]
    for index, (number, top) in enumerate(rows):
        if not any(h in known for h in top):
            continue  # a title or a note above the header
        below = rows[index + 1] if index + 1 < len(rows) else None
        if below is not None and below[0] == number + 1:
            merged = _merge_headers(top, below[1])
            adds = {h for h in below[1] if h in known} - set(top)
            if adds and all(c in merged for c in required):
                return index, merged, 2
        if all(c in top for c in required):
            return index, top, 1
    first = next(
        (i for i, (_n, top) in enumerate(rows) if any(h in known for h in top)), 0
    )
    return first, rows[first][1], 1


def _table(name: str, rows, required=(), known=()) -> Sheet | None:
    """Turn raw rows into a Sheet: a header row (looked for below a title, possibly
    two rows merged) and the non-blank rows under it."""
    candidates: list[tuple[int, list]] = []
    headers: list[str] | None = None
    data: list[tuple[int, dict]] = []

    def take(number, cells):
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
        data.append((number, row))

    for number, raw in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _too_many_rows()
        cells = [_cell(v) for v in raw[:MAX_COLUMNS]]
        if all(c == "" for c in cells):
            continue
        if headers is not None:
            take(number, cells)
            continue
        candidates.append((number, cells))
        if len(candidates) < HEADER_SEARCH_ROWS:
            continue
        headers, rest = _settle(candidates, required, known)
        for later in rest:
            take(*later)
    if headers is None:
        if not candidates:
            return None
        headers, rest = _settle(candidates, required, known)
        for later in rest:
            take(*later)
    return Sheet(name=name, headers=[h for h in headers if h], rows=data)


def _settle(candidates, required, known) -> tuple[list[str], list]:
    """The header found among the first rows, and the rows below it to read as data."""
    index, headers, height = _find_header(candidates, required, known)
    seen = set()
    for h in headers:
        if h and h in seen:
            raise RosterFileError(
                _("The column %(column)s appears twice in the header row; keep one.")
                % {"column": h}
            )
        seen.add(h)
    return headers, candidates[index + height :]


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
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [_table(PEOPLE_SHEET, rows, PEOPLE_REQUIRED, PEOPLE_COLUMNS), None]
    except csv.Error:
        raise unreadable


def _unpacked_limit(content: bytes) -> int:
    """How far a workbook of this size may unpack: real workbooks pack 5–15 times."""
    return min(MAX_UNPACKED, 8 * 1024 * 1024 + 40 * len(content))


def check_workbook(content: bytes, *, inflate: bool) -> None:
    """Refuse a workbook that would unpack to far more than a roster can be (a zip
    bomb), before any XML is parsed: from the sizes the zip declares, and, with
    ``inflate``, from the bytes each part actually unpacks to (read in chunks, never
    held whole)."""
    unreadable = _unreadable_xlsx()
    too_big = RosterFileError(
        _(
            "This workbook unpacks to far more than a roster can hold, so it was "
            "not read. Save the roster alone in a new workbook and upload that."
        )
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise too_big
            limit = _unpacked_limit(content)

            def part_limit(part):
                shared = part.filename.lower().endswith("sharedstrings.xml")
                return min(limit, MAX_SHARED_STRINGS) if shared else limit

            if sum(p.file_size for p in parts) > limit or any(
                p.file_size > part_limit(p) for p in parts
            ):
                raise too_big
            if not inflate:
                return
            total = 0
            for part in parts:
                size = 0
                with archive.open(part) as stream:
                    while chunk := stream.read(1 << 16):
                        size += len(chunk)
                        total += len(chunk)
                        if size > part_limit(part) or total > limit:
                            raise too_big
    except RosterFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise unreadable
    except Exception:  # zlib and zipfile raise many kinds for a damaged archive
        raise unreadable


def _unreadable_xlsx() -> RosterFileError:
    return RosterFileError(
        _(
            "This file cannot be read as an Excel workbook (.xlsx). Save it from "
            "Excel as .xlsx and upload it again."
        )
    )


def _sheet_rows(sheet):
    """A read-only sheet's rows, never wider than MAX_COLUMNS nor longer than
    MAX_ROWS + 1, whatever dimension the sheet declares."""
    sheet.reset_dimensions()  # the declared dimension is not trusted
    return sheet.iter_rows(max_col=MAX_COLUMNS, max_row=MAX_ROWS + 1, values_only=True)


def _read_xlsx(content: bytes) -> list[Sheet | None]:
    from openpyxl import load_workbook

    unreadable = _unreadable_xlsx()
    if not content.startswith(b"PK\x03\x04"):
        raise unreadable
    check_workbook(content, inflate=True)
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
            _table(
                people_name,
                _sheet_rows(book[people_name]),
                PEOPLE_REQUIRED,
                PEOPLE_COLUMNS,
            )
            if people_name
            else None
        )
        units = (
            _table(
                UNITS_SHEET,
                _sheet_rows(book[UNITS_SHEET]),
                UNITS_REQUIRED,
                UNIT_COLUMNS,
            )
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
