"""Limits and ages of export jobs; a request refused."""

import datetime

EXPORT_DIR = "exports"
LEDGER_CHUNK = 200
# A queued job older than this was probably never delivered: send it again.
STALE_QUEUED = datetime.timedelta(minutes=2)
# A job running longer than this lost its worker (acks_late redelivers most of those).
STALE_RUNNING = datetime.timedelta(hours=1)
KEEP_FILES = datetime.timedelta(days=7)


class ExportRefused(Exception):
    """The requester may not (or no longer) export this; the job fails with the reason."""
