"""Template filters of the activity matrices (通讯报道 by branch and month)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

# A cell's classes by state (``pledges.activity.selectors.MatrixCell.state``).
_CELL_CLASS = {
    "missing": "table-danger text-danger fw-semibold",
    "ok": "table-success",
    "open": "",
    "na": "table-light text-muted",  # not due: neutral, never red
}


@register.filter
def news_cells(cells) -> str:
    """The twelve month cells of a row of the news matrix: a page shows 50 rows, and
    600 cells written in the template language cost more than the rest of the page."""
    missing_label = escape(gettext("missing"))  # not in the f-string: xgettext
    missing = f'<span title="{missing_label}">0</span>'
    empty = '<span class="text-muted">–</span>'
    not_due_label = escape(gettext("not due"))  # not in the f-string: xgettext
    not_due = f'<span title="{not_due_label}">·</span>'
    html = []
    for cell in cells:
        css = _CELL_CLASS[cell.state]  # one of four fixed words, never user text
        if cell.state == "missing":
            body = missing
        elif cell.state == "na":  # never filed: a filed month is "ok"
            body = not_due
        else:
            body = str(int(cell.count)) if cell.count else empty
        html.append(
            f'<td data-month="{int(cell.month)}" data-state="{cell.state}" '
            f'class="{css}">{body}</td>'
        )
    # Numbers, the fixed words above and the escaped translation only.
    return mark_safe("".join(html))  # noqa: S308  # nosec B308 B703
