"""Shared figures cached under a version that every write changing them bumps.

A page's institute-wide aggregates (the office dashboard's figures, the office home's
panels) are the same for everyone with the same reach; computing them for each request
is most of those pages' cost. :func:`get_or_compute` keeps them in the cache (Redis when
``REDIS_URL`` is set, else this process's memory: settings ``CACHES``) under a key that
holds the namespace's current *version*; :func:`bump` gives the namespace a new version,
so the next read computes afresh and the old entries simply expire.

**Which writes bump.** Rather than trusting every service (and every ``update()``,
``bulk_create`` and raw ``INSERT`` of the bulk paths) to remember, every SQL statement
that writes a table of the project's apps bumps the namespaces that table feeds
(:func:`bump_for_sql`, installed on each database connection by :func:`install`): once
when the statement runs (so the writer's own next page is current) and again when its
transaction commits (so a reader that computed from the old rows while the write was in
flight stored its result under a version nobody asks for any more).

**Whose version a write bumps.** The SQL alone does not tell which institute's rows it
writes, so a write bumps the namespace for all institutes, unless it runs inside
:func:`writes_in` ``(institute_id)``, which code that knows its rows belong to one
institute (a recomputation of a campaign held in it: its scores) wraps around its writes:
those bump that institute's version and the *spanning* one only, so on an academy
deployment one institute's writes leave the other institutes' cached figures alone.
Figures over several institutes (the academy's, a superuser's: ``institute_id`` None)
are kept under the spanning version, which every institute's bump changes too.

**What is never cached across users.** A key names who may see it: callers pass a
:func:`reach_key` of the scope (its managed and read paths, role kinds and role units);
two users share an entry only if their scopes are the same. Ballots, who voted and the
like are per user and are not cached here at all.

The versions live in the ``versions`` cache: Redis with ``REDIS_URL``, else a file cache
under ``var/``, shared by the web processes and the Celery worker of the embedded
default (a write in one process must reach the others). A version never read before
starts as a random token, not a fixed one: after Redis restarts (or loses the key) no
value kept under an earlier version can match again.

**Kept in this process too.** A value read from the cache or computed is also kept in
this process's memory, pickled, under the same full key (``_local``): the key holds
the versions, which a GET request reads once, so a value found there is as current as
one read from Redis, and the page's kept figures cost no round trip each (a
secretary's home read seven institute-wide values from Redis on every request). Each
read unpickles a fresh copy, as a read from Redis does, so a caller that changes what
it got changes nothing kept; entries expire after :data:`TIMEOUT` like Redis's, and
the store is bounded (:data:`LOCAL_BYTES`).
"""

import hashlib
import logging
import pickle  # nosec B403: only values this process pickled itself
import re
import secrets
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import caches
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise

from core import request_cache

T = TypeVar("T")
logger = logging.getLogger(__name__)

#: How long a computed value is kept at most (a safety net; writes bump sooner).
TIMEOUT = 300
ALL = "all"  # the institute of a bump that reaches every institute
SPANNING = "spanning"  # the version of figures over several institutes (None)

FIGURES = "figures"  # everything but the live turnout
TURNOUT = "turnout"  # who has voted: changes with every ballot
NAMESPACES = (FIGURES, TURNOUT)

# Tables whose writes change no cached figure: sessions, sign-in bookkeeping (the
# accounts' table: every sign-in writes last_login; figures count people, not
# accounts), the audit trail and history, notifications (shown per user, never
# cached), export jobs.
_IGNORED = re.compile(
    r"^(django_|axes_|authtoken_|auth_|bench_|organizations_historical"
    r"|organizations_user$|organizations_user_"
    r"|organizations_notification|organizations_digestlog|organizations_auditevent"
    r"|chuangxian_exportjob|chuangxian_steprun)"
)
# Casting a ballot writes only these: it changes the turnout, nothing else cached.
_CAST_TABLES = re.compile(
    r"^evaluations_(participation|stagedballot|ballot|ballotanswer|slip|slipissue)$"
)
_APPS = re.compile(r"^(organizations|pledges|evaluations|chuangxian)_")
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY)\s+"?([A-Za-z0-9_]+)"?',
    re.IGNORECASE,
)


def _values():
    return caches["default"]


def _versions():
    return caches["versions"]


def _version_key(namespace: str, institute_id) -> str:
    return f"cx:v:{namespace}:{institute_id}"


def versions(namespace: str, institute_id) -> tuple[str, str]:
    """The namespace's current version for all institutes and for this one (None:
    figures over several institutes, which any institute's bump changes; ``ALL`` is
    read as None: figures that may depend on any institute's rows)."""
    own = SPANNING if institute_id is None or institute_id == ALL else institute_id

    def read() -> dict:
        # Figures over all institutes asked first: read the request's institute's
        # versions with them (expect_institute), the page asks for them next.
        also = request_cache.peek(_EXPECTED) if own == SPANNING else None
        found = _read_versions(also or own)
        if also:
            request_cache.put((_VERSIONS, also), found)
        return found

    found = request_cache.memo((_VERSIONS, own), read)
    if own != SPANNING:  # what a page asks next: the figures over all institutes
        request_cache.memo((_VERSIONS, SPANNING), lambda: found)
    return found[(namespace, ALL)], found[(namespace, own)]


_VERSIONS = "cx_versioned_cache_versions"  # their request_cache key
_EXPECTED = "cx_versioned_cache_expected"  # the request's institute (a hint)


def expect_institute(institute_id) -> None:
    """Tell this GET request which institute's figures it will read (the user's):
    the versions are then read in one round trip even when figures over all
    institutes are asked for first. A hint only: any institute's versions are still
    read when asked for."""
    if institute_id is not None and request_cache.peek(_EXPECTED) is None:
        request_cache.put(_EXPECTED, institute_id)


def _read_versions(own) -> dict:
    """Every namespace's version for all institutes and for ``own``, in one round
    trip (kept for the rest of a GET request by :func:`core.request_cache.memo`)."""
    keys = {
        (namespace, which): _version_key(namespace, which)
        for namespace in NAMESPACES
        for which in (ALL, own, SPANNING)
    }
    found = _versions().get_many(list(keys.values()))
    missing = {key for key in keys.values() if not found.get(key)}
    if missing:  # first read since the cache started: a fresh, unguessable version
        for key in missing:
            _versions().add(key, secrets.token_hex(8), None)
        found = _versions().get_many(list(keys.values()))
    return {name: found.get(key) or "0" for name, key in keys.items()}


def bump(namespace: str, institute_id=ALL) -> None:
    """Give the namespace a new version for one institute (and the spanning one) or
    for ``ALL``: every value cached under the old one is left unread from now on."""
    _read_since_bump[namespace] = False
    request_cache.forget(lambda key: type(key) is tuple and key[:1] == (_VERSIONS,))
    keys = [_version_key(namespace, institute_id)]
    if institute_id != ALL:
        keys.append(_version_key(namespace, SPANNING))
    try:
        _versions().set_many(dict.fromkeys(keys, secrets.token_hex(8)), None)
    except Exception:  # values expire after TIMEOUT at the latest
        logger.warning("versioned cache: bump of %s lost", namespace, exc_info=True)


def _full_key(namespace: str, institute_id, key: Hashable) -> str:
    """The cache key of ``key``'s value under the namespace's current versions and
    the language (figures carry translated labels)."""
    general, own = versions(namespace, institute_id)
    full = (
        f"{namespace}:{institute_id}:{general}:{own}:"
        f"{translation.get_language()}:{key!r}"
    )
    return f"cx:f:{_digest(full)}"


_READ = "cx_versioned_cache_read"  # a value read ahead (request_cache key prefix)


def get_or_compute(
    namespace: str, institute_id, key: Hashable, fn: Callable[[], T]
) -> T:
    """``fn()``, kept under ``key`` until the namespace's version for the institute
    changes. ``key`` must name everything ``fn``'s result depends on besides the
    data: the scope's :func:`reach_key`, the day, the campaign …; the language is added
    here, since figures carry translated labels."""
    _read_since_bump[namespace] = True
    try:
        full = _full_key(namespace, institute_id, key)
        value = request_cache.peek((_READ, full), _MISSING)
        if value is _MISSING:
            value = _local_get(full)
        if value is _MISSING:
            value = _values().get(full, _MISSING)
            if value is not _MISSING:
                _local_put(full, value)
    except Exception:  # the cache is down: the page is computed, not refused
        logger.warning("versioned cache unavailable", exc_info=True)
        return fn()
    if value is _MISSING:
        value = plain(fn())
        try:
            _local_put(full, value)
            _values().set(full, value, TIMEOUT)
        except Exception:
            logger.warning("versioned cache unavailable", exc_info=True)
    return value


#: This process's copies of kept values: full key → (expiry, pickled value), oldest
#: first; at most LOCAL_BYTES of pickles (the oldest go first).
_local: dict[str, tuple[float, bytes]] = {}
_local_size = [0]
LOCAL_BYTES = 32 * 1024 * 1024


