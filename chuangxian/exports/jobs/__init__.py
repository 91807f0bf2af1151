"""Exports that take longer than a moment run in the background (后台导出).

The page asks for an export (``export_job_request``): an ``ExportJob`` row is stored and
a Celery task is published once the transaction commits. The worker
(``export_job_run``) claims the job with a conditional update (queued → running), so a
task delivered twice, or sent again by ``exports_requeue_stale``, runs once. It rebuilds
the requester's scope, builds the file with the pure builders of ``chuangxian.exports.builders``,
stores it under ``MEDIA_ROOT/exports/`` and reports progress as it goes.

If the broker is down the job simply stays queued: the page says so, and the scheduler's
tick (or anyone) may call ``exports_requeue_stale`` to send it again later.
"""

import datetime
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chuangxian.exports import builders as exports
from chuangxian.models import ExportJob
from core.enqueue import enqueue
from organizations.access import Scope, scope_of

logger = logging.getLogger(__name__)

EXPORT_DIR = "exports"
LEDGER_CHUNK = 200
# A queued job older than this was probably never delivered: send it again.
STALE_QUEUED = datetime.timedelta(minutes=2)
# A job running longer than this lost its worker (acks_late redelivers most of those).
STALE_RUNNING = datetime.timedelta(hours=1)
KEEP_FILES = datetime.timedelta(days=7)


class ExportRefused(Exception):
    """The requester may not (or no longer) export this; the job fails with the reason."""


# ---------------------------------------------------------------------------------------
# What each kind builds: (job, scope, progress) -> (bytes, file name)


def _campaign_for(scope: Scope, job: ExportJob):
    """``get_campaign_for`` in a worker: no request to answer with a 404, so the job
    fails with a reason instead (the requester's scope may have shrunk since)."""
    from pledges.access import can_read_campaign
    from pledges.models import Campaign

    campaign = (
        Campaign.objects.select_related("scope")
        .filter(pk=job.params.get("campaign"))
        .first()
    )
    if campaign is None or not can_read_campaign(scope, campaign):
        raise ExportRefused(_("This campaign is not in your scope."))
    return campaign


def _stamp() -> str:
    return timezone.localdate().isoformat()


def build_plans_pledges(job: ExportJob, scope: Scope, progress) -> tuple[bytes, str]:
    """Every plan measure and committed item in the requester's reach."""
    from pledges import selectors

    campaign = _campaign_for(scope, job)
    data = exports.plans_pledges_xlsx(
        plans=selectors.plans_for(scope, campaign),
        pledges=selectors.pledges_for(scope, campaign),
        progress=progress,
    )
    name = _("Plans and pledges %(year)s") % {"year": campaign.year}
    return data, f"{name} {_stamp()}.xlsx"


def build_scores(job: ExportJob, scope: Scope, progress) -> tuple[bytes, str]:
    """Scores of the campaign with their breakdown: office and leading group only."""
    from evaluations.models import Score
    from evaluations.scoring.access import is_reader

    campaign = _campaign_for(scope, job)
    if not is_reader(scope, campaign):
        raise ExportRefused(_("Only the activity office and leaders export scores."))
    data = exports.scores_xlsx(
        scores=Score.objects.filter(campaign=campaign), progress=progress
    )
    name = _("Scores %(year)s") % {"year": campaign.year}
    return data, f"{name} {_stamp()}.xlsx"


def build_ledger(job: ExportJob, scope: Scope, progress) -> tuple[bytes, str]:
    """The branch ledger pack (台账) as a PDF."""
    from organizations.models import Organization
    from pledges import selectors
    from pledges.activity.access import (
        PARTY_UNIT_KINDS,
        can_oversee_branch,
        can_write_branch,
    )
    from pledges.activity.selectors import lecture_given, ledger_entries, ledger_rows

    branch = (
        Organization.objects.select_related("parent", "category", "institute")
        .filter(pk=job.params.get("branch"), kind__in=PARTY_UNIT_KINDS)
        .first()
    )
    if branch is None or not (
        can_write_branch(scope, branch) or can_oversee_branch(scope, branch)
    ):
        raise ExportRefused(_("This branch is not in your scope."))
    year = job.params.get("year")
    rows = [
        r
        for r in ledger_rows(branch)
        if not year or exports_day(r[2]).year == int(year)
    ]
    progress(10)
    entries = []
    for start in range(0, len(rows), LEDGER_CHUNK):
        entries += ledger_entries(rows[start : start + LEDGER_CHUNK])
        progress(10 + 50 * min(start + LEDGER_CHUNK, len(rows)) // max(len(rows), 1))
    campaign = selectors.current_campaign(branch)
    plan = selectors.unit_plan(campaign, branch) if campaign else None
    pledges = list(selectors.unit_pledges(campaign, branch)) if campaign else []
    html = exports.ledger_html(
        branch=branch,
        campaign=campaign,
        entries=entries,
        year=year,
        lecture_given=lecture_given(
            branch, year=int(year or timezone.localdate().year)
        ),
        plan=plan,
        pledges=pledges,
    )
    progress(70)
    data = exports.html_to_pdf(html)
    name = _("Ledger of %(branch)s") % {"branch": branch.name}
    return data, f"{name} {year or ''} {_stamp()}.pdf".replace("  ", " ")


def exports_day(value) -> datetime.date:
    """A union row's day (SQLite hands it back as text)."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


BUILDERS: dict[str, Callable[..., tuple[bytes, str]]] = {
    ExportJob.Kind.PLANS_PLEDGES: build_plans_pledges,
    ExportJob.Kind.SCORES: build_scores,
    ExportJob.Kind.LEDGER: build_ledger,
}


# ---------------------------------------------------------------------------------------
# Services


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


class _Reporter:
    """Writes progress to the job row, only when the percentage moved."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = -1

    def __call__(self, percent: int) -> None:
        percent = max(1, min(int(percent), 99))
        if percent != self.last:
            self.last = percent
            ExportJob.objects.filter(
                pk=self.job_id, status=ExportJob.Status.RUNNING
            ).update(progress=percent)


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
