"""Workflows of records, meetings, reading, news reports and suggestions."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Organization, Person
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    NewsImage,
    NewsReport,
    ReadingBook,
    ReadingNote,
    RecordAttachment,
    Suggestion,
    TransitionError,
)
from pledges.uploads import EXTENSIONS, IMAGE_TYPES, check_upload, clean_filename

MAX_FILES_PER_UPLOAD = 10


def _stored(upload, *, images_only: bool = False) -> dict:
    """Check an upload by content and return the fields of its StoredFile row."""
    content_type = check_upload(upload)
    if images_only and content_type not in IMAGE_TYPES:
        raise ValidationError(
            _("The file %(name)s is not an image. Upload a PNG, JPEG or GIF picture.")
            % {"name": clean_filename(upload.name)},
            code="not_image",
        )
    name = clean_filename(upload.name)
    # The name on disk comes from the content, never from what the user called it.
    upload.name = "upload" + EXTENSIONS[content_type][0]
    return {
        "file": upload,
        "name": name,
        "content_type": content_type,
        "size": upload.size,
    }


def _check_count(files) -> list:
    files = list(files or [])
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(
            _("Upload at most %(n)s files at a time.") % {"n": MAX_FILES_PER_UPLOAD},
            code="too_many",
        )
    return files


def _delete_files(names: list) -> None:
    """Remove stored files once the rows that held them are gone for good."""

    def remove():
        for field_file in names:
            field_file.storage.delete(field_file.name)

    transaction.on_commit(remove)


def _check_member(branch: Organization, person: Person | None) -> None:
    if person is not None and person.branch_id != branch.pk:
        raise ValidationError(
            {
                "person": _("This person is not a member of %(branch)s.")
                % {"branch": branch.name}
            }
        )


def _check_links(branch, person, pledge_item, plan_measure) -> None:
    """A record links only to its own branch's plan and to its member's pledge."""
    if pledge_item is not None:
        pledge = pledge_item.pledge
        if pledge.unit_id != branch.pk or (
            person is not None and pledge.person_id != person.pk
        ):
            raise ValidationError(
                {"pledge_item": _("Choose a committed item of this record's member.")}
            )
    if plan_measure is not None and plan_measure.plan.unit_id != branch.pk:
        raise ValidationError(
            {"plan_measure": _("Choose a measure of this branch's plan.")}
        )


@transaction.atomic
def record_create(
    *,
    branch: Organization,
    person: Person | None,
    kind: str,
    occurred_on,
    title: str,
    text: str,
    by=None,
    files: Iterable = (),
    pledge_item=None,
    plan_measure=None,
) -> ActivityRecord:
    """Register a striving record (纪实登记) with its attachments."""
    _check_member(branch, person)
    files = _check_count(files)
    record = ActivityRecord(
        branch=branch,
        person=person,
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        text=text,
        created_by=by,
    )
    _check_links(branch, person, pledge_item, plan_measure)
    record.pledge_item, record.plan_measure = pledge_item, plan_measure
    record.full_clean()
    record.save()
    for upload in files:
        RecordAttachment.objects.create(record=record, **_stored(upload))
    return record


@transaction.atomic
def record_update(
    *,
    record: ActivityRecord,
    kind: str,
    occurred_on,
    title: str,
    text: str,
    person: Person | None = None,
    files: Iterable = (),
    pledge_item=None,
    plan_measure=None,
) -> ActivityRecord:
    """Change a record and add files to it; earlier attachments stay."""
    _check_member(record.branch, person)
    files = _check_count(files)
    record.person = person
    record.kind = kind
    record.occurred_on = occurred_on
    record.title = title
    record.text = text
    _check_links(record.branch, person, pledge_item, plan_measure)
    record.pledge_item, record.plan_measure = pledge_item, plan_measure
    record.full_clean()
    record.save()
    for upload in files:
        RecordAttachment.objects.create(record=record, **_stored(upload))
    return record


@transaction.atomic
def record_delete(*, record: ActivityRecord) -> None:
    """Delete a record and its files."""
    files = [a.file for a in record.attachments.all()]
    record.delete()
    _delete_files(files)


@transaction.atomic
def attachment_remove(*, attachment: RecordAttachment | NewsImage) -> None:
    """Remove one attachment or image and its stored file."""
    stored = attachment.file
    attachment.delete()
    _delete_files([stored])


def branch_members(branch: Organization):
    """The active party members of a branch: who is expected at its meetings."""
    return Person.objects.filter(
        branch=branch,
        is_active=True,
        political_status__in=Person.PARTY_STATUSES,
    ).order_by("staff_no")


def _check_speaker(meeting: Meeting) -> None:
    if meeting.kind == Meeting.Kind.LECTURE and not (
        meeting.speaker_id or meeting.speaker_name.strip()
    ):
        raise ValidationError(
            {"speaker": _("Name who gave the party lecture.")}, code="no_speaker"
        )
    if meeting.speaker_id and meeting.speaker.institute_id != (
        meeting.branch.institute_id
    ):
        raise ValidationError({"speaker": _("This person is in another institute.")})


@transaction.atomic
def meeting_create(
    *,
    branch: Organization,
    kind: str,
    held_on,
    topic: str,
    speaker: Person | None = None,
    speaker_name: str = "",
    place: str = "",
    summary: str = "",
    expected: Iterable[Person] | None = None,
    by=None,
) -> Meeting:
    """Record a meeting of 三会一课; everyone expected starts as present."""
    meeting = Meeting(
        branch=branch,
        kind=kind,
        held_on=held_on,
        topic=topic,
        speaker=speaker,
        speaker_name=speaker_name,
        place=place,
        summary=summary,
        created_by=by,
    )
    meeting.full_clean()
    _check_speaker(meeting)
    meeting.save()
    people = list(branch_members(branch) if expected is None else expected)
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, person=p) for p in people
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, **fields) -> Meeting:
    """Change a meeting's own fields (attendance: see attendance_set)."""
    for key, value in fields.items():
        setattr(meeting, key, value)
    meeting.full_clean()
    _check_speaker(meeting)
    meeting.save()
    return meeting


