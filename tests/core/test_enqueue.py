"""Enqueueing never breaks a request: a dead or hung broker fails fast and is logged.

The broker apps here are built from chuangxian/settings.py itself, evaluated with
``REDIS_URL`` pointing at the dead or hung port, so the tests check the real transport
options (socket timeouts, no retries) rather than a copy of them.
"""

import json
import logging
import os
import runpy
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery import Celery
from django.conf import settings

from core import enqueue as tasks_util
from core.enqueue import enqueue

SECRET = "选票内容-秘密-4711"
# "Fails within 2 seconds" is the contract; the margin covers a slow machine.
BOUND = 2.5
# Without the fail-fast options a hung broker blocks for minutes: fail, don't wait.
pytestmark = pytest.mark.timeout(30)


@pytest.fixture(autouse=True)
def fresh_broker_state():
    tasks_util.reset_broker_state()
    yield
    tasks_util.reset_broker_state()


def production_app(monkeypatch, broker_url: str) -> Celery:
    """A Celery app configured as settings.py configures it for ``REDIS_URL``."""
    monkeypatch.setenv("REDIS_URL", broker_url)
    monkeypatch.delenv("CELERY_TASK_ALWAYS_EAGER", raising=False)
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "chuangxian" / "settings.py"))
    app = Celery(f"enqueue-test-{uuid.uuid4().hex[:8]}", set_as_current=False)
    app.config_from_object(
        SimpleNamespace(**{k: v for k, v in conf.items() if k.startswith("CELERY_")}),
        namespace="CELERY",
    )
    return app


def job_on(app: Celery):
    @app.task(name="tests.ballot_followup", shared=False)
    def ballot_followup(*args, **kwargs):
        return None

    return ballot_followup


def timed_enqueue(task, capture) -> float:
    started = time.monotonic()
    with capture(execute=True) as callbacks:
        enqueue(task, SECRET, ballot=SECRET)
    assert len(callbacks) == 1
    return time.monotonic() - started


@pytest.fixture
def dead_task(monkeypatch, closed_port):
    app = production_app(monkeypatch, f"redis://127.0.0.1:{closed_port}/0")
    yield job_on(app)
    app.close()


@pytest.fixture
def hung_task(monkeypatch, hung_port):
    app = production_app(monkeypatch, f"redis://127.0.0.1:{hung_port}/0")
    yield job_on(app)
    app.close()


def test_it_gives_up_within_two_seconds_when_redis_is_stopped(
    db, dead_task, django_capture_on_commit_callbacks
):
    assert timed_enqueue(dead_task, django_capture_on_commit_callbacks) < BOUND


def test_it_logs_the_task_name_but_no_arguments_when_redis_is_stopped(
    db, dead_task, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING, logger="core.enqueue"):
        timed_enqueue(dead_task, django_capture_on_commit_callbacks)
    assert "tests.ballot_followup" in caplog.text
    assert SECRET not in caplog.text


def test_it_gives_up_within_two_seconds_when_redis_accepts_but_never_answers(
    db, hung_task, django_capture_on_commit_callbacks
):
    assert timed_enqueue(hung_task, django_capture_on_commit_callbacks) < BOUND


def test_it_logs_the_task_name_but_no_arguments_when_redis_hangs(
    db, hung_task, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING, logger="core.enqueue"):
        timed_enqueue(hung_task, django_capture_on_commit_callbacks)
    assert "tests.ballot_followup" in caplog.text
    assert SECRET not in caplog.text


def test_it_uses_the_fail_fast_transport_options_for_redis(monkeypatch):
    app = production_app(monkeypatch, "redis://127.0.0.1:6379/0")
    options = app.conf.broker_transport_options
    assert options["socket_timeout"] <= 2
    assert options["socket_connect_timeout"] <= 2
    assert options["max_retries"] == 0
    assert app.conf.task_publish_retry is False


def test_it_waits_for_a_hung_redis_once_per_request_not_once_per_task(
    db, hung_task, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(3):
            enqueue(hung_task, 1)
    assert len(callbacks) == 3
    assert time.monotonic() - started < BOUND


def test_it_tries_the_broker_again_after_the_cool_down(
    db, dead_task, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(dead_task, 1)
    calls = []
    monkeypatch.setattr(dead_task, "apply_async", lambda *a: calls.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(dead_task, 1)
    assert calls == []
    now = time.monotonic()
    later = SimpleNamespace(monotonic=lambda: now + tasks_util.COOL_DOWN + 1)
    monkeypatch.setattr(tasks_util, "time", later)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(dead_task, 1)
    assert calls == [((1,), {})]


class FakeTask:
    name = "tests.fake"

    def __init__(self, error: Exception | None = None):
        self.calls: list[tuple] = []
        self.error = error

    def apply_async(self, args, kwargs):
        if self.error is not None:
            raise self.error
        self.calls.append((args, kwargs))


def test_it_publishes_only_when_the_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    task = FakeTask()
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue(task, 1, unit=2)
    assert task.calls == []
    callbacks[0]()
    assert task.calls == [((1,), {"unit": 2})]


def test_it_swallows_any_publish_error(db, django_capture_on_commit_callbacks):
    task = FakeTask(error=ValueError("cannot encode"))
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(task, SECRET)
    assert task.calls == []


def test_it_keeps_the_message_of_a_non_network_error_out_of_the_log(
    db, django_capture_on_commit_callbacks, caplog
):
    task = FakeTask(error=ValueError(f"cannot encode {SECRET}"))
    with caplog.at_level(logging.WARNING, logger="core.enqueue"):
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(task, SECRET)
    assert "tests.fake" in caplog.text
    assert "ValueError" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.redis
def test_it_publishes_a_message_to_a_real_redis(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs a real Redis: set REDIS_URL=redis://…")
    import redis

    app = production_app(monkeypatch, url)
    queue = f"cx-test-{uuid.uuid4().hex}"
    app.conf.task_default_queue = queue
    task = job_on(app)
    client = redis.Redis.from_url(url)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enqueue(task, 1, 2)
        raw = client.lpop(queue)
        if raw is None:  # say why: publish again without enqueue's safety net
            task.apply_async((1, 2))
            raw = client.lpop(queue)
        assert raw is not None
        assert json.loads(raw)["headers"]["task"] == "tests.ballot_followup"
    finally:
        client.delete(
            queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
        )
        client.close()
        app.close()


def test_it_lets_a_notifying_caller_carry_on_when_redis_hangs(
    inst, monkeypatch, hung_task, django_capture_on_commit_callbacks
):
    from organizations import tasks
    from organizations.models import Notification, NotificationSetting
    from organizations.notifications import services as notify

    member = inst.people["member"]
    NotificationSetting.objects.create(
        person=member, email_frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    monkeypatch.setattr(tasks, "send_notification_emails", hung_task)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify.notify(recipients=[member], kind="reminder", title="请提交承诺书")
    assert len(callbacks) == 1
    assert time.monotonic() - started < BOUND
    assert Notification.objects.filter(recipient=member).exists()


def test_it_never_skips_objects_that_are_not_celery_tasks(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(FakeTask(error=ConnectionRefusedError()), 1)
    task = FakeTask()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(task, 1)
    assert task.calls == [((1,), {})]
