"""Project-wide endpoints: the health check and the server-error page."""

import os
import socket
import sys
from urllib.parse import urlparse

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return f"down: {error.__class__.__name__}"
    return "ok"


def _broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        return "ok" if os.access(folder, os.W_OK) else "down"
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname, parts.port or 6379), timeout=1
        ) as s:
            s.settimeout(1)
            s.sendall(b"PING\r\n")
            reply = s.recv(16)
    except OSError as error:
        return f"down: {error.__class__.__name__}"
    return (
        "ok" if reply.startswith(b"+PONG") or reply.startswith(b"-NOAUTH") else "down"
    )


@never_cache
def healthz(request):
    """Database and broker state as JSON: 200 when the database answers, else 503."""
    database = _database_state()
    broker = _broker_state()
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {
            "status": "ok" if status == 200 else "error",
            "database": database,
            "broker": broker,
        },
        status=status,
    )


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes lockout page: a clear, translated message with the cool-off."""
    from django.shortcuts import render

    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=429,
    )


def permission_denied(request, exception=None):
    """403 page that also records the denial in the audit log."""
    from django.shortcuts import render

    from organizations.audit import AuditEvent, audit_record

    audit_record(action=AuditEvent.Action.DENIED, request=request)
    return render(request, "403.html", status=403)


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
    response = HttpResponse(body, status=status, content_type=content_type)
    if status == 503:
        response["Retry-After"] = "10"
    return response
