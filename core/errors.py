"""Error pages that need no app: the sign-in lockout (429), a malformed request (400)
and the server error (500/503)."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes lockout page: a clear, translated message with the cool-off."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=429,
    )


def bad_request(request, exception=None):
    """The 400 page (a malformed request), translated, with no database access."""
    return _error_page(
        400,
        _("The request could not be understood"),
        _(
            "Something in what your browser sent was malformed or too large. Go back, "
            "reload the page and try again."
        ),
    )


def server_error(request):
    """The 500 page; 503 with Retry-After when the database cannot be reached.

    Called inside Django's exception handler, so ``sys.exc_info()`` is the failure. The
    page is rendered without a request context: nothing on it touches the database.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        status = 503
        heading = _("The service is temporarily unavailable")
        text = _(
            "The database cannot be reached right now. Nothing you saved before is "
            "lost; please try again in a moment."
        )
    else:
        status = 500
        heading = _("Something went wrong")
        text = _(
            "The server could not complete this request. The error has been logged; "
            "please try again, and tell the activity office if it keeps happening."
        )
    response = _error_page(status, heading, text)
    if status == 503:
        response["Retry-After"] = "10"
    return response


def _error_page(status: int, heading: str, text: str) -> HttpResponse:
    """A page rendered without a request context: nothing on it touches the database."""
    try:
        body = loader.get_template("error_page.html").render(
            {
                "status": status,
                "heading": heading,
                "text": text,
                "product_name": settings.PRODUCT_NAME,
            }
        )
        content_type = None
    except Exception:  # noqa: BLE001 - the error page must not fail in turn
        body, content_type = f"{heading}\n\n{text}\n", "text/plain; charset=utf-8"
    return HttpResponse(body, status=status, content_type=content_type)
