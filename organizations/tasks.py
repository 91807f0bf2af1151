"""Celery tasks of the organisations app: thin, idempotent, they take ids and dates."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from organizations.notifications import services as notify


@shared_task(name="organizations.tasks.send_daily_digests")
def send_daily_digests(day: str | None = None) -> int:
    """Send the day's digest emails (default: today); safe to run twice or at once."""
    day_ = date.fromisoformat(day) if day else timezone.localdate()
    return notify.digest_send(day=day_)


@shared_task(name="organizations.tasks.send_notification_emails")
def send_notification_emails(person_ids: list[int]) -> int:
    """Email people who want it at once their pending notifications."""
    return notify.notification_emails_send(person_ids=[int(i) for i in person_ids])


@shared_task(name="organizations.roster_read", acks_late=True, ignore_result=True)
def roster_read_task(import_id: int) -> str:
    """Read an uploaded roster file once and keep its preview (safe to run twice)."""
    from organizations.roster import jobs

    return jobs.roster_read_run(import_id=import_id)


@shared_task(name="organizations.roster_apply", acks_late=True, ignore_result=True)
def roster_apply_task(import_id: int) -> str:
    """Apply a roster import all or nothing, in batches (safe to run twice)."""
    from organizations.roster import jobs

    return jobs.roster_apply_run(import_id=import_id)
