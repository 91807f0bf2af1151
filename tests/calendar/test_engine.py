"""The campaign calendar runs itself: idempotent ticks, catch-up, failures, races."""

import datetime
import threading

import pytest
from django.db import connection

from chuangxian.calendar import engine as calendar
from chuangxian.models import StepRun
from organizations.models import Notification
from tests.pledges.builders import make_campaign

D = datetime.date


@pytest.fixture
def campaign(inst):
    # Starts 1 March 2026: phase 1 in March, news checked on the 5th of each month.
    return make_campaign(inst.institute, start=D(2026, 3, 1))


def runs(campaign):
    return sorted(
        StepRun.objects.filter(campaign=campaign).values_list("step", "due_on")
    )


def test_it_takes_each_due_step_once_however_often_it_ticks(campaign):
    calendar.tick(today=D(2026, 4, 6))
    first = runs(campaign)
    notes = Notification.objects.count()
    calendar.tick(today=D(2026, 4, 6))
    calendar.tick(today=D(2026, 4, 6))
    assert runs(campaign) == first
    assert Notification.objects.count() == notes
    assert ("phase1", D(2026, 3, 1)) in first
    assert ("phase2", D(2026, 3, 31)) in first
    assert ("news_check", D(2026, 4, 5)) in first


def test_it_names_the_branches_without_a_news_report(inst, campaign):
    calendar.tick(today=D(2026, 4, 5))
    run = StepRun.objects.get(
        campaign=campaign, step="news_check", due_on=D(2026, 4, 5)
    )
    named = {b["id"] for b in run.detail["branches"]}
    assert (run.detail["year"], run.detail["month"]) == (2026, 3)
    assert {inst.branch.pk, inst.other_branch.pk, inst.lone_branch.pk} == named
    reminded = Notification.objects.filter(
        recipient=inst.people["secretary"],
        kind="reminder",
        dedupe_key__startswith="news-missing-",
    )
    assert reminded.count() == 1


def test_it_catches_up_every_missed_monthly_step_once_after_a_gap(campaign):
    calendar.tick(today=D(2026, 4, 1))
    # Ten days without ticks: 5 April's check was missed.
    calendar.tick(today=D(2026, 4, 11))
    checks = [r for r in runs(campaign) if r[0] == "news_check"]
    assert checks == [("news_check", D(2026, 4, 5))]
    calendar.tick(today=D(2026, 4, 11))
    assert [r for r in runs(campaign) if r[0] == "news_check"] == checks


def test_it_runs_only_the_latest_daily_step_after_a_gap(campaign):
    calendar.tick(today=D(2026, 4, 1))
    calendar.tick(today=D(2026, 4, 11))
    daily = [r for r in runs(campaign) if r[0] == "reminders"]
    assert daily == [("reminders", D(2026, 4, 1)), ("reminders", D(2026, 4, 11))]


def test_it_does_nothing_for_a_campaign_that_has_not_started(campaign):
    assert calendar.tick(today=D(2026, 2, 27)) == []
    assert runs(campaign) == []


def test_it_retries_a_failed_step_on_the_next_tick(campaign, monkeypatch):
    step = calendar.get_step("news_check")
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("boom")
        return "ok", {}

    monkeypatch.setitem(
        calendar._STEPS,
        "news_check",
        calendar.Step(key=step.key, label=step.label, dates=step.dates, action=flaky),
    )
    calendar.tick(today=D(2026, 4, 5))
    run = StepRun.objects.get(campaign=campaign, step="news_check")
    assert run.status == StepRun.Status.FAILED
    calendar.tick(today=D(2026, 4, 5))
    run.refresh_from_db()
    assert run.status == StepRun.Status.DONE
    assert run.attempts == 2
    calendar.tick(today=D(2026, 4, 5))
    assert calls["n"] == 2


def test_it_records_a_step_run_by_hand_with_who(campaign, inst):
    step = calendar.get_step("news_check")
    run = calendar.step_run(
        campaign=campaign,
        step=step,
        due_on=D(2026, 4, 5),
        today=D(2026, 4, 5),
        trigger=StepRun.Trigger.HAND,
        by=inst.user("office"),
    )
    assert run.trigger == "hand"
    assert run.by == inst.user("office")
    # The tick then finds it done.
    calendar.tick(today=D(2026, 4, 5))
    assert StepRun.objects.filter(step="news_check").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_takes_each_step_once_when_two_ticks_race(require_postgres):
    from tests.factories import build_institute

    inst = build_institute("竞速研究所")
    campaign = make_campaign(inst.institute, start=D(2026, 3, 1))
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            calendar.tick(today=D(2026, 5, 6))
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    steps = runs(campaign)
    assert len(steps) == len(set(steps))
    assert ("news_check", D(2026, 4, 5)) in steps
    assert ("news_check", D(2026, 5, 5)) in steps
    reminders = Notification.objects.filter(
        recipient=inst.people["secretary"], dedupe_key__startswith="news-missing-"
    )
    assert reminders.count() == 2


