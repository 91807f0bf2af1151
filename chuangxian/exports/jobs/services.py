"""Services: request, run, requeue and purge export jobs."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangxian.exports import builders as exports
from chuangxian.exports.jobs.common import (
    EXPORT_DIR,
    KEEP_FILES,
    STALE_QUEUED,
    STALE_RUNNING,
    ExportRefused,
)
from chuangxian.exports.jobs.kinds import BUILDERS
from chuangxian.models import ExportJob
from core.enqueue import enqueue
from core.progress import ProgressReporter
from organizations.access import scope_of

logger = logging.getLogger(__name__)


@transaction.atomic
def export_job_request(
    *, by, kind: str, params: dict, title: str = ""
) -> tuple[ExportJob, bool]:
    """Ask for an export (申请导出); the same unfinished request is not made twice.

    Returns the job and whether it is new. The task is published after commit.
    """
    if kind not in BUILDERS:
        raise ValueError(f"unknown export kind {kind!r}")
    params = {**params, "language": translation.get_language() or ""}
    existing = next(
        (
            job
            for job in ExportJob.objects.filter(
                requested_by=by,
                kind=kind,
                status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
            ).order_by("-created_at")[:20]
            if job.params == params
        ),
        None,
    )
    if existing is not None:
        return existing, False
    job = ExportJob.objects.create(
        requested_by=by, kind=kind, params=params, title=title[:200]
    )
    from chuangxian.tasks import export_run

    enqueue(export_run, job.pk)
    return job, True


class _Reporter(ProgressReporter):
    """Writes progress to the job row while it runs, only when the percentage moved."""

    def __init__(self, job_id: int):
        super().__init__(ExportJob, job_id, status=ExportJob.Status.RUNNING)
        self.job_id = job_id


def _fail(job_id: int, message: str) -> None:
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )


def export_job_run(*, job_id: int) -> str:
    """Build a queued export (执行导出): idempotent, the claim is a conditional update."""
    claimed = ExportJob.objects.filter(
        pk=job_id, status=ExportJob.Status.QUEUED
    ).update(
        status=ExportJob.Status.RUNNING,
        started_at=timezone.now(),
        progress=1,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    builder = BUILDERS.get(job.kind)
    language = job.params.get("language") or settings.LANGUAGE_CODE
    try:
        if builder is None:
            raise ExportRefused(_("This kind of export no longer exists."))
        with translation.override(language):
            data, file_name = builder(
                job, scope_of(job.requested_by), _Reporter(job_id)
            )
        extension = file_name.rsplit(".", 1)[-1]
        path = default_storage.save(
            f"{EXPORT_DIR}/{uuid.uuid4().hex}.{extension}", ContentFile(data)
        )
    except ExportRefused as error:
        _fail(job_id, str(error))
        return "refused"
    except exports.PdfUnavailable:
        with translation.override(language):
            _fail(job_id, _("PDF export is not available on this server."))
        return "failed"
    except Exception:
        # Log the job only: the data may hold personal details.
        logger.exception("Export job %s (%s) failed", job_id, job.kind)
        with translation.override(language):
            _fail(job_id, _("The export failed. Please try again later."))
        return "failed"
    ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.DONE,
        progress=100,
        file_path=path,
        file_name=file_name[:200],
        finished_at=timezone.now(),
    )
    return "done"


def exports_requeue_stale(*, now: datetime.datetime | None = None) -> int:
    """Send again the jobs whose message was lost (重新排队); returns how many.

    Queued jobs older than two minutes are published again; running jobs whose worker
    has been silent for an hour go back to queued first. Running a job twice is
    harmless: only one claim succeeds. The scheduler's tick may call this.
    """
    now = now or timezone.now()
    stuck = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, started_at__lt=now - STALE_RUNNING
    )
    stuck.update(status=ExportJob.Status.QUEUED, progress=0)
    ids = list(
        ExportJob.objects.filter(
            status=ExportJob.Status.QUEUED, created_at__lt=now - STALE_QUEUED
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        from chuangxian.tasks import export_run

        enqueue(export_run, pk)
    return len(ids)


def exports_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete finished exports older than a week and their files (清理导出文件)."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(
        Q(finished_at__lt=now - KEEP_FILES) | Q(created_at__lt=now - 4 * KEEP_FILES),
        status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED],
    )
    count = 0
    for job in old.only("pk", "file_path"):
        if job.file_path:
            default_storage.delete(job.file_path)
        job.delete()
        count += 1
    return count
