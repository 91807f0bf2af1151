"""psycopg as the pages need it: two of its defaults cost the pages a tenth of their time.

**Timestamps.** Django registers its own loader for ``timestamptz`` on every PostgreSQL
connection (``django.db.backends.postgresql.psycopg_any.BaseTzLoader``): a Python
subclass of psycopg's Python loader, so psycopg's compiled one (``psycopg[binary]``
ships it) is never used. It parses each value's text in Python, then puts Django's
time zone on it. A secretary's home reads some forty pledge rows with their units and
people, and parsing their dates was a twelfth of the page's time (3 µs a value;
compiled 0.3 µs). On each new connection a loader is registered that is Django's when
it must be and psycopg's compiled one when that returns exactly what Django's would:
the session's time zone is the one Django asks for (UTC, ``USE_TZ``: Django sets it on
connecting), so the compiled loader puts the same ``datetime.timezone.utc`` on each
value. Django's check on each cursor (``loader.timezone``) still finds its own time
zone, so nothing else changes. Without the compiled module, or on another database,
nothing is registered.

**Query texts.** psycopg turns a query's ``%s`` placeholders into ``$1 …`` (server-side
binding) by splitting its text with a regular expression, and keeps the result for the
last 128 texts of at most 4 096 bytes and 50 parameters. The vote panel's and the
ballot pages' queries have 51–53 parameters (a voter's rules), and the pages' other
queries together are more than 128 texts, so texts were split again and again (8 µs
each). The limits are raised to 512 texts of at most 16 KiB and 200 parameters (a few
MiB at most); bulk inserts, with more, are not kept.
"""

from functools import cache, lru_cache

QUERY_TEXT_BYTES = 16 * 1024
QUERY_PARAMS = 200
QUERY_TEXTS_KEPT = 512


@cache
def _loader_class(timezone):
    from django.db.backends.postgresql.psycopg_any import BaseTzLoader
    from psycopg._cmodule import _psycopg
    from psycopg._tz import get_tzinfo

    compiled = _psycopg.TimestamptzLoader

    class CompiledTzLoader(BaseTzLoader):
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            pgconn = self.connection.pgconn if self.connection is not None else None
            # The compiled loader reads the session's time zone: only where it is
            # the very zone Django puts on values does it stand in for Django's.
            if get_tzinfo(pgconn) is self.timezone:
                self.load = compiled(oid, context).load

    CompiledTzLoader.timezone = timezone
    return CompiledTzLoader


def _on_connection(sender, connection, **kwargs):
    if connection.vendor != "postgresql":
        return
    from psycopg._cmodule import _psycopg

    if _psycopg is None or connection.timezone is None:
        return
    connection.connection.adapters.register_loader(
        "timestamptz", _loader_class(connection.timezone)
    )


def _keep_query_texts() -> None:
    from psycopg import _queries

    if getattr(_queries, "_cx_kept", False):
        return
    _queries.MAX_CACHED_STATEMENT_LENGTH = max(
        _queries.MAX_CACHED_STATEMENT_LENGTH, QUERY_TEXT_BYTES
    )
    _queries.MAX_CACHED_STATEMENT_PARAMS = max(
        _queries.MAX_CACHED_STATEMENT_PARAMS, QUERY_PARAMS
    )
    keep = lru_cache(maxsize=QUERY_TEXTS_KEPT)
    _queries._query2pg = keep(_queries._query2pg_nocache)
    _queries._query2pg_client = keep(_queries._query2pg_client_nocache)
    _queries._cx_kept = True


def install() -> None:
    """Keep longer query texts converted, and register the loader on every PostgreSQL
    connection (from an AppConfig.ready)."""
    _keep_query_texts()
    from django.db import connections
    from django.db.backends.signals import connection_created

    connection_created.connect(_on_connection, dispatch_uid="cx_pg_timestamps")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _on_connection(None, connection)