def _local_get(full: str):
    entry = _local.get(full)
    if entry is None:
        return _MISSING
    if entry[0] < time.monotonic():
        _local_drop(full)
        return _MISSING
    return pickle.loads(entry[1])  # noqa: S301  # nosec B301: pickled by _local_put


def _local_put(full: str, value) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(data) > LOCAL_BYTES // 16:  # a huge value: Redis only
        return
    _local_drop(full)
    _local[full] = (time.monotonic() + TIMEOUT, data)
    _local_size[0] += len(data)
    while _local_size[0] > LOCAL_BYTES:
        _local_drop(next(iter(_local)))


def _local_drop(full: str) -> None:
    entry = _local.pop(full, None)
    if entry is not None:
        _local_size[0] -= len(entry[1])


def forget_local() -> None:
    """Drop this process's copies (tests: a test's rolled-back rows are gone)."""
    _local.clear()
    _local_size[0] = 0


def read_ahead(specs) -> None:
    """Read the kept values of several :func:`get_or_compute` calls a GET request is
    about to make, each ``(namespace, institute_id, key)``, in one round trip (a
    page's kept fragments were read one by one); the calls then find them in the
    request's memo (``core.request_cache``). Outside a GET request, nothing."""
    if not request_cache.active():
        return
    try:
        fulls = [_full_key(*spec) for spec in specs if spec]
        fulls = [full for full in fulls if full not in _local]
        found = _values().get_many(fulls) if fulls else {}
    except Exception:  # each call reads (or computes) its own
        logger.warning("versioned cache unavailable", exc_info=True)
        return
    for full, value in found.items():
        request_cache.put((_READ, full), value)
        _local_put(full, value)


def fragment(spec: tuple) -> tuple:
    """Where a page's fragment is kept (``{% shared_fragment spec %}``): ``spec`` is
    the ``(namespace, institute_id, key)`` the view names it by."""
    namespace, institute_id, key = spec
    return namespace, institute_id, ("fragment", key)


def read_ahead_fragments(*specs) -> None:
    """:func:`read_ahead` for a page's fragments (their specs; empty ones skipped)."""
    read_ahead([fragment(spec) for spec in specs if spec])


def list_part(institute_id, key: Hashable, fn: Callable[[], T], *, searched) -> T:
    """A rendered part of a list page (a page of rows) that is the same for everyone
    whose scope gives the same ``key``: kept like any figure, except for a search,
    whose results are computed afresh (too varied to be worth keeping)."""
    if searched:
        return fn()
    return get_or_compute(FIGURES, institute_id, key, fn)


class KeptCount:
    """Rows to paginate whose count is kept like a :func:`list_part` (the same ``key``
    rules: everything the rows depend on besides the data): counting a whole
    institute's people read 30 000 rows for every page of the roster."""

    def __init__(self, rows, institute_id, key: Hashable, *, searched):
        self.rows, self.institute_id, self.key = rows, institute_id, key
        self.searched = searched

    def count(self) -> int:
        return list_part(
            self.institute_id,
            ("count", self.key),
            self.rows.count,
            searched=self.searched,
        )

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.rows[index]


class KeptRows:
    """Rows to paginate whose count and pages are kept like a :func:`list_part`
    (the same ``key`` rules): rows of plain values (a ``values()`` queryset) that
    are the same for everyone of one ``key``. ``make_rows`` builds the rows object
    only when a count or a page has to be read from the database (building the
    board's filtered queryset was a third of its page even with both kept); a rows
    object that picks its way by the count (``known_count``) is told a kept one."""

    def __init__(self, make_rows: Callable, institute_id, key: Hashable, *, searched):
        self.make_rows, self.institute_id, self.key = make_rows, institute_id, key
        self.searched = searched
        self._rows = self._count = None

    @property
    def rows(self):
        if self._rows is None:
            self._rows = self.make_rows()
            self._tell_count()
        return self._rows

    def _tell_count(self) -> None:
        known = getattr(self._rows, "known_count", None)
        if known is not None and self._count is not None:
            known(self._count)

    def count(self) -> int:
        if self._count is None:
            self._count = list_part(
                self.institute_id,
                ("count", self.key),
                lambda: self.rows.count(),
                searched=self.searched,
            )
            if self._rows is not None:
                self._tell_count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if self.searched or not isinstance(index, slice):
            return self.rows[index]
        return list_part(
            self.institute_id,
            ("rows", self.key, index.start, index.stop, index.step),
            lambda: list(self.rows[index]),
            searched=False,
        )


_MISSING = object()


