"""Roster imports run in the background (后台导入), with a progress bar like the exports.

Uploading stores the file and publishes ``organizations.roster_read`` once the
transaction commits; the worker reads the file once (``roster_read_run``) and keeps the
row-by-row preview in ``RosterImportRow``, so the preview pages never parse the file
again. Applying marks the import ``applying`` and publishes ``organizations.roster_apply``;
the worker (``roster_apply_run``) reads the file before its transaction opens, then plans
again against the database and writes people in batches, all or nothing. Both runs are
idempotent: a task delivered twice does its work once. Progress goes to the import's row
through ``core.progress`` (from aside while the all-or-nothing transaction is open).
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.enqueue import enqueue
from core.progress import ProgressReporter
from organizations.models import RosterImport, RosterImportRow
from organizations.roster.apply import roster_apply
from organizations.roster.columns import (
    RosterFileError,
    RosterProblems,
    TransitionError,
)
from organizations.roster.plan import Preview, roster_plan
from organizations.roster.read import roster_read

logger = logging.getLogger(__name__)

STORE_BATCH = 2000
STALE_QUEUED = datetime.timedelta(minutes=2)
MESSAGE_MAX = 300


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(messages: list[str]) -> str:
    return "\n".join(_short(" ".join(m.split()), MESSAGE_MAX) for m in messages)


def roster_import_start(
    *, institute, by, filename: str, content: bytes
) -> RosterImport:
    """Keep an uploaded roster file and have the worker read it (上传花名册)."""
    record = RosterImport.objects.create(
        institute=institute,
        uploaded_by=by,
        filename=filename[:200],
        content=content,
        status=RosterImport.Status.READING,
        language=translation.get_language() or "",
    )
    _send_read(record.pk)
    return record


def _send_read(pk: int) -> None:
    from organizations.tasks import roster_read_task

    enqueue(roster_read_task, pk)


def roster_read_again(*, roster_import: RosterImport) -> bool:
    """A preview kept by an older version (no stored rows): have the worker read it
    (the page asks on each view until it has; a GET writes nothing itself)."""
    if roster_import.is_legacy:
        _send_read(roster_import.pk)
        return True
    return False


def roster_send_again(*, roster_import: RosterImport, now=None) -> bool:
    """A step no worker has started two minutes after it was asked for (the message
    was lost with the broker): publish it again. Safe: both tasks run once."""
    now = now or timezone.now()
    if roster_import.progress or now - roster_import.queued_at < STALE_QUEUED:
        return False
    if roster_import.status == RosterImport.Status.READING:
        _send_read(roster_import.pk)
    elif roster_import.status == RosterImport.Status.APPLYING:
        from organizations.tasks import roster_apply_task

        enqueue(roster_apply_task, roster_import.pk)
    else:
        return False
    return True


@transaction.atomic
def _store_preview(
    pk: int, preview: Preview, *, from_status: str, error: str = ""
) -> bool:
    """Keep the preview's rows and counts and show it; False if the import moved on."""
    record = (
        RosterImport.objects.select_for_update()
        .filter(pk=pk, status=from_status)
        .first()
    )
    if record is None:
        return False
    record.rows.all().delete()
    rows = (
        RosterImportRow(
            roster_import=record,
            position=position,
            sheet=row.sheet,
            row=row.row,
            key=_short(row.key, 200),
            label=_short(row.label, 200),
            action=row.action,
            problem_text=_lines(row.problems),
            change_text=_lines(row.changes),
        )
        for position, row in enumerate(preview.rows)
    )
    RosterImportRow.objects.bulk_create(rows, batch_size=STORE_BATCH)
    RosterImport.objects.filter(pk=pk).update(
        status=RosterImport.Status.PREVIEW,
        counts=preview.counts,
        ignored_columns=preview.ignored_columns[:50],
        progress=100,
        error=error,
    )
    return True


