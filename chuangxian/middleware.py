"""Cross-cutting HTTP behaviour: content security policy and the absolute session limit."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # Bootstrap and htmx set inline styles; no script may run inline.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

LOGIN_TIME_KEY = "_cx_login_at"


class SecurityHeadersMiddleware:
    """Adds the content security policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=()")
        return response


class AbsoluteSessionTimeoutMiddleware:
    """Signs a user out once SESSION_ABSOLUTE_SECONDS have passed since sign-in.

    The idle limit is SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST; this one holds
    however active the session is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(LOGIN_TIME_KEY)
            if started is None:
                request.session[LOGIN_TIME_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(
                    request, _("Your session has ended. Please sign in again.")
                )
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
