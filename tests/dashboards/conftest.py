"""Fixtures of the dashboard and export tests: a campaign on a fixed day, with data in
every figure, and a builder that adds more branches of the same."""

import datetime
import shutil

import pytest
import time_machine

from tests.dashboards.world import World, build_world
from tests.shared import fresh

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def english(english):
    """The root ``english`` fixture (tests/conftest.py), for every test of this folder."""
    return english


NOW = datetime.datetime(2025, 5, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    """15 May 2025: the campaign (from 1 April) is in phase 2, quarter 1 is open."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture(scope="module")
def shared_world(shared_block, shared_inst):
    """The world built once per module, on NOW as the ``world`` of each test is."""
    if not shared_inst:
        return None
    with time_machine.travel(NOW, tick=False):
        return shared_block.build("world", build_world, shared_inst)


@pytest.fixture
def world(frozen, shared_world, inst, copies) -> World:
    return fresh(copies, shared_world, build_world, inst)


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
