"""Database sessions that tell an unreachable database from a deleted session.

Django's database store turns any database error on update into ``UpdateError``, which
its middleware answers with 400 "the session was deleted": during a database outage every
signed-in user would be told their request was bad. Here a lost connection stays what it
is, and the server-error handler answers it with 503 and a request to try again.

With ``REDIS_URL`` set the sessions are ``core.sessions.cached`` (settings
``SESSION_ENGINE``): kept in the database as here and read through the shared cache,
so a page's request reads its session from Redis instead of querying PostgreSQL.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError


class OutageAware:
    def save(self, must_create=False):
        try:
            return super().save(must_create=must_create)
        except UpdateError as error:
            cause = error.__context__
            if isinstance(cause, (OperationalError, InterfaceError)):
                raise cause from None
            raise


class SessionStore(OutageAware, db.SessionStore):
    pass
