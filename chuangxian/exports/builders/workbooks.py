"""Workbooks: content types, styles, sheets and the rows that fill them."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from core.cells import cell_value, local_naive
from pledges.models import ProgressStatus

Progress = Callable[[int], None]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CHUNK = 500

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="F1E3E2")
MISSING_FILL = PatternFill("solid", fgColor="F8D7DA")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class Sheet:
    """One worksheet: a title, headings with column widths, and rows (any iterable)."""

    title: str
    columns: list[tuple[str, int]]
    rows: Iterable[Iterable] = field(default_factory=list)
    # Whether the cell at (row index, column index) is highlighted, if given.
    highlight: Callable[[int, int], bool] | None = None
    freeze: str = "A2"


def _safe_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def _text(value):
    """Cell value: dates and numbers as themselves, text never read as a formula."""
    if isinstance(value, datetime.datetime):
        return local_naive(value)
    return cell_value(value)


def xlsx_book(sheets: list[Sheet]) -> bytes:
    """A workbook of the given sheets, headings bold and frozen."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        ws = book.create_sheet(_safe_title(sheet.title))
        for index, (_heading, width) in enumerate(sheet.columns, start=1):
            ws.column_dimensions[_column_letter(index)].width = width
        ws.freeze_panes = sheet.freeze
        head = []
        for heading, _width in sheet.columns:
            cell = WriteOnlyCell(ws, value=str(heading))
            cell.font = BOLD
            cell.fill = HEAD_FILL
            head.append(cell)
        ws.append(head)
        for row_index, row in enumerate(sheet.rows):
            cells = []
            for index, value in enumerate(row):
                value = _text(value)
                fill = sheet.highlight is not None and sheet.highlight(row_index, index)
                if not fill and not isinstance(value, datetime.date):
                    cells.append(value)
                    continue
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
                if fill:
                    cell.fill = MISSING_FILL
                cells.append(cell)
            ws.append(cells)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _progress_label(value: str) -> str:
    if not value:
        return _("No report yet")
    try:
        return str(ProgressStatus(value).label)
    except ValueError:
        return value


class _Steps:
    """Reports progress from ``start`` to ``end`` percent, one step per object written
    (a pledge, a plan, a score), whatever the number of rows each gives."""

    def __init__(self, total: int, progress: Progress | None, start: int, end: int):
        self.total, self.progress, self.start, self.end = total, progress, start, end
        self.done = 0
        self.every = max(total // 20, 1)

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None and self.total and self.done % self.every == 0:
            share = min(self.done, self.total) / self.total
            self.progress(self.start + int((self.end - self.start) * share))

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.end)


def _rows(objects: Iterable, rows_of: Callable, steps: _Steps | None = None):
    """Rows of each object in turn, a progress step after each object."""
    for obj in objects:
        yield from rows_of(obj)
        if steps is not None:
            steps()
    if steps is not None:
        steps.finish()
