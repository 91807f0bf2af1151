"""Reads of records, meetings, reading, news and suggestions that take more than a line.

Every list here keeps a fixed number of queries whatever the data size: lists are
annotated or prefetched, and the ledger and the news matrix read one aggregate or one
union query per page.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, TruncDate
from django.utils import timezone

from organizations.access import Scope
from organizations.models import Organization, Role
from pledges.activity.access import (
    is_office_of,
    overseen_branches,
    writable_branches,
)
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    NewsReport,
    PlanMeasure,
    PledgeItem,
    ProgressUpdate,
    ReadingNote,
    Suggestion,
)

# ---------------------------------------------------------------------------------------
# 纪实登记


def records_for(
    scope: Scope,
    *,
    branch: Organization | None = None,
    kind: str = "",
    query: str = "",
) -> QuerySet[ActivityRecord]:
    """Records the user may read: their branches' (by role) and their own."""
    q = Q(branch__in=writable_branches(scope)) | Q(branch__in=overseen_branches(scope))
    if scope.person is not None:
        q |= Q(person=scope.person)
    records = (
        ActivityRecord.objects.filter(q)
        .select_related("branch", "person")
        .annotate(file_count=Count("attachments"))
        .order_by("-occurred_on", "-pk")
    )
    if branch is not None:
        records = records.filter(branch=branch)
    if kind:
        records = records.filter(kind=kind)
    if query:
        records = records.filter(Q(title__icontains=query) | Q(text__icontains=query))
    return records


# ---------------------------------------------------------------------------------------
# The branch ledger (台账)


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
    "progress": lambda: (_blank(), _blank()),
}


def ledger_rows(branch: Organization, *, labels: bool = False) -> QuerySet:
    """One union query of (kind, id, day) of everything the branch did, newest first.

    With ``labels``, each row also carries what :func:`ledger_preview` shows of it.
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
        _ledger_rows(
            ProgressUpdate,
            "progress",
            TruncDate("reported_at"),
            # Key subqueries, not joins: an OR across two joins made PostgreSQL read
            # every progress report of the institute (seen in bench/).
            Q(item_id__in=PledgeItem.objects.filter(pledge__unit=branch).values("pk"))
            | Q(
                measure_id__in=PlanMeasure.objects.filter(plan__unit=branch).values(
                    "pk"
                )
            ),
            preview("progress"),
        ),
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-day", "entry", "-oid")


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
        "progress": lambda oid, label, sub: ProgressUpdate(pk=oid),
    }
    return [
        LedgerEntry(kind, _as_date(day), build[kind](oid, label, sub))
        for kind, oid, day, label, sub in ledger_rows(branch, labels=True)[:limit]
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


# ---------------------------------------------------------------------------------------
# 三会一课 and 党课


def attendance_counts() -> dict:
    """Annotations: expected, present, absent and excused participants."""
    S = MeetingAttendance.Status
    return {
        "expected": Count("attendance", distinct=True),
        "present": Count("attendance", filter=Q(attendance__status=S.PRESENT)),
        "absent": Count("attendance", filter=Q(attendance__status=S.ABSENT)),
        "excused": Count("attendance", filter=Q(attendance__status=S.EXCUSED)),
    }


def meetings_for(
    scope: Scope, *, branch: Organization | None = None, kind: str = "", year=None
) -> QuerySet[Meeting]:
    """Meetings the user may read: of branches reached by role, and of their branch."""
    q = Q(branch__in=writable_branches(scope)) | Q(branch__in=overseen_branches(scope))
    if scope.person is not None and scope.person.branch_id:
        q |= Q(branch_id=scope.person.branch_id)
    meetings = (
        Meeting.objects.filter(q)
        .select_related("branch", "speaker")
        .annotate(**attendance_counts())
        .order_by("-held_on", "-pk")
    )
    if branch is not None:
        meetings = meetings.filter(branch=branch)
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(held_on__year=year)
    return meetings


def _lecture_by_secretary(year: int) -> Exists:
    """A 党课 of the branch that year whose speaker is one of its secretaries."""
    return Exists(
        Meeting.objects.filter(
            branch=OuterRef("pk"),
            kind=Meeting.Kind.LECTURE,
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=datetime.date(year, 12, 31),
            speaker__roles__kind=Role.Kind.SECRETARY,
            speaker__roles__node=OuterRef("pk"),
        )
    )


def lecture_given_q(year: int) -> Exists:
    """``lecture_given`` of :func:`lecture_rule`, to annotate branches with."""
    return _lecture_by_secretary(year)


def lecture_rule(branches: QuerySet[Organization], *, year: int) -> QuerySet:
    """Branches annotated with ``lecture_given``: did a secretary give a 党课 that year?

    Each branch also carries ``secretaries`` (its secretary roles with their people).
    """
    return branches.annotate(
        lecture_given=_lecture_by_secretary(year)
    ).prefetch_related(
        Prefetch(
            "roles",
            queryset=Role.objects.filter(kind=Role.Kind.SECRETARY).select_related(
                "person"
            ),
            to_attr="secretaries",
        )
    )


def lecture_given(branch: Organization, *, year: int) -> bool:
    """Did a secretary of this branch give a 党课 in ``year``?"""
    return (
        Organization.objects.filter(pk=branch.pk)
        .annotate(ok=_lecture_by_secretary(year))
        .values_list("ok", flat=True)
        .first()
        or False
    )


def rule_branches(scope: Scope) -> QuerySet[Organization]:
    """Active party branches reached by the user's roles, in tree order."""
    return (
        overseen_branches(scope)
        .filter(kind=Organization.Kind.BRANCH, is_active=True)
        .select_related("parent")
    )