@transaction.atomic
def attendance_set(
    *, meeting: Meeting, rows: Iterable[tuple[Person, str, str]]
) -> None:
    """Set who was expected and how each attended (present / absent / excused)."""
    rows = list(rows)
    for person, status, reason in rows:
        if status == MeetingAttendance.Status.EXCUSED and not reason.strip():
            raise ValidationError(
                _("Give the reason why %(name)s was excused.") % {"name": person.name},
                code="no_reason",
            )
        if person.institute_id != meeting.branch.institute_id:
            raise ValidationError(_("This person is in another institute."))
    keep = {person.pk for person, _s, _r in rows}
    meeting.attendance.exclude(person_id__in=keep).delete()
    existing = {a.person_id: a for a in meeting.attendance.all()}
    changed, created = [], []
    for person, status, reason in rows:
        reason = reason.strip() if status != MeetingAttendance.Status.PRESENT else ""
        row = existing.get(person.pk)
        if row is None:
            created.append(
                MeetingAttendance(
                    meeting=meeting, person=person, status=status, reason=reason
                )
            )
        elif (row.status, row.reason) != (status, reason):
            row.status, row.reason = status, reason
            changed.append(row)
    MeetingAttendance.objects.bulk_create(created)
    MeetingAttendance.objects.bulk_update(changed, ["status", "reason"])


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    """Delete a meeting record with its attendance."""
    meeting.delete()


@transaction.atomic
def book_save(
    *,
    institute: Organization,
    year: int,
    title: str,
    author: str = "",
    note: str = "",
    order: int = 0,
    book: ReadingBook | None = None,
) -> ReadingBook:
    """Add a book to the office's reading list (书目推荐) or change one."""
    book = book or ReadingBook(institute=institute)
    book.year, book.title, book.author = year, title.strip(), author.strip()
    book.note, book.order = note, order
    book.full_clean()
    book.save()
    return book


@transaction.atomic
def book_delete(*, book: ReadingBook) -> None:
    """Take a book off the list; notes on it keep its title as free text."""
    for note in book.notes.all():
        note.title = book.title
        note.book = None
        note.save(update_fields=["title", "book"])
    book.delete()


def _check_note(note: ReadingNote) -> None:
    if note.book_id is None and not note.title.strip():
        raise ValidationError(
            {"title": _("Choose a book from the list or write the title of another.")},
            code="no_book",
        )
    if note.book_id is not None and note.book.institute_id != note.institute_id:
        raise ValidationError({"book": _("This book is on another institute's list.")})


@transaction.atomic
def note_create(
    *,
    person: Person,
    text: str,
    written_on,
    book: ReadingBook | None = None,
    title: str = "",
) -> ReadingNote:
    """File a reading note (读书笔记) of ``person``."""
    note = ReadingNote(
        person=person,
        institute_id=person.institute_id,
        branch_id=person.branch_id,
        book=book,
        title="" if book else title.strip(),
        text=text,
        written_on=written_on,
    )
    _check_note(note)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_update(
    *, note: ReadingNote, text: str, written_on, book=None, title: str = ""
) -> ReadingNote:
    """Change a reading note; a picked note is frozen for the show."""
    if note.picked:
        raise TransitionError(
            _("This note was picked for the show and can no longer be changed."),
            code="picked",
        )
    note.book = book
    note.title = "" if book else title.strip()
    note.text = text
    note.written_on = written_on
    _check_note(note)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def note_pick(*, note: ReadingNote, by, picked: bool, comment: str = "") -> ReadingNote:
    """Pick (or unpick) a note for the yearly 读书笔记展评, with the office's comment."""
    note = ReadingNote.objects.select_for_update().get(pk=note.pk)
    note.picked = picked
    note.pick_comment = comment.strip() if picked else ""
    note.picked_by = by if picked else None
    note.picked_at = timezone.now() if picked else None
    note.save(update_fields=["picked", "pick_comment", "picked_by", "picked_at"])
    return note


