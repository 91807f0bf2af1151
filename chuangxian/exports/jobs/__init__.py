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

from chuangxian.exports.jobs.common import (
    EXPORT_DIR,
    KEEP_FILES,
    LEDGER_CHUNK,
    STALE_QUEUED,
    STALE_RUNNING,
    ExportRefused,
)
from chuangxian.exports.jobs.kinds import (
    BUILDERS,
    build_ledger,
    build_plans_pledges,
    build_scores,
    exports_day,
)
from chuangxian.exports.jobs.services import (
    _Reporter,
    export_job_request,
    export_job_run,
    exports_purge,
    exports_requeue_stale,
)

__all__ = [
    "BUILDERS",
    "EXPORT_DIR",
    "ExportRefused",
    "KEEP_FILES",
    "LEDGER_CHUNK",
    "STALE_QUEUED",
    "STALE_RUNNING",
    "_Reporter",
    "build_ledger",
    "build_plans_pledges",
    "build_scores",
    "export_job_request",
    "export_job_run",
    "exports_day",
    "exports_purge",
    "exports_requeue_stale",
]
