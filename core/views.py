"""Helpers every view uses: pagination, a service's errors on a form or as messages,
and integer query parameters. Plain Django; imports no app."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator

from core.converters import YEAR_MAX, YEAR_MIN

# Larger than any primary key or year we filter on, small enough for any database integer.
INT_PARAM_MAX = 2**31 - 1


def paginate(request, rows, size: int | None = None) -> Page:
    """The page of ``rows`` that ``?page=`` asks for (the last one past the end)."""
    return Paginator(rows, size or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def flash_errors(request, error: ValidationError) -> None:
    """Show each message of a service's ValidationError on the next page."""
    for message in error.messages:
        messages.error(request, message)


def year_param(value) -> int | None:
    """A calendar year from a query parameter (``YEAR_MIN``–``YEAR_MAX``), or None."""
    year = int_param(value)
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None


def int_param(value) -> int | None:
    """A non-negative integer from a query parameter, or None for anything else."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number <= INT_PARAM_MAX else None
