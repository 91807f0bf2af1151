"""The client's address, the one rule the sign-in lockout and the audit log share."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """``REMOTE_ADDR``; behind the reverse proxy (``BEHIND_PROXY``), the address the
    proxy appended last to ``X-Forwarded-For``.

    Behind nginx every request comes from nginx's address: keyed on it, five wrong
    passwords would lock a user out for everyone. Only the last entry is the proxy's
    own; earlier ones are whatever the client sent, so they are never trusted. Without
    ``BEHIND_PROXY`` the header is ignored, since anyone could send it.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote
