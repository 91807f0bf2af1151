"""Shared fixtures: a small institute with one account per role, and the browser.

Browser and PostgreSQL tests skip with a visible reason on a bare machine; with
``CX_NO_SKIP=1`` (set by .ci/run) any skip fails the run instead.
"""

import os
import shutil
import socket
import threading

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import translation

from tests.factories import build_institute
from tests.pledges.builders import make_campaign
from tests.shared import SharedBlock, fresh


def pytest_configure(config):

    # Hashing is not under test here; the slow default hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest storage needs collectstatic first; tests serve plain files.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # Save the session on every request, so a page's query count does not depend on
    # how long ago the test's previous request was; test_middleware tests the interval.
    settings.SESSION_TOUCH_SECONDS = 0
    # Cached figures in this process only: parallel runs share one Redis, not data.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "versions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "versions",
        },
    }


@pytest.fixture(autouse=True)
def _clear_cache():
    """No cached figure outlives its test (whose writes are rolled back unbumped)."""
    from django.core.cache import caches

    from core import versioned_cache

    for alias in ("default", "versions"):
        caches[alias].clear()
    versioned_cache.forget_local()
    # The open rounds' rules a process keeps: keyed by the round's id and the figures
    # version, which both start again in the next test (its rows are rolled back and
    # SQLite hands the same ids out again; the versions were just cleared).
    from evaluations.ballots import access

    access._frozen.clear()


# Shared data (STYLE rule 18). Each test module builds the institutes once, inside an
# outer transaction that is rolled back when the module ends; pytest-django's ``db``
# wraps every test in a savepoint inside it (as Django's TestCase.setUpTestData does),
# and every test gets its own deep copy of the Python objects. A module with any test
# that needs real transactions (transactional_db, live_server, django_db(transaction=
# True)) keeps building per test: an open outer transaction would hide its commits.

_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def needs_real_transactions(item) -> bool:
    if _TRANSACTIONAL_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return bool(
        marker
        and any(
            marker.kwargs.get(key)
            for key in ("transaction", "reset_sequences", "serialized_rollback")
        )
    )


def _uses_database(item) -> bool:
    return "db" in getattr(item, "fixturenames", ()) or bool(
        item.get_closest_marker("django_db")
    )


_UNSHARED = pytest.StashKey[set]()


def _module_items(request):
    return [item for item in request.session.items if item.path == request.node.path]


def _module_shares_data(request) -> bool:
    """False if any selected test of the requesting module needs real transactions."""
    stash = request.session.stash
    if _UNSHARED not in stash:
        stash[_UNSHARED] = {
            item.path for item in request.session.items if needs_real_transactions(item)
        }
    return request.node.path not in stash[_UNSHARED]


@pytest.fixture(scope="module")
def shared_block(request, django_db_setup, django_db_blocker):
    """The module's outer transaction (None where the module cannot share data)."""
    if not _module_shares_data(request):
        yield None
        return
    with django_db_blocker.unblock():
        block = transaction.atomic()
        # Marked as the test case's own blocks are, so durable blocks may nest in it.
        block._from_testcase = True
        block.__enter__()
    try:
        items = _module_items(request)
        english = any("english" in item.fixturenames for item in items)
        wanted = [set(item.fixturenames) for item in items if _uses_database(item)]
        yield SharedBlock(django_db_blocker, "en" if english else None, wanted)
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def copies():
    """The deepcopy memo of one test: shared objects that refer to each other (a world
    and its institute) are copied to test objects that refer to each other."""
    return {}


def _build_inst():
    return build_institute("甲研究所")


def _build_other_inst():
    return build_institute("乙研究所", prefix="y")


@pytest.fixture(scope="module")
def shared_inst(shared_block):
    return shared_block and shared_block.build("inst", _build_inst)


@pytest.fixture(scope="module")
def shared_other_inst(shared_block):
    return shared_block and shared_block.build("other_inst", _build_other_inst)


@pytest.fixture
def inst(shared_inst, copies, db):
    """A small institute: committee, two general branches, three branches, people, roles."""
    return fresh(copies, shared_inst, _build_inst)


@pytest.fixture
def other_inst(shared_other_inst, copies, db):
    """A second institute that must never see the first one's data."""
    return fresh(copies, shared_other_inst, _build_other_inst)


@pytest.fixture(scope="module")
def shared_campaign(shared_block, shared_inst):
    """The first institute's campaign of this year (``make_campaign``), shared."""
    return shared_inst and shared_block.build(
        "campaign", make_campaign, shared_inst.institute
    )


@pytest.fixture(name="campaign")
def campaign_fixture(shared_campaign, inst, copies):
    """The first institute's campaign of this year (shared where the module can)."""
    return fresh(copies, shared_campaign, make_campaign, inst.institute)


@pytest.fixture
def english(request):
    """Assert on the English source strings, whatever catalogue is compiled: the
    active language, and the test client's Accept-Language where the test has one."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://…")


def chromium_path() -> str | None:
    return os.environ.get("CX_BROWSER") or shutil.which("chromium")


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path or not os.path.exists(path):
        pytest.skip("browser tests need Debian's chromium (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    yield page
    context.close()


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CX_NO_SKIP") and _skipped:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if os.environ.get("CX_NO_SKIP") and _skipped:
        terminalreporter.write_line(
            f"CX_NO_SKIP is set and {len(_skipped)} test(s) skipped: failing the run.",
            red=True,
        )
        for nodeid in _skipped[:20]:
            terminalreporter.write_line(f"  skipped: {nodeid}", red=True)


# Brokers that are down or hung (tests/core/test_enqueue.py, tests/test_faults.py)


@pytest.fixture
def closed_port():
    """A port nothing listens on: connecting is refused at once."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


@pytest.fixture
def hung_port():
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _addr = server.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    server.close()
