"""The written opinions (意见建议) of an evaluation round."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from chuangxian.exports.builders.workbooks import Sheet, xlsx_book


def opinions_xlsx(*, rows: Iterable[tuple[str, str]]) -> bytes:
    """``(target, opinion)`` rows as given (already filtered and in random order);
    text that a spreadsheet would read as a formula is escaped by ``xlsx_book``."""
    return xlsx_book(
        [
            Sheet(
                title=_("Written opinions"),
                columns=[(_("Target"), 30), (_("Opinion"), 100)],
                rows=rows,
            )
        ]
    )
