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

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO

from django.db.models import F, Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from pledges.models import Plan, PlanMeasure, Pledge, PledgeItem, ProgressStatus

Progress = Callable[[int], None]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CHUNK = 500

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="F1E3E2")
MISSING_FILL = PatternFill("solid", fgColor="F8D7DA")
WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------------------------------
# Workbooks


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
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        # Spreadsheet programs would run it as a formula (CSV/Excel injection).
        return "'" + value
    return value


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


# ---------------------------------------------------------------------------------------
# Plans and pledges


def _overdue(due_on: datetime.date, status: str, today: datetime.date) -> str:
    return _("Overdue") if due_on < today and status != ProgressStatus.DONE else ""


def _category(unit) -> str:
    if unit.category_id:
        return unit.category.name
    return unit.get_kind_display()


def _pledges(pledges: QuerySet[Pledge]):
    return (
        pledges.select_related("unit", "unit__category", "person", "person__department")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PledgeItem.objects.select_related("criterion").order_by(
                    "order", "pk"
                ),
            )
        )
        .iterator(chunk_size=CHUNK)
    )


def _pledge_rows(pledge: Pledge, today: datetime.date) -> Iterable[list]:
    """One row per committed item (a pledge without items gets one row of its own)."""
    head = [
        pledge.unit.name,
        _category(pledge.unit),
        pledge.person.name,
        pledge.person.staff_no,
        pledge.get_status_display(),
    ]
    items = list(pledge.items.all())
    if not items:
        yield [*head, "", "", "", None, "", None, "", None]
    for item in items:
        yield [
            *head,
            item.text,
            item.criterion.name if item.criterion_id else "",
            item.target,
            item.due_on,
            _progress_label(item.progress_status),
            item.progress_percent,
            _overdue(item.due_on, item.progress_status, today),
            item.progress_at,
        ]


def pledge_rows(
    pledges: QuerySet[Pledge], today: datetime.date, steps: _Steps | None = None
) -> Iterable[list]:
    return _rows(_pledges(pledges), lambda p: _pledge_rows(p, today), steps)


def _plans(plans: QuerySet[Plan]):
    return (
        plans.select_related("unit", "unit__category")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=PlanMeasure.objects.select_related("owner").order_by(
                    "order", "pk"
                ),
            )
        )
        .iterator(chunk_size=CHUNK)
    )


def _plan_rows(plan: Plan, today: datetime.date) -> Iterable[list]:
    """One row per plan measure (a plan without measures gets one row of its own)."""
    head = [
        plan.unit.name,
        _category(plan.unit),
        plan.get_status_display(),
        plan.focus,
        plan.targets,
    ]
    measures = list(plan.measures.all())
    if not measures:
        yield [*head, "", "", None, "", None, ""]
    for m in measures:
        yield [
            *head,
            m.text,
            m.owner.name if m.owner_id else "",
            m.due_on,
            _progress_label(m.progress_status),
            m.progress_percent,
            _overdue(m.due_on, m.progress_status, today),
        ]


def plan_rows(
    plans: QuerySet[Plan], today: datetime.date, steps: _Steps | None = None
) -> Iterable[list]:
    return _rows(_plans(plans), lambda p: _plan_rows(p, today), steps)


