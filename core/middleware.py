"""Cross-cutting HTTP behaviour: content security policy and the session limits."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
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
SEEN_KEY = "_cx_seen_at"


class SecurityHeadersMiddleware:
    """Adds the content security policy to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=()")
        return response


class SessionTimeoutMiddleware:
    """The idle and the absolute session limits.

    Idle: the session (row and cookie) lives SESSION_COOKIE_AGE seconds after it was last
    saved, and an active session is saved again once SESSION_TOUCH_SECONDS have passed
    since the last save, not on every request: a page view costs no session write, and
    the idle limit holds to within SESSION_TOUCH_SECONDS.

    Absolute: a user is signed out once SESSION_ABSOLUTE_SECONDS have passed since
    sign-in, however active the session is.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if type(user) is SimpleLazyObject and user.is_authenticated is not None:
            # Read now (every request reads it here): the page goes on with the user
            # itself, not Django's lazy stand-in, whose every attribute read (fifty
            # a page, in middleware, views and templates) fails once to forward.
            request.user = user = user._wrapped
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.get(LOGIN_TIME_KEY)
            if started is None:
                session[LOGIN_TIME_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(
                    request, _("Your session has ended. Please sign in again.")
                )
                return redirect(settings.LOGIN_URL)
            if now - session.get(SEEN_KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[SEEN_KEY] = now  # marks the session modified: saved
        return self.get_response(request)