def _unreadable(pk: int, from_status: str, error: RosterFileError) -> None:
    RosterImport.objects.filter(pk=pk, status=from_status).update(
        status=RosterImport.Status.UNREADABLE,
        error="\n".join(error.messages),
        progress=100,
    )


def roster_read_run(*, import_id: int) -> str:
    """Read an uploaded file once and keep its preview (读取花名册); idempotent."""
    record = (
        RosterImport.objects.select_related("institute")
        .filter(
            Q(status=RosterImport.Status.READING)
            | Q(status=RosterImport.Status.PREVIEW, counts={}),
            pk=import_id,
        )
        .first()
    )
    if record is None:
        return "skipped"
    reading = record.status
    with (
        translation.override(record.language or translation.get_language()),
        ProgressReporter(RosterImport, import_id, status=reading) as progress,
    ):
        progress(5)
        try:
            people, units = roster_read(
                filename=record.filename, content=bytes(record.content)
            )
            progress(50)
            preview = roster_plan(
                institute=record.institute,
                filename=record.filename,
                people=people,
                units=units,
            )
        except RosterFileError as error:
            _unreadable(import_id, reading, error)
            return "unreadable"
        except Exception:
            # Log the import only: the file holds personal details.
            logger.exception("Reading roster import %s failed", import_id)
            _unreadable(
                import_id,
                reading,
                RosterFileError(
                    _(
                        "This file could not be read. Save it again from Excel as "
                        ".xlsx and upload it once more."
                    )
                ),
            )
            return "failed"
        progress(70)
        _store_preview(import_id, preview, from_status=reading)
    return "done"


def roster_apply_request(*, roster_import: RosterImport, by) -> None:
    """Ask the worker to apply a previewed import (申请导入); once only."""
    if not roster_import.ok:
        raise TransitionError(_("Fix the rows with problems first."))
    if not RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.PREVIEW
    ).update(
        status=RosterImport.Status.APPLYING,
        applied_by=by,
        progress=0,
        error="",
        queued_at=timezone.now(),
    ):
        raise TransitionError(_("This import was already applied or discarded."))
    roster_import.status = RosterImport.Status.APPLYING
    from organizations.tasks import roster_apply_task

    enqueue(roster_apply_task, roster_import.pk)


def roster_apply_run(*, import_id: int) -> str:
    """Apply an import the office asked to apply (执行导入); idempotent."""
    applying = RosterImport.Status.APPLYING
    record = (
        RosterImport.objects.select_related("institute", "applied_by")
        .filter(pk=import_id, status=applying)
        .first()
    )
    if record is None:
        return "skipped"
    with (
        translation.override(record.language or translation.get_language()),
        ProgressReporter(
            RosterImport, import_id, aside=True, status=applying
        ) as progress,
    ):
        progress(5)
        try:
            sheets = roster_read(
                filename=record.filename, content=bytes(record.content)
            )
            progress(30)
            roster_apply(
                roster_import=record,
                by=record.applied_by,
                sheets=sheets,
                progress=progress,
            )
            # The preview has served; the outcome is kept in ``result``.
            RosterImportRow.objects.filter(roster_import_id=import_id).delete()
        except TransitionError:
            return "skipped"
        except RosterProblems as problems:
            # The roster changed since the preview: show the new problems.
            _store_preview(
                import_id,
                problems.preview,
                from_status=applying,
                error=problems.messages[0],
            )
            return "problems"
        except RosterFileError as error:
            RosterImport.objects.filter(pk=import_id, status=applying).update(
                status=RosterImport.Status.PREVIEW, error=error.messages[0]
            )
            return "failed"
        except Exception:
            # Log the import only: the file holds personal details.
            logger.exception("Roster import %s failed", import_id)
            RosterImport.objects.filter(pk=import_id, status=applying).update(
                status=RosterImport.Status.PREVIEW,
                error=_("The import failed; nothing was written. Please try again."),
            )
            return "failed"
    return "done"
