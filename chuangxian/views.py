"""Project-wide endpoints: the health check, the 403 page (which writes the audit log)
and the 404 (JSON for the API)."""

import os
import socket
from urllib.parse import urlparse

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
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


def permission_denied(request, exception=None):
    """403 page that also records the denial in the audit log."""
    from django.shortcuts import render

    from organizations.audit import AuditEvent, audit_record

    audit_record(action=AuditEvent.Action.DENIED, request=request)
    return render(request, "403.html", status=403)


API_PATH = "/api/v1/"


def page_not_found(request, exception=None):
    """404: the API answers JSON like its other errors (a program reads it), every
    other path the site's page."""
    if request.path.startswith(API_PATH):
        from rest_framework.exceptions import NotFound

        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    from django.views.defaults import page_not_found as django_page_not_found

    return django_page_not_found(request, exception)
