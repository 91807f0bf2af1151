"""Shared fixtures: a small institute with one account per role, and the browser.

Browser and PostgreSQL tests skip with a visible reason on a bare machine; with
``CX_NO_SKIP=1`` (set by .ci/run) any skip fails the run instead.
"""

import os
import shutil

import pytest
from django.db import connection

from tests.factories import build_institute


def pytest_configure(config):
    from django.conf import settings

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


@pytest.fixture
def inst(db):
    """A small institute: committee, two general branches, three branches, people, roles."""
    return build_institute("甲研究所")


@pytest.fixture
def other_inst(db):
    """A second institute that must never see the first one's data."""
    return build_institute("乙研究所", prefix="y")


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


def sign_in(page, username, password="chuangxian"):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


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
