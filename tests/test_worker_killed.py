"""A worker killed in the middle of a task leaves a correct state after redelivery:
tasks are acknowledged late and calendar steps are idempotent (Redis + PostgreSQL)."""

import datetime
import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from chuangxian.models import StepRun
from tests.factories import build_institute
from tests.pledges.builders import make_campaign
from tests.workers import ROOT, worker_env

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.redis,
    pytest.mark.serial,
]


def _start_worker(env, log):
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "chuangxian",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=solo",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "a"),  # noqa: SIM115
        start_new_session=True,
    )


def _waiting_backends(dsn) -> int:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
        ).fetchone()[0]


def test_it_finishes_the_killed_workers_tick_after_redelivery(
    require_postgres, tmp_path
):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs a real Redis: set REDIS_URL=redis://…")
    inst = build_institute("重投研究所")
    today = timezone.localdate()
    campaign = make_campaign(inst.institute, start=today - datetime.timedelta(days=40))
    env = worker_env(tmp_path)
    env["CELERY_VISIBILITY_TIMEOUT"] = "3"
    env["CELERY_TICK_SECONDS"] = "3600"
    dsn = env["DATABASE_URL"].replace("postgres://", "postgresql://")
    log = tmp_path / "worker.log"

    # Hold the step log so the first worker's tick blocks in the middle of its work.
    blocker = psycopg.connect(dsn)
    blocker.execute("LOCK TABLE chuangxian_steprun IN ACCESS EXCLUSIVE MODE")
    first = _start_worker(env, log)
    from chuangxian.celery import app

    with app.connection_for_write(redis_url) as conn:
        app.send_task("chuangxian.calendar_tick", connection=conn)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and _waiting_backends(dsn) == 0:
        time.sleep(0.5)
    assert _waiting_backends(dsn) > 0, log.read_text()[-2000:]
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=20)
    blocker.rollback()
    blocker.close()
    assert not StepRun.objects.filter(campaign=campaign).exists()

    second = _start_worker(env, log)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if StepRun.objects.filter(campaign=campaign, step="phase2").exists():
                break
            time.sleep(1)
        time.sleep(2)
        runs = list(
            StepRun.objects.filter(campaign=campaign).values_list("step", "due_on")
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        try:
            second.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
    assert ("phase2", campaign.phase2_start) in runs, log.read_text()[-3000:]
    assert len(runs) == len(set(runs))
    assert connection.vendor == "postgresql"
