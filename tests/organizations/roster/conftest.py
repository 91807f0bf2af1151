"""Roster tests: the worker's tasks run in-process, as in the export-job tests."""

import pytest


@pytest.fixture(autouse=True)
def eager_celery():
    """Tasks run in-process when published, so no broker is touched."""
    from chuangxian.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = before