@transaction.atomic
def news_create(
    *,
    branch: Organization,
    title: str,
    text: str,
    channel: str,
    published_on,
    by=None,
    images: Iterable = (),
) -> NewsReport:
    """File a news report (通讯报道) of a branch with its images."""
    images = _check_count(images)
    report = NewsReport(
        branch=branch,
        title=title,
        text=text,
        channel=channel,
        published_on=published_on,
        created_by=by,
    )
    report.full_clean()
    report.save()
    for upload in images:
        NewsImage.objects.create(report=report, **_stored(upload, images_only=True))
    return report


@transaction.atomic
def news_update(
    *,
    report: NewsReport,
    title: str,
    text: str,
    channel: str,
    published_on,
    images: Iterable = (),
) -> NewsReport:
    """Change a news report and add images."""
    images = _check_count(images)
    report.title, report.text = title, text
    report.channel, report.published_on = channel, published_on
    report.full_clean()
    report.save()
    for upload in images:
        NewsImage.objects.create(report=report, **_stored(upload, images_only=True))
    return report


@transaction.atomic
def news_delete(*, report: NewsReport) -> None:
    """Delete a news report and its images."""
    files = [image.file for image in report.images.all()]
    report.delete()
    _delete_files(files)


@transaction.atomic
def suggestion_file(
    *,
    institute: Organization,
    branch: Organization | None,
    text: str,
    author: Person | None,
    anonymous: bool,
) -> Suggestion:
    """File a suggestion (意见箱). An anonymous one keeps no trace of its author."""
    if branch is not None and branch.institute_id != institute.pk:
        raise ValidationError({"branch": _("This branch is in another institute.")})
    if not text.strip():
        raise ValidationError({"text": _("Write your suggestion.")})
    suggestion = Suggestion(
        institute=institute,
        branch=branch,
        text=text.strip(),
        is_anonymous=anonymous,
        author=None if anonymous else author,
        filed_on=timezone.localdate(),
    )
    suggestion.full_clean()
    suggestion.save(force_insert=True)
    return suggestion


@transaction.atomic
def suggestion_answer(*, suggestion: Suggestion, answer: str, by) -> Suggestion:
    """Answer a suggestion; a later answer replaces the earlier one."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    suggestion.answer = answer.strip()
    suggestion.answered_by = by
    suggestion.answered_at = timezone.now()
    suggestion.status = Suggestion.Status.ANSWERED
    suggestion.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    return suggestion


# --- information reports (信息报送) of mass-organisation units ------------------------


@transaction.atomic
def info_report_file(
    *, unit: Organization, year: int, month: int, title: str, text: str, by=None
):
    """File a mass unit's information report for a month; filed again, it is updated.

    A month still to come cannot be reported on.
    """
    from pledges.models import InfoReport

    if not unit.is_mass:
        raise ValidationError(
            {"unit": _("Information reports come from mass-organisation units.")}
        )
    today = timezone.localdate()
    if not 1 <= int(month) <= 12 or (year, month) > (today.year, today.month):
        raise ValidationError(
            {"month": _("Report on the current month or a month before it.")}
        )
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the report a title.")})
    if not text:
        raise ValidationError({"text": _("Write what the unit reports.")})
    report, _created = InfoReport.objects.update_or_create(
        unit=unit,
        year=year,
        month=month,
        defaults={"title": title, "text": text, "filed_by": by},
    )
    return report


def info_remind(*, campaign, year: int, month: int, office, today=None) -> list:
    """Remind each mass unit the campaign covers that filed no information report for
    a month (its officers), and tell the office how many are late. Each reminder once
    (dedupe); nobody for a month not due under the campaign (before it starts, after
    it ends, not yet over: ``selectors.months.month_due``).

    Returns the late units. Called by the monthly news check of the campaign calendar.
    """
    from django.urls import reverse

    from organizations.models import Notification, Role
    from organizations.notifications.services import notify
    from pledges.activity.access import MASS_OFFICER_KINDS
    from pledges.activity.selectors.info import info_missing

    late = list(info_missing(campaign=campaign, year=year, month=month, today=today))
    officers: dict[int, list[int]] = {}
    for node_id, person_id in Role.objects.filter(
        kind__in=MASS_OFFICER_KINDS, node_id__in=[u.pk for u in late]
    ).values_list("node_id", "person_id"):
        officers.setdefault(node_id, []).append(person_id)
    for unit in late:
        notify(
            recipients=officers.get(unit.pk, []),
            kind=Notification.Kind.REMINDER,
            title=_("No information report from %(unit)s for %(year)s-%(month)02d")
            % {"unit": unit.name, "year": year, "month": month},
            body=_("Each mass-organisation unit reports to the office once a month."),
            url=reverse("activity:info"),
            dedupe_key=f"info-missing-{year}-{month}-{unit.pk}",
        )
    if late:
        notify(
            recipients=office,
            kind=Notification.Kind.REMINDER,
            title=_(
                "%(n)s mass-organisation units filed no information report for "
                "%(year)s-%(month)02d"
            )
            % {"n": len(late), "year": year, "month": month},
            url=reverse("activity:info_matrix") + f"?year={year}",
            dedupe_key=f"info-missing-{year}-{month}-office",
        )
    return late