def plain(value):
    """``value`` with its lazy translations made strings, through dicts, lists and
    tuples: the key holds the language already, and each lazy string read back from
    the cache built its proxy class again (~0.2 ms apiece; a status table's labels
    were most of the office home's reads)."""
    kind = type(value)
    if isinstance(value, Promise):
        return str(value)
    if kind is dict:
        return {k: plain(v) for k, v in value.items()}
    if kind is list:
        return [plain(v) for v in value]
    if kind is tuple:
        return tuple(plain(v) for v in value)
    return value


def _digest(text: str) -> str:
    """A short, stable digest of a key (cache keys have a length limit)."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def reach_key(scope) -> tuple:
    """What a scope reaches, as a key: equal only for scopes that see the same."""
    return (
        bool(scope.is_superuser),
        tuple(scope.manage_paths),
        tuple(scope.read_paths),
        tuple(sorted((role.kind, role.node_id) for role in scope.roles)),
        scope.institute_id,
    )


def namespaces_for_table(table: str) -> tuple[str, ...]:
    """The namespaces a write to ``table`` changes."""
    if not _APPS.match(table) or _IGNORED.match(table):
        return ()
    if _CAST_TABLES.match(table):
        return (TURNOUT,)
    return NAMESPACES


def _namespaces_of(sql: str) -> tuple[str, ...]:
    match = _WRITE.match(sql) if sql else None
    if match is None:
        return ()
    return namespaces_for_table(match.group(1).lower())


# The institute whose rows the current writes belong to (ALL: not known).
_writing: ContextVar = ContextVar("cx_versioned_cache_writing", default=ALL)


@contextmanager
def writes_in(institute_id) -> Iterator[None]:
    """Declare that the writes inside touch rows of this one institute only (rows
    that no other institute's figures read): they bump its version, not every
    institute's. ``None`` (not an institute's) keeps the bumps for all."""
    token = _writing.set(ALL if institute_id is None else institute_id)
    try:
        yield
    finally:
        _writing.reset(token)


def bump_for_sql(sql: str) -> tuple[str, ...]:
    """Bump the namespaces that the write ``sql`` changes (none for a read)."""
    namespaces = _namespaces_of(sql)
    institute_id = _writing.get()
    for namespace in namespaces:
        bump(namespace, institute_id)
    return namespaces


# Whether this process read a namespace through the cache since it last bumped it.
# Inside a transaction a write bumps at once only on the transaction's first write of
# the namespace or after such a read (the commit bumps again anyway), so a bulk job's
# thousands of writes cost two bumps, not one each. (A reader in another process may
# cache figures from the committed rows meanwhile; the writer itself sees them only if
# it reads the cache inside its own transaction, and the commit makes them stale.)
_read_since_bump: dict[str, bool] = {}


def _bump_pending(connection) -> None:
    pending = getattr(connection, "_cx_pending_bumps", set())
    connection._cx_pending_bumps = set()
    for namespace in pending:
        bump(namespace)
    pending = getattr(connection, "_cx_pending_institute_bumps", set())
    connection._cx_pending_institute_bumps = set()
    for namespace, institute_id in pending:
        bump(namespace, institute_id)


def _execute_wrapper(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    namespaces = _namespaces_of(sql)
    if not namespaces:
        return result
    connection = context["connection"]
    institute_id = _writing.get()
    if not connection.in_atomic_block:  # autocommit: the write is committed now
        for namespace in namespaces:
            bump(namespace, institute_id)
        return result
    if institute_id == ALL:
        attribute, entries = "_cx_pending_bumps", namespaces
    else:
        attribute = "_cx_pending_institute_bumps"
        entries = tuple((namespace, institute_id) for namespace in namespaces)
    pending = getattr(connection, attribute, None)
    if pending is None:
        pending = set()
        setattr(connection, attribute, pending)
    for namespace, entry in zip(namespaces, entries, strict=True):
        # The transaction's first write of the namespace, or a read of it since the
        # last bump: bump now, so this process's own next read sees the write.
        if entry not in pending or _read_since_bump.get(namespace, True):
            bump(namespace, institute_id)
    pending.update(entries)
    # Once per transaction (a rolled-back savepoint drops the hook: added again).
    if not any(hook[1] is _flush for hook in connection.run_on_commit):
        transaction.on_commit(_flush, using=connection.alias)
    return result


def _flush():
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        _bump_pending(connection)


def _on_connection(sender, connection, **kwargs):
    if _execute_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_execute_wrapper)


def install() -> None:
    """Watch every database connection's writes (called from an AppConfig.ready)."""
    from django.db import connections
    from django.db.backends.signals import connection_created

    connection_created.connect(_on_connection, dispatch_uid="cx_versioned_cache")
    for connection in connections.all(initialized_only=True):
        _on_connection(None, connection)
