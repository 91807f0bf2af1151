"""Background exports (ExportJob): progress page, download, a dead broker, re-queueing,
running twice, and failures that say what went wrong."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from chuangxian import tasks
from chuangxian.exports import builders as exports
from chuangxian.exports import jobs as export_tasks
from chuangxian.exports.jobs import (
    export_job_request,
    export_job_run,
    exports_purge,
    exports_requeue_stale,
)
from chuangxian.models import ExportJob
from core import enqueue as tasks_util


@pytest.fixture(autouse=True)
def fresh_broker_state():
    tasks_util.reset_broker_state()
    yield
    tasks_util.reset_broker_state()


@pytest.fixture
def dead_broker(monkeypatch):
    """Publishing fails as with Redis down (the worker never hears of the job)."""
    from chuangxian.celery import app

    def refuse(*args, **kwargs):
        raise OSError("Connection refused")

    monkeypatch.setattr(tasks.export_run, "apply_async", refuse)
    before = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = before


def ask(client, user, kind, callbacks, **data):
    client.force_login(user)
    with callbacks(execute=True):
        response = client.post(reverse("dashboards:export_request", args=[kind]), data)
    assert response.status_code == 302
    return ExportJob.objects.filter(requested_by=user).latest("created_at")


def job_for(world, kind=ExportJob.Kind.PLANS_PLEDGES, **params):
    return ExportJob.objects.create(
        requested_by=world.inst.user("office"),
        kind=kind,
        params={"campaign": world.campaign.pk, "language": "en", **params},
    )


def test_it_shows_a_progress_bar_that_polls_until_done(client, world, media):
    job = job_for(world)
    client.force_login(world.inst.user("office"))
    response = client.get(reverse("dashboards:export_job", args=[job.pk]))
    content = response.content.decode()
    assert 'hx-trigger="every 1s"' in content
    assert reverse("dashboards:export_job_status", args=[job.pk]) in content
    assert 'data-testid="export-progress"' in content
    export_job_run(job_id=job.pk)
    done = client.get(reverse("dashboards:export_job_status", args=[job.pk]))
    content = done.content.decode()
    assert 'hx-trigger="every 1s"' not in content
    assert reverse("dashboards:export_job_download", args=[job.pk]) in content


def test_it_leaves_the_job_queued_and_says_so_when_the_broker_is_down(
    client, world, media, dead_broker, django_capture_on_commit_callbacks
):
    job = ask(
        client,
        world.inst.user("office"),
        "plans_pledges",
        django_capture_on_commit_callbacks,
        campaign=world.campaign.pk,
    )
    assert job.status == ExportJob.Status.QUEUED
    page = client.get(reverse("dashboards:export_job", args=[job.pk]))
    assert b'data-testid="export-queued"' in page.content
    assert b'data-testid="export-stalled"' not in page.content
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        page = client.get(reverse("dashboards:export_job_status", args=[job.pk]))
    assert b'data-testid="export-stalled"' in page.content
    assert b"may be stopped or the message queue may be down" in page.content


def test_it_sends_a_stale_queued_job_again_once_the_broker_is_back(
    client, world, media, eager_celery, django_capture_on_commit_callbacks
):
    job = job_for(world)
    assert exports_requeue_stale() == 0  # too fresh to count as lost
    later = timezone.now() + datetime.timedelta(minutes=5)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert exports_requeue_stale() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.attempts == 1


def test_it_queues_again_a_job_whose_worker_died(world, media):
    job = job_for(world)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=2),
        created_at=timezone.now() - datetime.timedelta(hours=2),
        progress=40,
    )
    exports_requeue_stale()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    assert job.progress == 0


def test_it_runs_a_job_delivered_twice_only_once(world, media):
    job = job_for(world)
    assert export_job_run(job_id=job.pk) == "done"
    assert export_job_run(job_id=job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1
    assert job.file_path.startswith("exports/")
    assert job.file_name.endswith(".xlsx")


def test_it_gives_back_the_unfinished_job_when_asked_twice(world, media):
    user = world.inst.user("office")
    params = {"campaign": world.campaign.pk}
    first, created = export_job_request(by=user, kind="plans_pledges", params=params)
    again, created_again = export_job_request(
        by=user, kind="plans_pledges", params=params
    )
    assert created and not created_again
    assert again.pk == first.pk


def test_it_reports_progress_while_it_runs(world, media, monkeypatch):
    seen = []
    original = export_tasks._Reporter.__call__

    def spy(self, percent):
        original(self, percent)
        seen.append(ExportJob.objects.get(pk=self.job_id).progress)

    monkeypatch.setattr(export_tasks._Reporter, "__call__", spy)
    job = job_for(world)
    export_job_run(job_id=job.pk)
    assert seen and seen == sorted(seen)
    assert 0 < seen[0] < 100


def test_it_fails_with_a_reason_when_pdf_cannot_be_made(world, media, monkeypatch):
    def unavailable(html):
        raise exports.PdfUnavailable("no pango")

    monkeypatch.setattr(exports, "html_to_pdf", unavailable)
    job = job_for(world, kind=ExportJob.Kind.LEDGER, branch=world.inst.branch.pk)
    assert export_job_run(job_id=job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "PDF export is not available on this server."


def test_it_refuses_at_run_time_what_the_requester_no_longer_reaches(world, media):
    job = ExportJob.objects.create(
        requested_by=world.inst.user("othersec"),
        kind=ExportJob.Kind.LEDGER,
        params={"branch": world.inst.branch.pk, "language": "en"},
    )
    assert export_job_run(job_id=job.pk) == "refused"
    job.refresh_from_db()
    assert job.error == "This branch is not in your scope."
    assert not job.file_path


def test_it_shows_a_failed_job_with_its_reason(client, world, media):
    job = job_for(world)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error="出错了"
    )
    client.force_login(world.inst.user("office"))
    page = client.get(reverse("dashboards:export_job", args=[job.pk]))
    assert "出错了" in page.content.decode()
    assert (
        client.get(reverse("dashboards:export_job_download", args=[job.pk])).status_code
        == 404
    )


def test_it_purges_old_exports_and_their_files(world, media):
    from django.core.files.storage import default_storage

    job = job_for(world)
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert default_storage.exists(job.file_path)
    assert exports_purge() == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert exports_purge() == 1
    assert not default_storage.exists(job.file_path)
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    "role,shown,hidden",
    [
        (
            "office",
            ["export-roster", "export-plans-pledges", "export-scores", "export-ledger"],
            [],
        ),
        (
            "secretary",
            ["export-plans-pledges", "export-ledger", "export-news"],
            ["export-roster", "export-scores"],
        ),
        (
            "member",
            [],
            ["export-roster", "export-plans-pledges", "export-scores", "export-ledger"],
        ),
    ],
)
def test_it_offers_each_role_what_it_may_export(client, world, role, shown, hidden):
    client.force_login(world.inst.user(role))
    content = client.get(reverse("dashboards:exports")).content.decode()
    for testid in shown:
        assert f'data-testid="{testid}"' in content
    for testid in hidden:
        assert f'data-testid="{testid}"' not in content
    if role == "office":
        assert reverse("organizations:roster_export") in content


def test_the_beat_purges_old_exports_every_night(world, media, settings):
    from chuangxian.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["exports-purge"]
    assert entry["task"] in app.tasks
    job = job_for(world)
    export_job_run(job_id=job.pk)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert app.tasks[entry["task"]].apply().get() == 1
    assert not ExportJob.objects.exists()
