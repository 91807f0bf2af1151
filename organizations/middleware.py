"""A request's writes bump the cached figures of the writer's institute only.

``core.versioned_cache`` bumps every institute's figures for a write it cannot place.
A request by someone whose every role lies in their own institute (no academy role,
no superuser) writes that institute's rows only (and rows the academy reads, which
are kept under the spanning version that every institute's bump changes too), so its
writes are declared with :func:`core.versioned_cache.writes_in`: on an academy
deployment one institute's filings and votes leave the other institutes' cached
figures alone. Anything else (anonymous, academy office, superuser, the Celery worker,
the API's token users) still bumps every institute.
"""

from core import versioned_cache
from organizations.access import scope_of

SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def sole_institute(scope) -> int | None:
    """The institute all of a scope's writes lie in, or None when not one."""
    if scope.user_id is None or scope.is_superuser or scope.academy_roles:
        return None
    institute_id = scope.institute_id
    if institute_id is None:
        return None
    if any(role.node.institute_id != institute_id for role in scope.roles):
        return None
    return institute_id


class InstituteWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method in SAFE or user is None or not user.is_authenticated:
            return self.get_response(request)
        institute_id = sole_institute(scope_of(user))
        if institute_id is None:
            return self.get_response(request)
        with versioned_cache.writes_in(institute_id):
            return self.get_response(request)
