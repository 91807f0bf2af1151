"""The news matrix."""

from django.utils.translation import gettext as _

from chuangxian.exports.builders.workbooks import Sheet, xlsx_book


def news_matrix_xlsx(*, rows: list, year: int) -> bytes:
    """Branch × month counts of news reports (rows of ``activity_selectors.news_matrix``);
    months due without a report are highlighted, months not due left blank."""
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
            [
                row.branch.name,
                *[None if c.state == "na" else c.count for c in row.cells],
                row.total,
                row.missing,
            ]
            for row in rows
        ],
        highlight=lambda i, col: 1 <= col <= 12 and states[i][col - 1] == "missing",
        freeze="B2",
    )
    return xlsx_book([sheet])