@pytest.mark.parametrize(
    "username,status", [("office", 200), ("leader", 403), ("secretary", 403)]
)
def test_it_shows_the_calendar_page_to_the_office(
    client, inst, campaign, username, status
):
    client.force_login(inst.user(username))
    assert client.get(f"/calendar/{campaign.pk}/").status_code == status


def test_it_hides_the_calendar_from_another_institute(client, campaign, other_inst):
    client.force_login(other_inst.user("office"))
    assert client.get(f"/calendar/{campaign.pk}/").status_code == 404


def test_it_runs_a_due_step_by_hand_from_the_page(client, inst, campaign):
    import time_machine

    client.force_login(inst.user("office"))
    with time_machine.travel("2026-04-06 10:00 +0800", tick=False):
        page = client.get(f"/calendar/{campaign.pk}/")
        assert b"run-now" in page.content
        response = client.post(
            f"/calendar/{campaign.pk}/run/",
            {"step": "news_check", "due_on": "2026-04-05"},
        )
        assert response.status_code == 302
        run = StepRun.objects.get(campaign=campaign, step="news_check")
        assert run.trigger == "hand"
        assert run.by == inst.user("office")
        log = client.get(f"/calendar/{campaign.pk}/").content.decode()
        assert "2026-04-05" in log


def test_it_refuses_to_run_a_step_that_is_not_due(client, inst, campaign):
    import time_machine

    client.force_login(inst.user("office"))
    with time_machine.travel("2026-04-06 10:00 +0800", tick=False):
        client.post(
            f"/calendar/{campaign.pk}/run/",
            {"step": "news_check", "due_on": "2026-06-05"},
        )
    assert not StepRun.objects.filter(step="news_check").exists()


def test_it_keeps_the_calendar_page_query_count_fixed(
    client, inst, campaign, django_assert_max_num_queries
):
    import time_machine

    client.force_login(inst.user("office"))
    with time_machine.travel("2026-04-06 10:00 +0800", tick=False):
        calendar.tick(today=D(2026, 4, 6))
        with django_assert_max_num_queries(30) as small:
            client.get(f"/calendar/{campaign.pk}/")
        for day in range(7, 30):
            calendar.tick(today=D(2026, 4, day))
        with django_assert_max_num_queries(len(small.captured_queries)):
            client.get(f"/calendar/{campaign.pk}/")


def test_it_does_not_list_a_step_the_tick_took_today_as_due(client, inst, campaign):
    import time_machine

    client.force_login(inst.user("office"))
    with time_machine.travel("2026-04-06 10:00 +0800", tick=False):
        calendar.tick(today=D(2026, 4, 6))
        taken = set(
            StepRun.objects.filter(campaign=campaign, status="done").values_list(
                "step", flat=True
            )
        )
        assert {"news_check", "reminders"} & taken
        page = client.get(f"/calendar/{campaign.pk}/").content.decode()
    due = page.split('data-testid="calendar-pending"')[1].split("</ul>")[0]
    assert 'data-testid="run-now"' not in due


def test_it_reminds_of_the_campaigns_last_month_after_it_ends(inst, campaign):
    end = campaign.phase5_end
    after = D(end.year + (end.month == 12), end.month % 12 + 1, campaign.news_check_day)
    calendar.tick(today=end)
    assert ("news_check", after) not in runs(campaign)
    calendar.tick(today=after)
    run = StepRun.objects.get(campaign=campaign, step="news_check", due_on=after)
    assert (run.detail["year"], run.detail["month"]) == (end.year, end.month)
    assert inst.branch.pk in {b["id"] for b in run.detail["branches"]}
    assert Notification.objects.filter(
        dedupe_key=f"news-missing-{end.year}-{end.month}-{inst.branch.pk}"
    ).exists()
    # The last check was the last step: nothing more, however long it ticks.
    taken = runs(campaign)
    calendar.tick(today=after + datetime.timedelta(days=20))
    calendar.tick(today=after + datetime.timedelta(days=90))
    assert runs(campaign) == taken


def test_the_last_check_runs_when_the_campaign_ends_on_a_months_first_day(inst):
    # Ends 1 December, checked on the 28th: December's check is on 28 January.
    campaign = make_campaign(inst.institute, start=D(2026, 3, 1))
    campaign.phase5_end = D(2026, 12, 1)
    campaign.news_check_day = 28
    campaign.save()
    calendar.tick(today=D(2027, 1, 28))
    run = StepRun.objects.get(
        campaign=campaign, step="news_check", due_on=D(2027, 1, 28)
    )
    assert (run.detail["year"], run.detail["month"]) == (2026, 12)
