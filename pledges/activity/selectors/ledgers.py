"""The branch ledger (台账)."""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from core import rows as compiled_rows
from organizations.models import Organization
from pledges.activity.selectors.meetings import attendance_counts
from pledges.models import (
    ActivityRecord,
    Meeting,
    NewsReport,
    ProgressUpdate,
    ReadingNote,
)


@dataclass
class LedgerEntry:
    """One line of the ledger: what it is, when, and the object behind it."""

    kind: str
    day: datetime.date
    obj: object


LEDGER_KINDS = ("record", "meeting", "news", "note", "progress")


def _ledger_rows(model, kind: str, day, branch_filter: Q, labels=None) -> QuerySet:
    rows = (
        model.objects.filter(branch_filter)
        .order_by()
        .annotate(
            entry=Value(kind, output_field=CharField()),
            oid=F("pk"),
            day=F(day) if isinstance(day, str) else day,
        )
    )
    if labels is None:
        return rows.values_list("entry", "oid", "day")
    label, sub = labels
    return rows.annotate(ledger_label=label, ledger_sub=sub).values_list(
        "entry", "oid", "day", "ledger_label", "ledger_sub"
    )


def _blank() -> Value:
    return Value("", output_field=CharField())


#: What a line of the ledger preview shows of each kind: (label, meeting kind).
_PREVIEW_LABELS = {
    "record": lambda: (F("title"), _blank()),
    "meeting": lambda: (F("topic"), F("kind")),
    "news": lambda: (F("title"), _blank()),
    "note": lambda: (Coalesce(F("book__title"), F("title")), _blank()),
    # Which item, and whose: a member's committed item, or a measure of the plan.
    "progress": lambda: (
        Coalesce(F("item__text"), F("measure__text")),
        Coalesce(F("item__pledge__person__name"), _blank()),
    ),
}


def ledger_rows(
    branch: Organization, *, labels: bool = False, limit: int | None = None
) -> QuerySet:
    """One union query of (kind, id, day) of everything the branch did, newest first.

    With ``labels``, each row also carries what :func:`ledger_preview` shows of it.
    With ``limit``, each part of the union is cut to its newest ``limit`` rows first
    (the newest ``limit`` of the whole are among them; where the database allows it),
    so PostgreSQL reads a few rows of each table by index instead of the branch's
    whole ledger.
    """

    def preview(kind):
        return _PREVIEW_LABELS[kind]() if labels else None

    parts = [
        _ledger_rows(
            ActivityRecord, "record", "occurred_on", Q(branch=branch), preview("record")
        ),
        _ledger_rows(
            Meeting, "meeting", "held_on", Q(branch=branch), preview("meeting")
        ),
        _ledger_rows(
            NewsReport, "news", "published_on", Q(branch=branch), preview("news")
        ),
        _ledger_rows(
            ReadingNote, "note", "written_on", Q(branch=branch), preview("note")
        ),
        # A report is on an item or on a measure, never both (the model's check
        # constraint): two parts, each joined by keys, not one OR across two joins,
        # which made PostgreSQL read every progress report of the institute (bench/).
        _ledger_rows(
            ProgressUpdate,
            "progress",
            TruncDate("reported_at"),
            Q(item__pledge__unit=branch),
            preview("progress"),
        ),
        _ledger_rows(
            ProgressUpdate,
            "progress",
            TruncDate("reported_at"),
            Q(measure__plan__unit=branch),
            preview("progress"),
        ),
    ]
    if limit is not None and connection.features.supports_slicing_ordering_in_compound:
        # (SQLite, the embedded default, cannot cut the parts of a union: the whole
        # union is cut by the caller.)
        parts = [part.order_by("-day", "-oid")[:limit] for part in parts]
    return parts[0].union(*parts[1:], all=True).order_by("-day", "entry", "-oid")


def _preview_progress(oid, label, sub) -> ProgressUpdate:
    update = ProgressUpdate(pk=oid)
    update.subject_text, update.person_name = label or "", sub or ""
    return update


#: A primary key no branch has: the preview's SQL is compiled once per process for it
#: (``core.rows.compiled``), then run with the branch's key in its place.
_ANY_BRANCH = -7_140_001


def ledger_preview(branch: Organization, limit: int = 5) -> list[LedgerEntry]:
    """The newest ``limit`` lines of the ledger in one query, for the secretary's home.

    Each line's object is built from the row (not loaded): it carries the primary key,
    so its link, and what the preview shows (title, topic and kind, or book title).
    """
    build = {
        "record": lambda oid, label, sub: ActivityRecord(pk=oid, title=label),
        "meeting": lambda oid, label, sub: Meeting(pk=oid, topic=label, kind=sub),
        "news": lambda oid, label, sub: NewsReport(pk=oid, title=label),
        "note": lambda oid, label, sub: ReadingNote(pk=oid, title=label),
        "progress": _preview_progress,
    }
    # Its shape never changes: compiling six joined parts each time was most of the
    # secretary home's ledger panel.
    sql, params = compiled_rows.compiled(
        ("ledger_preview", timezone.get_current_timezone_name(), limit),
        lambda: ledger_rows(Organization(pk=_ANY_BRANCH), labels=True, limit=limit)[
            :limit
        ].query.sql_with_params(),
    )
    params = compiled_rows.with_keys(params, {_ANY_BRANCH: branch.pk})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        LedgerEntry(kind, _as_date(day), build[kind](oid, label, sub))
        for kind, oid, day, label, sub in rows
    ]


def ledger_entries(rows) -> list[LedgerEntry]:
    """Load the objects of one page of ledger rows: one query per kind on the page."""
    rows = list(rows)
    ids: dict[str, list[int]] = {kind: [] for kind in LEDGER_KINDS}
    for kind, oid, _day in rows:
        ids[kind].append(oid)
    loaded: dict[str, dict[int, object]] = {}
    if ids["record"]:
        loaded["record"] = (
            ActivityRecord.objects.select_related("person", "created_by")
            .annotate(file_count=Count("attachments"))
            .in_bulk(ids["record"])
        )
    if ids["meeting"]:
        loaded["meeting"] = (
            Meeting.objects.select_related("speaker")
            .annotate(**attendance_counts())
            .in_bulk(ids["meeting"])
        )
    if ids["news"]:
        loaded["news"] = NewsReport.objects.annotate(
            image_count=Count("images")
        ).in_bulk(ids["news"])
    if ids["progress"]:
        loaded["progress"] = (
            ProgressUpdate.objects.select_related(
                "item__pledge__person", "measure", "reported_by"
            )
            .annotate(file_count=Count("evidence"))
            .in_bulk(ids["progress"])
        )
    if ids["note"]:
        loaded["note"] = ReadingNote.objects.select_related("person", "book").in_bulk(
            ids["note"]
        )
    return [
        LedgerEntry(kind, _as_date(day), loaded[kind][oid])
        for kind, oid, day in rows
        if oid in loaded.get(kind, {})
    ]


def _as_date(value) -> datetime.date:
    # SQLite hands back union columns as text.
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value
