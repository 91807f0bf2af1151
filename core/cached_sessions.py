"""Sessions kept in the database and read through the shared cache (Redis): the
engine of a deployment with ``REDIS_URL`` (settings ``SESSION_ENGINE``). Every web
process and worker reads the same Redis, so signing out in one process ends the
session in all (never a per-process cache: the embedded default keeps
``core.sessions``). A lost database on save is 503, as :mod:`core.sessions`."""

from django.contrib.sessions.backends import cached_db

from core.sessions import OutageAware


class SessionStore(OutageAware, cached_db.SessionStore):
    pass