# ---------------------------------------------------------------------------------------
# 读书


def notes_for(
    scope: Scope, *, institute: Organization, year: int | None = None
) -> QuerySet[ReadingNote]:
    """Reading notes the user may read: own, of overseen branches, all for the office."""
    notes = ReadingNote.objects.filter(institute=institute)
    if not is_office_of(scope, institute.pk):
        q = Q(branch__in=overseen_branches(scope)) | Q(picked=True)
        if scope.person is not None:
            q |= Q(person=scope.person)
        notes = notes.filter(q)
    if year:
        notes = notes.filter(written_on__year=year)
    return notes.select_related("person", "branch", "book").order_by(
        "-written_on", "-pk"
    )


def picks_of(institute: Organization, year: int) -> QuerySet[ReadingNote]:
    """The notes the office picked for the year's 读书笔记展评."""
    return (
        ReadingNote.objects.filter(
            institute=institute, picked=True, written_on__year=year
        )
        .select_related("person", "branch", "book")
        .order_by("branch__path", "person__staff_no", "pk")
    )


# ---------------------------------------------------------------------------------------
# 通讯报道


def news_for(
    scope: Scope, *, institute: Organization, branch: Organization | None = None
) -> QuerySet[NewsReport]:
    """News reports of the institute (they are public to its staff)."""
    reports = (
        NewsReport.objects.filter(branch__institute=institute)
        .select_related("branch")
        .annotate(image_count=Count("images"))
        .order_by("-published_on", "-pk")
    )
    if branch is not None:
        reports = reports.filter(branch=branch)
    return reports


