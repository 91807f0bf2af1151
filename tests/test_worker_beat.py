"""A real Celery worker and beat run a scheduled calendar step end to end.

With REDIS_URL set (CI) they talk to the real Redis; otherwise they use the embedded
default, Celery's filesystem transport, in a folder of the test's own.
"""

import datetime
import os
import signal
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from chuangxian.models import StepRun
from tests.factories import build_institute
from tests.pledges.builders import make_campaign
from tests.workers import ROOT, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.serial]


def test_a_real_worker_and_beat_take_the_due_calendar_steps(tmp_path):
    inst = build_institute("调度研究所")
    today = timezone.localdate()
    campaign = make_campaign(inst.institute, start=today - datetime.timedelta(days=40))
    env = worker_env(tmp_path)
    celery = [sys.executable, "-m", "celery", "-A", "chuangxian"]
    worker = subprocess.Popen(  # noqa: S603
        [*celery, "worker", "--loglevel=WARNING", "--concurrency=1", "--pool=solo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "worker.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    beat = subprocess.Popen(  # noqa: S603
        [*celery, "beat", "--loglevel=WARNING", "-s", str(tmp_path / "beat-schedule")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "beat.log", "w"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if StepRun.objects.filter(campaign=campaign, step="phase2").exists():
                break
            time.sleep(1)
        steps = set(
            StepRun.objects.filter(campaign=campaign).values_list("step", flat=True)
        )
    finally:
        for process in (beat, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (beat, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    logs = (tmp_path / "worker.log").read_text() + (tmp_path / "beat.log").read_text()
    assert {"phase1", "phase2", "news_check"} <= steps, logs[-3000:]
