"""The one periodic task: apply every active campaign's calendar."""

from celery import shared_task

from . import calendar


@shared_task(name="chuangxian.calendar_tick", acks_late=True, ignore_result=True)
def calendar_tick() -> int:
    """Take every due calendar step (idempotent; safe to run twice or concurrently)."""
    return len(calendar.tick())


@shared_task(name="chuangxian.uploads_purge_orphans", ignore_result=True)
def uploads_purge_orphans() -> int:
    """Nightly: uploaded files no row refers to (rolled back) and a day old go."""
    from pledges.uploads import purge_orphan_files

    return purge_orphan_files()
