"""With Redis stopped, or accepting connections but never answering, web requests that
enqueue work, vote casting and every page a crawl reaches still answer within 2 seconds
(issue 5, issue 7)."""

import runpy
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from chuangxian.celery import app
from core import enqueue as tasks_util
from organizations.models import NotificationSetting
from pledges.models import Status
from tests.evaluations.ballots.builders import answers_for, make_round, target_of
from tests.pages import crawl
from tests.pledges.builders import fill_plan, make_campaign

BOUND = 2.5
pytestmark = [pytest.mark.timeout(60), pytest.mark.serial]


@pytest.fixture(params=["stopped", "hung"])
def dead_broker(request, monkeypatch):
    """Point the project's Celery app at a dead or hung Redis, configured as settings.py
    configures it for REDIS_URL."""
    port = request.getfixturevalue(
        "closed_port" if request.param == "stopped" else "hung_port"
    )
    url = f"redis://127.0.0.1:{port}/0"
    monkeypatch.setenv("REDIS_URL", url)
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "chuangxian" / "settings.py"))
    saved = {
        "broker_url": app.conf.broker_url,
        "broker_transport_options": app.conf.broker_transport_options,
        "task_always_eager": app.conf.task_always_eager,
    }
    # Celery's pools are kombu's global ones, shared by every app with the same broker
    # URL: drop our reference to the real Redis pool but never close it (closing it
    # would break every later app that publishes to that Redis); close only the dead one.
    app._pool = None
    app.conf.update(
        broker_url=url,
        broker_transport_options=conf["CELERY_BROKER_TRANSPORT_OPTIONS"],
        task_always_eager=False,
    )
    tasks_util.reset_broker_state()
    yield request.param
    app.pool.force_close_all()
    app._pool = None
    app.conf.update(**saved)
    tasks_util.reset_broker_state()


def test_it_submits_a_plan_whose_approver_wants_email_at_once(
    client, inst, dead_broker, django_capture_on_commit_callbacks
):
    NotificationSetting.objects.update_or_create(
        person=inst.people["gsec"],
        defaults={"email_frequency": NotificationSetting.Frequency.IMMEDIATE},
    )
    inst.people["gsec"].email = "gsec@example.org"
    inst.people["gsec"].save()
    campaign = make_campaign(inst.institute)
    from pledges import services

    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    client.force_login(inst.user("secretary"))
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("pledges:plan_step", args=[plan.pk, "submit"]))
    elapsed = time.monotonic() - started
    plan.refresh_from_db()
    assert response.status_code == 302
    assert plan.status == Status.SUBMITTED
    assert callbacks, "the submission enqueued the approver's email"
    assert elapsed < BOUND


def test_it_casts_a_vote(client, inst, dead_broker):
    round = make_round(inst, k=2)
    client.force_login(inst.user("staff"))
    target = target_of(round, unit=inst.branch)
    data = {f"q{pk}": rating for pk, rating in answers_for(round).items()}
    started = time.monotonic()
    response = client.post(
        reverse("evaluations:ballot", args=[round.pk, target.pk]), data
    )
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert b"receipt-code" in response.content
    assert elapsed < BOUND


@pytest.mark.parametrize("name", ["home", "notifications:list", "evaluations:vote"])
def test_it_answers_pages(client, inst, dead_broker, name):
    client.force_login(inst.user("staff"))
    started = time.monotonic()
    assert client.get(reverse(name)).status_code == 200
    assert time.monotonic() - started < BOUND


class TimedClient(Client):
    """A test client that remembers how long each GET took."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.took: dict[str, float] = {}

    def get(self, path, *args, **kwargs):
        started = time.monotonic()
        response = super().get(path, *args, **kwargs)
        self.took[path] = time.monotonic() - started
        return response


@pytest.mark.timeout(600)
@pytest.mark.parametrize("username", ["office", "secretary", "staff"])
def test_it_answers_every_page_it_links_to(inst, dead_broker, username):
    """Every page reachable by following links, as each role, with the broker dead."""
    make_campaign(inst.institute)
    client = TimedClient()
    client.force_login(inst.user(username))
    statuses = crawl(client, reverse("home"), defaultdict(set), limit=400)
    assert len([s for s in statuses.values() if s == 200]) >= 20
    assert [url for url, status in statuses.items() if status >= 500] == []
    slow = {url: round(t, 2) for url, t in client.took.items() if t >= BOUND}
    assert slow == {}
