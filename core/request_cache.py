"""A cache that lives for one GET request, for lookups several parts of a page repeat.

The home page's panels, the navigation bar and the phase banner each want the current
campaign or the unread count; without this each asks the database again. The cache is
switched on by :class:`RequestCacheMiddleware` for GET and HEAD requests only (they
change nothing, so a value cannot go stale within them); elsewhere (POSTs, Celery
tasks, the shell, tests calling a function directly) :func:`memo` simply computes.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_store: ContextVar[dict | None] = ContextVar("cx_request_cache", default=None)


def memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per key and request while a GET request is being answered."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def active() -> bool:
    """Whether a GET request's cache is on (:func:`put` keeps anything)."""
    return _store.get() is not None


def peek(key: Hashable, default=None):
    """The value kept under ``key`` in this request, or ``default``."""
    store = _store.get()
    return default if store is None else store.get(key, default)


def put(key: Hashable, value) -> None:
    """Keep ``value`` under ``key`` for the rest of this GET request (nothing
    elsewhere)."""
    store = _store.get()
    if store is not None:
        store[key] = value


def forget(test: Callable[[Hashable], bool]) -> None:
    """Drop the values kept in this request whose key passes ``test`` (a write in
    the middle of a request that makes them stale)."""
    store = _store.get()
    if store:
        for key in [key for key in store if test(key)]:
            del store[key]


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