def plans_pledges_xlsx(
    *,
    plans: QuerySet[Plan],
    pledges: QuerySet[Pledge],
    today: datetime.date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """Two sheets: every committed item of the pledges, every measure of the plans."""
    today = today or timezone.localdate()
    pledge_total = pledges.count()
    plan_total = plans.count()
    pledge_sheet = Sheet(
        _("Pledges"),
        [
            (_("Unit"), 22),
            (_("Category"), 16),
            (_("Member"), 10),
            (_("Staff number"), 12),
            (_("Status"), 10),
            (_("Committed item"), 40),
            (_("Serves (带头)"), 16),
            (_("Measurable target"), 30),
            (_("Due date"), 12),
            (_("Progress"), 12),
            (_("Percent done"), 10),
            (_("Overdue"), 10),
            (_("Last reported at"), 18),
        ],
        pledge_rows(pledges, today, _Steps(pledge_total, progress, 5, 70)),
    )
    plan_sheet = Sheet(
        _("Plans"),
        [
            (_("Unit"), 22),
            (_("Category"), 16),
            (_("Status"), 10),
            (_("Focus"), 30),
            (_("Target results"), 30),
            (_("Measure"), 40),
            (_("Owner"), 10),
            (_("Due date"), 12),
            (_("Progress"), 12),
            (_("Percent done"), 10),
            (_("Overdue"), 10),
        ],
        plan_rows(plans, today, _Steps(plan_total, progress, 70, 95)),
    )
    return xlsx_book([pledge_sheet, plan_sheet])


# ---------------------------------------------------------------------------------------
# Scores


def _grade_label(value: str) -> str:
    from evaluations.models import Grade

    try:
        return str(Grade(value).label) if value else ""
    except ValueError:
        return value


def _score_row(s) -> Iterable[list]:
    yield [
        s.category_label,
        s.rank,
        s.name,
        _("Member") if s.person_id else _("Unit"),
        s.person.branch.name if s.person_id and s.person.branch_id else "",
        float(s.score) if s.score is not None else None,
        _grade_label(s.grade),
        _("Yes") if s.vetoed else "",
        s.computed_at,
        s.inputs_digest,
    ]


def score_rows(scores: QuerySet, steps: _Steps | None = None) -> Iterable[list]:
    objects = (
        scores.defer("inputs", "breakdown")
        .select_related("unit", "person", "person__branch")
        .iterator(chunk_size=CHUNK)
    )
    return _rows(objects, _score_row, steps)


def _breakdown_rows(s) -> Iterable[list]:
    from evaluations.scoring.views import NOTE_LABELS, SOURCE_LABELS

    for entry in s.breakdown or []:
        label = entry.get("label") or ""
        if entry.get("kind") in ("source", "total") or not label:
            label = str(SOURCE_LABELS.get(entry.get("source"), label))
        note = entry.get("note")
        yield [
            s.name,
            s.category_label,
            str(SOURCE_LABELS.get(entry.get("source"), entry.get("source", ""))),
            entry.get("kind", ""),
            entry.get("level", 0),
            label,
            _number(entry.get("value")),
            _number(entry.get("max")),
            _number(entry.get("weight")),
            _number(entry.get("effective_weight")),
            _number(entry.get("contribution")),
            str(NOTE_LABELS.get(note, note or "")),
        ]


def breakdown_rows(scores: QuerySet, steps: _Steps | None = None) -> Iterable[list]:
    """Every line of every score's breakdown, as the breakdown page lists them."""
    objects = scores.only(
        "pk", "name", "category_label", "breakdown", "category_key", "rank"
    ).iterator(chunk_size=CHUNK)
    return _rows(objects, _breakdown_rows, steps)


def _number(value):
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def scores_xlsx(*, scores: QuerySet, progress: Progress | None = None) -> bytes:
    """Two sheets: the scores with grade and rank, and every line of their breakdowns."""
    total = scores.count()
    ordered = scores.order_by(
        "category_key", F("rank").asc(nulls_last=True), "name", "pk"
    )
    return xlsx_book(
        [
            Sheet(
                _("Scores"),
                [
                    (_("Ranking group"), 22),
                    (_("Rank"), 6),
                    (_("Name"), 22),
                    (_("Kind"), 8),
                    (_("Branch"), 20),
                    (_("Score"), 8),
                    (_("Grade"), 8),
                    (_("Vetoed"), 8),
                    (_("Computed at"), 18),
                    (_("Inputs digest"), 20),
                ],
                score_rows(ordered, _Steps(total, progress, 5, 30)),
            ),
            Sheet(
                _("Breakdown"),
                [
                    (_("Name"), 22),
                    (_("Ranking group"), 22),
                    (_("Source"), 16),
                    (_("Line kind"), 10),
                    (_("Level"), 6),
                    (_("Input"), 40),
                    (_("Value"), 8),
                    (_("Maximum"), 8),
                    (_("Weight"), 8),
                    (_("Effective weight"), 10),
                    (_("Contribution"), 10),
                    (_("Note"), 30),
                ],
                breakdown_rows(ordered, _Steps(total, progress, 30, 95)),
            ),
        ]
    )


# ---------------------------------------------------------------------------------------
# The news matrix


def news_matrix_xlsx(*, rows: list, year: int) -> bytes:
    """Branch × month counts of news reports (rows of ``activity_selectors.news_matrix``);
    past months without a report are highlighted."""
    states = [[c.state for c in row.cells] for row in rows]
    sheet = Sheet(
        _("News reports %(year)s") % {"year": year},
        [
            (_("Branch"), 26),
            *[(_("%(m)s mo.") % {"m": m}, 7) for m in range(1, 13)],
            (_("Total"), 8),
            (_("Months missing"), 10),
        ],
        [
            [row.branch.name, *[c.count for c in row.cells], row.total, row.missing]
            for row in rows
        ],
        highlight=lambda i, col: 1 <= col <= 12 and states[i][col - 1] == "missing",
        freeze="B2",
    )
    return xlsx_book([sheet])


# ---------------------------------------------------------------------------------------
# PDF


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the libraries it draws with cannot be loaded on this machine."""


def _weasyprint():
    # WeasyPrint reports each rendering step at INFO: noise in the server log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def pdf_available() -> bool:
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def _fetch_nothing(url: str, *args, **kwargs):
    """Only inline data: URLs are read; a PDF never reaches out to files or the network."""
    weasyprint = _weasyprint()
    if url.startswith("data:"):
        return weasyprint.default_url_fetcher(url, *args, **kwargs)
    raise ValueError("external resources are not fetched for PDF exports")


def html_to_pdf(html: str) -> bytes:
    """A PDF of the HTML page (A4, CJK text in Noto fonts)."""
    weasyprint = _weasyprint()
    return weasyprint.HTML(
        string=html, base_url=None, url_fetcher=_fetch_nothing
    ).write_pdf()


def ledger_html(
    *,
    branch,
    campaign,
    entries: list,
    year: int | None,
    lecture_given: bool,
    plan=None,
    pledges=(),
    generated_at: datetime.datetime | None = None,
) -> str:
    """The branch ledger pack (台账) as printable HTML: cover, plan, pledges, entries."""
    return render_to_string(
        "exports/ledger_pdf.html",
        {
            "branch": branch,
            "campaign": campaign,
            "entries": entries,
            "year": year,
            "lecture_given": lecture_given,
            "plan": plan,
            "pledges": pledges,
            "generated_at": generated_at or timezone.now(),
        },
    )


def pledge_sheet_html(*, unit, campaign, plan, pledges, url: str) -> str:
    """The printable pledge sheet (公开承诺) of one unit, as on the board's print page."""
    from django.utils.safestring import mark_safe

    from pledges.views import qr_svg

    return render_to_string(
        "pledges/board_print.html",
        {
            "unit": unit,
            "campaign": campaign,
            "plan": plan,
            "pledges": pledges,
            "qr": mark_safe(qr_svg(url)),  # noqa: S308  # nosec B308 B703 - segno's SVG
            "url": url,
        },
    )


# ---------------------------------------------------------------------------------------
# Awards


def _candidate_row(c) -> Iterable[list]:
    from evaluations.models.awards import exclusion_text

    if c.unit_id:
        where = c.unit.parent.name if c.unit.parent_id else ""
    else:
        where = " · ".join(
            n
            for n in (
                c.person.branch.name if c.person.branch_id else "",
                c.person.department.name if c.person.department_id else "",
            )
            if n
        )
    yield [
        c.criteria_set.title,
        c.get_state_display(),
        c.name,
        _("Unit") if c.unit_id else _("Member"),
        where,
        c.category_label,
        float(c.score) if c.score is not None else None,
        c.grade_label,
        c.rank,
        c.get_origin_display(),
        "；".join(exclusion_text(e) for e in c.exclusions or []),
        c.adjust_reason,
    ]


def award_list_xlsx(*, award_list, candidates: QuerySet) -> bytes:
    """The award list (评选表彰名单): every candidate with its title, state and reasons."""
    return xlsx_book(
        [
            Sheet(
                _("Award list"),
                [
                    (_("Title"), 18),
                    (_("State"), 12),
                    (_("Name"), 22),
                    (_("Kind"), 8),
                    (_("Unit"), 24),
                    (_("Ranking group"), 18),
                    (_("Score"), 8),
                    (_("Grade"), 8),
                    (_("Rank"), 6),
                    (_("Origin"), 14),
                    (_("Reasons left out"), 30),
                    (_("Office's reason"), 30),
                ],
                _rows(candidates.iterator(chunk_size=CHUNK), _candidate_row),
            )
        ]
    )


def commendation_html(*, campaign, award_list, rows: list, today=None) -> str:
    """The commendation list (表彰名单) as printed from the awards pages."""
    return render_to_string(
        "awards/print.html",
        {
            "campaign": campaign,
            "award_list": award_list,
            "rows": rows,
            "visible": True,
            "today": today or timezone.localdate(),
        },
    )