def month_range(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, following - datetime.timedelta(days=1)


def news_missing(*, institute: Organization, year: int, month: int) -> QuerySet:
    """Active party branches of the institute that filed no news report that month."""
    first, last = month_range(year, month)
    return (
        Organization.objects.filter(
            institute=institute, kind=Organization.Kind.BRANCH, is_active=True
        )
        .exclude(
            Exists(
                NewsReport.objects.filter(
                    branch=OuterRef("pk"),
                    published_on__gte=first,
                    published_on__lte=last,
                )
            )
        )
        .order_by("path")
    )


def matrix_branches(scope: Scope) -> QuerySet[Organization]:
    """Rows of the news matrix: active party branches reached by the user's roles."""
    return rule_branches(scope)


@dataclass
class MatrixCell:
    month: int
    count: int
    state: str  # "ok", "missing" (a past month with none) or "open" (now or future)


@dataclass
class MatrixRow:
    branch: Organization
    cells: list[MatrixCell] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(c.count for c in self.cells)

    @property
    def missing(self) -> int:
        return sum(1 for c in self.cells if c.state == "missing")


def news_matrix(
    branches: list[Organization], *, year: int, today: datetime.date | None = None
) -> list[MatrixRow]:
    """Counts per branch and month of ``year``, from one aggregate query."""
    today = today or timezone.localdate()
    counts: dict[tuple[int, int], int] = {}
    if branches:
        rows = (
            NewsReport.objects.filter(
                branch__in=[b.pk for b in branches],
                published_on__gte=datetime.date(year, 1, 1),
                published_on__lte=datetime.date(year, 12, 31),
            )
            .annotate(month=ExtractMonth("published_on"))
            .values("branch_id", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {(r["branch_id"], r["month"]): r["n"] for r in rows}
    result = []
    for branch in branches:
        row = MatrixRow(branch)
        for month in range(1, 13):
            n = counts.get((branch.pk, month), 0)
            past = (year, month) < (today.year, today.month)
            state = "ok" if n else ("missing" if past else "open")
            row.cells.append(MatrixCell(month, n, state))
        result.append(row)
    return result


def previous_month(today: datetime.date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def filed_news_in(branch: Organization, year: int, month: int) -> bool:
    first, last = month_range(year, month)
    return NewsReport.objects.filter(
        branch=branch, published_on__gte=first, published_on__lte=last
    ).exists()


# ---------------------------------------------------------------------------------------
# 意见箱


def suggestions_inbox(scope: Scope) -> QuerySet[Suggestion]:
    """Suggestions the user answers or oversees: to their branches, or to their office."""
    q = Q(branch__in=writable_branches(scope)) | Q(branch__in=overseen_branches(scope))
    office_ids = [r.node.institute_id for r in scope.roles_of(Role.Kind.OFFICE)]
    if office_ids:
        q |= Q(branch__isnull=True, institute_id__in=office_ids)
    if scope.is_superuser:
        q = Q()
    return (
        Suggestion.objects.filter(q)
        .select_related("branch")
        .order_by("status", "-filed_on")
    )


def suggestions_mine(scope: Scope) -> QuerySet[Suggestion]:
    """The named suggestions the user filed (anonymous ones cannot be found this way)."""
    if scope.person is None:
        return Suggestion.objects.none()
    return (
        Suggestion.objects.filter(author=scope.person)
        .select_related("branch")
        .order_by("-filed_on")
    )


def liaison_branches(scope: Scope, *, year: int) -> QuerySet[Organization]:
    """A leader's liaison branches (联系点) with their suggestions and progress."""
    ids = [r.node_id for r in scope.roles_of(Role.Kind.LIAISON)]
    today = timezone.localdate()
    first = datetime.date(today.year, today.month, 1)
    return (
        lecture_rule(
            Organization.objects.filter(pk__in=ids).select_related("category"),
            year=year,
        )
        .annotate(
            open_suggestions=_count_sub(
                Suggestion.objects.filter(
                    branch=OuterRef("pk"), status=Suggestion.Status.OPEN
                )
            ),
            answered_suggestions=_count_sub(
                Suggestion.objects.filter(
                    branch=OuterRef("pk"), status=Suggestion.Status.ANSWERED
                )
            ),
            records_this_year=_count_sub(
                ActivityRecord.objects.filter(
                    branch=OuterRef("pk"), occurred_on__year=year
                )
            ),
            meetings_this_year=_count_sub(
                Meeting.objects.filter(branch=OuterRef("pk"), held_on__year=year)
            ),
            news_this_month=_count_sub(
                NewsReport.objects.filter(
                    branch=OuterRef("pk"), published_on__gte=first
                )
            ),
        )
        .order_by("path")
    )


def _count_sub(queryset: QuerySet):
    counted = (
        queryset.order_by().values("branch_id").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def liaison_suggestions(scope: Scope) -> QuerySet[Suggestion]:
    ids = [r.node_id for r in scope.roles_of(Role.Kind.LIAISON)]
    return (
        Suggestion.objects.filter(branch_id__in=ids)
        .select_related("branch")
        .order_by("status", "-filed_on")
    )
