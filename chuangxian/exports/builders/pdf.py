"""PDF."""

import datetime
import logging

from django.template.loader import render_to_string
from django.utils import timezone


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
