"""Fixtures of the dashboard and export tests: a campaign on a fixed day, with data in
every figure, and a builder that adds more branches of the same."""

import datetime
import shutil
import subprocess

import pytest
import time_machine
from django.utils import translation

from chuangxian.dashboards.nav import register_dashboard_nav
from tests.dashboards.world import World, build_world

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True, scope="session")
def dashboard_nav():
    """The lead wires this into ``ChuangxianConfig.ready``; calling it again is a no-op."""
    register_dashboard_nav()


@pytest.fixture(autouse=True, name="english")
def english_fixture(request):
    """Assert on the English source strings, whatever catalogue is compiled."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


NOW = datetime.datetime(2025, 5, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    """15 May 2025: the campaign (from 1 April) is in phase 2, quarter 1 is open."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def world(frozen, inst) -> World:
    return build_world(inst)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager_celery():
    """Tasks run in-process when published, so no broker is touched."""
    from chuangxian.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before


@pytest.fixture
def pdf_ok():
    """PDF tests need WeasyPrint's libraries and poppler's pdftotext."""
    from chuangxian.exports.builders import pdf_available

    if not pdf_available():
        pytest.skip("WeasyPrint cannot load its libraries (pango) on this machine")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")


def pdf_text(data: bytes) -> str:
    """The text of a PDF, as poppler extracts it."""
    assert data.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")
