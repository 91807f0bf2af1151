"""Celery tasks of the project frame: the calendar tick, exports, upload clean-up.

Each is thin and idempotent: it takes ids, calls one service, and may run twice."""

from celery import shared_task

from chuangxian.calendar import engine as calendar
from chuangxian.exports import jobs


@shared_task(name="chuangxian.calendar_tick", acks_late=True, ignore_result=True)
def calendar_tick() -> int:
    """Take every due calendar step (idempotent; safe to run twice or concurrently),
    then mix the staged ballots of every open round: the window in which a staged
    ballot can be linked to its voter is one tick, not a day (DESIGN.md)."""
    from chuangxian.calendar.steps import mix_staged_ballots

    taken = len(calendar.tick())
    mix_staged_ballots()
    return taken


@shared_task(name="chuangxian.uploads_purge_orphans", ignore_result=True)
def uploads_purge_orphans() -> int:
    """Nightly: uploaded files no row refers to (rolled back) and a day old go."""
    from pledges.uploads import purge_orphan_files

    return purge_orphan_files()


@shared_task(name="chuangxian.export_run", acks_late=True, ignore_result=True)
def export_run(job_id: int) -> str:
    """Build one export (takes the job id; safe to run twice)."""
    return jobs.export_job_run(job_id=job_id)


@shared_task(name="chuangxian.exports_requeue_stale", ignore_result=True)
def exports_requeue_stale_task() -> int:
    """Every five minutes: send again export jobs whose message was lost."""
    return jobs.exports_requeue_stale()


@shared_task(name="chuangxian.exports_purge", ignore_result=True)
def exports_purge_task() -> int:
    """Daily: finished exports older than a week go, with their files."""
    return jobs.exports_purge()
