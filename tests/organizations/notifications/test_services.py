"""Notification services: idempotent notify, mark read, one digest a day."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from chuangxian.celery import app as celery_app
from organizations import tasks
from organizations.models import (
    DigestLog,
    Notification,
    NotificationSetting,
)
from organizations.notifications import services as notify

DAY = date(2025, 3, 3)
Kind = Notification.Kind


@pytest.fixture
def member(inst):
    person = inst.people["member"]
    person.email = "member@example.org"
    person.save(update_fields=["email"])
    return person


@pytest.fixture
def eager_celery():
    """Tasks run in-process when published, so no broker is touched."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def remind(person, key=None, kind=Kind.REMINDER, title="请提交承诺书"):
    return notify.notify(recipients=[person], kind=kind, title=title, dedupe_key=key)


def test_it_stores_one_notification_per_person_and_dedupe_key(member):
    assert remind(member, key="pledge-due:1") == 1
    assert remind(member, key="pledge-due:1") == 0
    assert Notification.objects.filter(recipient=member).count() == 1


def test_it_notifies_each_recipient_once_when_listed_twice(inst, member):
    count = notify.notify(
        recipients=[member, member.pk, inst.people["staff"]],
        kind=Kind.ROUND_OPENED,
        title="第一季度督查开始",
        dedupe_key="round:1",
    )
    assert count == 2


def test_it_notifies_only_those_not_yet_notified_under_a_key(inst, member):
    remind(member, key="k")
    staff = inst.people["staff"]
    assert (
        notify.notify(
            recipients=[member, staff], kind=Kind.REMINDER, title="t", dedupe_key="k"
        )
        == 1
    )
    assert Notification.objects.filter(dedupe_key="k").count() == 2


def test_it_keeps_notifications_without_a_key_apart(member):
    remind(member)
    remind(member)
    assert Notification.objects.filter(recipient=member).count() == 2


def test_it_rejects_an_unknown_kind(member):
    with pytest.raises(ValueError):
        remind(member, kind="gossip")


def test_it_marks_one_notification_read(member):
    remind(member)
    n = Notification.objects.get(recipient=member)
    assert notify.notification_mark_read(person=member, pk=n.pk) == 1
    n.refresh_from_db()
    assert n.read_at is not None


def test_it_cannot_mark_another_persons_notification_read(inst, member):
    remind(inst.people["staff"])
    theirs = Notification.objects.get(recipient=inst.people["staff"])
    assert notify.notification_mark_read(person=member, pk=theirs.pk) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_all_of_a_persons_notifications_read_and_no_one_elses(inst, member):
    remind(member)
    remind(member)
    remind(inst.people["staff"])
    assert notify.notification_mark_read(person=member) == 2
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_it_sends_a_digest_of_unread_notifications(member, mailoutbox):
    remind(member, title="请提交承诺书")
    remind(member, title="已读的通知")
    Notification.objects.filter(title="已读的通知").update(read_at=timezone.now())
    assert notify.digest_send(day=DAY) == 1
    assert mailoutbox[0].to == ["member@example.org"]
    assert "请提交承诺书" in mailoutbox[0].body
    assert "已读的通知" not in mailoutbox[0].body


def test_it_marks_digested_notifications_emailed(member, mailoutbox):
    remind(member)
    notify.digest_send(day=DAY)
    assert Notification.objects.get(recipient=member).emailed_at is not None


def test_it_sends_one_digest_a_day_when_run_twice(member, mailoutbox):
    remind(member)
    notify.digest_send(day=DAY)
    assert notify.digest_send(day=DAY) == 0
    assert len(mailoutbox) == 1


def test_it_sends_no_second_digest_the_same_day_for_new_notifications(
    member, mailoutbox
):
    remind(member, title="第一条")
    notify.digest_send(day=DAY)
    remind(member, title="第二条")
    assert notify.digest_send(day=DAY) == 0
    assert len(mailoutbox) == 1


def test_it_sends_the_next_days_digest_with_only_new_notifications(member, mailoutbox):
    remind(member, title="第一条")
    notify.digest_send(day=DAY)
    remind(member, title="第二条")
    assert notify.digest_send(day=DAY + timedelta(days=1)) == 1
    assert "第二条" in mailoutbox[1].body
    assert "第一条" not in mailoutbox[1].body


def test_it_sends_no_digest_when_nothing_is_pending(member, mailoutbox):
    assert notify.digest_send(day=DAY) == 0
    assert not DigestLog.objects.exists()


def test_it_sends_no_digest_to_a_person_without_an_address(inst, mailoutbox):
    remind(inst.people["staff"])
    assert notify.digest_send(day=DAY) == 0
    assert mailoutbox == []


def test_it_sends_no_digest_to_a_person_who_turned_email_off(member, mailoutbox):
    NotificationSetting.objects.create(person=member, email_enabled=False)
    remind(member)
    assert notify.digest_send(day=DAY) == 0
    assert mailoutbox == []


def test_it_does_not_email_kinds_a_person_opted_out_of(member, mailoutbox):
    NotificationSetting.objects.create(person=member, muted_kinds=[Kind.COMMENT])
    remind(member, kind=Kind.COMMENT, title="新的评论")
    assert notify.digest_send(day=DAY) == 0
    assert mailoutbox == []


def test_it_leaves_opted_out_kinds_out_of_a_digest(member, mailoutbox):
    NotificationSetting.objects.create(person=member, muted_kinds=[Kind.COMMENT])
    remind(member, kind=Kind.COMMENT, title="新的评论")
    remind(member, kind=Kind.REMINDER, title="请提交承诺书")
    notify.digest_send(day=DAY)
    assert "新的评论" not in mailoutbox[0].body
    assert "请提交承诺书" in mailoutbox[0].body


@pytest.mark.django_db(transaction=True)
def test_it_sends_one_digest_when_two_runs_race(member, mailoutbox):
    remind(member)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait(5)
            notify.digest_send(day=DAY)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert len(mailoutbox) == 1
    assert DigestLog.objects.filter(person=member, day=DAY).count() == 1


def test_it_emails_at_once_a_person_who_asked_for_it(
    member, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    NotificationSetting.objects.create(
        person=member, email_frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    with django_capture_on_commit_callbacks(execute=True):
        remind(member, title="请提交承诺书")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "请提交承诺书"


def test_it_emails_a_daily_person_only_in_the_digest(
    member, mailoutbox, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remind(member)
    assert mailoutbox == []


def test_it_sends_in_the_digest_what_an_immediate_email_missed(member, mailoutbox):
    # The broker was down when the notification was made: no immediate email went.
    NotificationSetting.objects.create(
        person=member, email_frequency=NotificationSetting.Frequency.IMMEDIATE
    )
    remind(member, title="请提交承诺书")
    assert notify.digest_send(day=DAY) == 1


def test_it_runs_the_daily_digest_task_for_the_given_day(member, mailoutbox):
    remind(member)
    assert tasks.send_daily_digests(DAY.isoformat()) == 1
    assert DigestLog.objects.get(person=member).day == DAY


def test_it_saves_settings_with_known_kinds_only(member):
    setting = notify.notification_setting_update(
        person=member,
        email_enabled=True,
        email_frequency=NotificationSetting.Frequency.DAILY,
        muted_kinds=[Kind.COMMENT, "gossip"],
    )
    assert setting.muted_kinds == [Kind.COMMENT]
