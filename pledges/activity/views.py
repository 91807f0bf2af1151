"""Pages of records (纪实登记), the ledger (台账), meetings, reading, news and suggestions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, int_param, paginate
from organizations.access import scope_of
from organizations.models import Organization, Person
from pledges.activity import selectors, services
from pledges.activity.access import (
    can_answer_suggestion,
    can_write_branch,
    can_write_record,
    get_activity_branch_for,
    get_book_for,
    get_meeting_for,
    get_news_for,
    get_note_for,
    get_record_for,
    get_suggestion_for,
    is_office_of,
    user_institute,
    writable_branches,
)
from pledges.activity.forms import (
    AnswerForm,
    AttendanceForm,
    BookForm,
    MeetingForm,
    NewsForm,
    NoteForm,
    PickForm,
    ReceiptForm,
    RecordForm,
    SuggestionForm,
)
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    ReadingBook,
    Suggestion,
)
from pledges.uploads import serve_upload

PAGE_SIZE = 50


def _year(request) -> int:
    year = int_param(request.GET.get("year"))
    today = timezone.localdate()
    return year if year and 2000 <= year <= 2100 else today.year


def _form_page(request, form, title, *, back=None, note=None):
    return render(
        request,
        "activity/form.html",
        {"form": form, "title": title, "back": back, "note": note},
    )


# ---------------------------------------------------------------------------------------
# 纪实登记


@login_required
def record_list(request):
    scope = scope_of(request.user)
    branch = None
    branch_pk = int_param(request.GET.get("branch"))
    if branch_pk:
        branch = get_activity_branch_for(request.user, branch_pk)
    kind = request.GET.get("kind", "")
    if kind not in ActivityRecord.Kind.values:
        kind = ""
    query = request.GET.get("q", "").strip()
    records = selectors.records_for(scope, branch=branch, kind=kind, query=query)
    return render(
        request,
        "activity/record_list.html",
        {
            "page": paginate(request, records),
            "branch": branch,
            "kind": kind,
            "query": query,
            "kinds": ActivityRecord.Kind.choices,
            "writable": list(writable_branches(scope)[:PAGE_SIZE]),
            "own_branch": scope.person.branch
            if scope.person and scope.person.branch_id
            else None,
        },
    )


def _record_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "occurred_on": data["occurred_on"],
        "title": data["title"],
        "text": data["text"],
        "pledge_item": data.get("pledge_item"),
        "plan_measure": data.get("plan_measure"),
    }


@login_required
def record_create(request, branch_pk=None):
    """A branch record (writers, with ``branch_pk``) or one's own member record."""
    scope = scope_of(request.user)
    if branch_pk is not None:
        branch = get_activity_branch_for(request.user, branch_pk, write=True)
        own = None
    else:
        if scope.person is None or not scope.person.branch_id:
            raise PermissionDenied
        branch, own = scope.person.branch, scope.person
    form = RecordForm(
        request.POST or None, request.FILES or None, branch=branch, own_person=own
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_create(
                branch=branch,
                person=own or form.cleaned_data.get("person"),
                by=request.user,
                files=form.cleaned_data["files"],
                **_record_kwargs(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The record was registered."))
            return redirect(record)
    title = (
        _("New record of %(branch)s") % {"branch": branch.name}
        if own is None
        else _("New record of my striving")
    )
    return _form_page(request, form, title, back="activity:records")


@login_required
def record_detail(request, pk):
    record = get_record_for(request.user, pk)
    scope = scope_of(request.user)
    return render(
        request,
        "activity/record_detail.html",
        {
            "record": record,
            "attachments": record.attachments.all(),
            "can_edit": can_write_record(scope, record),
        },
    )


@login_required
def record_edit(request, pk):
    record = get_record_for(request.user, pk, write=True)
    scope = scope_of(request.user)
    own = None if can_write_branch(scope, record.branch) else scope.person
    form = RecordForm(
        request.POST or None,
        request.FILES or None,
        instance=record,
        branch=record.branch,
        own_person=own,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_update(
                record=record,
                person=own or form.cleaned_data.get("person"),
                files=form.cleaned_data["files"],
                **_record_kwargs(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The record was saved."))
            return redirect(record)
    return _form_page(request, form, _("Change record"), back=record)


@login_required
@require_POST
def record_delete(request, pk):
    record = get_record_for(request.user, pk, write=True)
    services.record_delete(record=record)
    messages.success(request, _("The record was deleted."))
    return redirect("activity:records")


@login_required
def record_file(request, pk, file_pk):
    record = get_record_for(request.user, pk)
    attachment = get_object_or_404(record.attachments, pk=file_pk)
    return serve_upload(attachment.file, attachment.name, attachment.content_type)


@login_required
@require_POST
def record_file_delete(request, pk, file_pk):
    record = get_record_for(request.user, pk, write=True)
    attachment = get_object_or_404(record.attachments, pk=file_pk)
    services.attachment_remove(attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect(record)


# ---------------------------------------------------------------------------------------
# 台账


@login_required
def ledger(request, branch_pk):
    """Everything a branch did, in date order: records, meetings, news, notes, progress."""
    branch = get_activity_branch_for(request.user, branch_pk)
    page = paginate(request, selectors.ledger_rows(branch))
    today = timezone.localdate()
    return render(
        request,
        "activity/ledger.html",
        {
            "branch": branch,
            "page": page,
            "entries": selectors.ledger_entries(page.object_list),
            "can_write": can_write_branch(scope_of(request.user), branch),
            "lecture_given": selectors.lecture_given(branch, year=today.year),
            "year": today.year,
        },
    )


# ---------------------------------------------------------------------------------------
# 三会一课


@login_required
def meeting_list(request):
    scope = scope_of(request.user)
    branch = None
    branch_pk = int_param(request.GET.get("branch"))
    if branch_pk:
        branch = get_activity_branch_for(request.user, branch_pk)
    kind = request.GET.get("kind", "")
    if kind not in Meeting.Kind.values:
        kind = ""
    year = int_param(request.GET.get("year"))
    meetings = selectors.meetings_for(scope, branch=branch, kind=kind, year=year)
    return render(
        request,
        "activity/meeting_list.html",
        {
            "page": paginate(request, meetings),
            "branch": branch,
            "kind": kind,
            "kinds": Meeting.Kind.choices,
            "year": year or "",
            "writable": list(writable_branches(scope)[:PAGE_SIZE]),
        },
    )


def _meeting_fields(form) -> dict:
    data = form.cleaned_data
    return {
        key: data.get(key) for key in ("kind", "held_on", "topic", "speaker", "place")
    } | {
        "speaker_name": data.get("speaker_name") or "",
        "summary": data.get("summary") or "",
    }


@login_required
def meeting_create(request, branch_pk):
    branch = get_activity_branch_for(request.user, branch_pk, write=True)
    form = MeetingForm(request.POST or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                branch=branch, by=request.user, **_meeting_fields(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("The meeting was recorded. Now mark who was absent or excused."),
            )
            return redirect("activity:meeting_attendance", meeting.pk)
    return _form_page(
        request,
        form,
        _("New meeting of %(branch)s") % {"branch": branch.name},
        back="activity:meetings",
        note=_("Every member of the branch is expected and counted present at first."),
    )


@login_required
def meeting_detail(request, pk):
    meeting = get_meeting_for(request.user, pk)
    attendance = list(meeting.attendance.select_related("person"))
    counts = {
        "expected": len(attendance),
        **{
            status: sum(1 for a in attendance if a.status == status)
            for status in MeetingAttendance.Status.values
        },
    }
    return render(
        request,
        "activity/meeting_detail.html",
        {
            "meeting": meeting,
            "attendance": attendance,
            "counts": counts,
            "can_edit": can_write_branch(scope_of(request.user), meeting.branch),
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = get_meeting_for(request.user, pk, write=True)
    form = MeetingForm(request.POST or None, instance=meeting, branch=meeting.branch)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **_meeting_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return _form_page(request, form, _("Change meeting"), back=meeting)


@login_required
def meeting_attendance(request, pk):
    meeting = get_meeting_for(request.user, pk, write=True)
    expected = {a.person_id for a in meeting.attendance.all()}
    people = list(
        Person.objects.filter(pk__in=expected) | services.branch_members(meeting.branch)
    )
    people.sort(key=lambda p: p.staff_no)
    form = AttendanceForm(request.POST or None, meeting=meeting, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_set(meeting=meeting, rows=form.attendance())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(meeting)
    return render(
        request, "activity/attendance.html", {"meeting": meeting, "form": form}
    )


@login_required
@require_POST
def meeting_delete(request, pk):
    meeting = get_meeting_for(request.user, pk, write=True)
    services.meeting_delete(meeting=meeting)
    messages.success(request, _("The meeting record was deleted."))
    return redirect("activity:meetings")


@login_required
def lectures(request):
    """Did each secretary give a 党课 this year? (one per secretary per year)"""
    scope = scope_of(request.user)
    if not scope.read_paths:
        raise PermissionDenied
    year = _year(request)
    branches = selectors.lecture_rule(selectors.rule_branches(scope), year=year)
    page = paginate(request, branches)
    return render(
        request,
        "activity/lectures.html",
        {"page": page, "year": year, "years": _years()},
    )


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 5, -1))


# ---------------------------------------------------------------------------------------
# 读书


@login_required
def reading(request):
    """The year's reading list (书目推荐) and a way into notes and the show."""
    institute = user_institute(request.user)
    scope = scope_of(request.user)
    year = _year(request)
    books = ReadingBook.objects.filter(institute=institute, year=year).order_by(
        "order", "pk"
    )
    return render(
        request,
        "activity/reading.html",
        {
            "institute": institute,
            "year": year,
            "years": _years(),
            "page": paginate(request, books),
            "is_office": is_office_of(scope, institute.pk),
            "can_write_note": scope.person is not None,
        },
    )


@login_required
def book_create(request):
    institute = user_institute(request.user)
    if not is_office_of(scope_of(request.user), institute.pk):
        raise PermissionDenied
    form = BookForm(request.POST or None, institute=institute)
    if request.method == "POST" and form.is_valid():
        try:
            book = services.book_save(institute=institute, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The book was added to the list."))
            return redirect(f"{reverse('activity:reading')}?year={book.year}")
    return _form_page(request, form, _("Recommend a book"), back="activity:reading")


@login_required
def book_edit(request, pk):
    book = get_book_for(request.user, pk, write=True)
    form = BookForm(request.POST or None, instance=book, institute=book.institute)
    if request.method == "POST" and form.is_valid():
        try:
            services.book_save(institute=book.institute, book=book, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The book was saved."))
            return redirect(f"{reverse('activity:reading')}?year={book.year}")
    return _form_page(request, form, _("Change book"), back="activity:reading")


@login_required
@require_POST
def book_delete(request, pk):
    book = get_book_for(request.user, pk, write=True)
    year = book.year
    services.book_delete(book=book)
    messages.success(request, _("The book was taken off the list."))
    return redirect(f"{reverse('activity:reading')}?year={year}")


@login_required
def note_list(request):
    """Notes the user may read: own, their branches', or all (the office, to pick)."""
    institute = user_institute(request.user)
    scope = scope_of(request.user)
    year = _year(request)
    notes = selectors.notes_for(scope, institute=institute, year=year)
    if request.GET.get("mine") and scope.person is not None:
        notes = notes.filter(person=scope.person)
    return render(
        request,
        "activity/note_list.html",
        {
            "page": paginate(request, notes),
            "year": year,
            "years": _years(),
            "is_office": is_office_of(scope, institute.pk),
            "mine": bool(request.GET.get("mine")),
        },
    )


@login_required
def note_create(request):
    scope = scope_of(request.user)
    if scope.person is None:
        raise PermissionDenied
    form = NoteForm(request.POST or None, institute=scope.person.institute)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.note_create(
                person=scope.person,
                book=data.get("book"),
                title=data.get("title") or "",
                text=data["text"],
                written_on=data["written_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your reading note was saved."))
            return redirect(note)
    return _form_page(request, form, _("New reading note"), back="activity:reading")


@login_required
def note_detail(request, pk):
    note = get_note_for(request.user, pk)
    scope = scope_of(request.user)
    is_office = is_office_of(scope, note.institute_id)
    return render(
        request,
        "activity/note_detail.html",
        {
            "note": note,
            "can_edit": scope.person is not None
            and note.person_id == scope.person.pk
            and not note.picked,
            "pick_form": PickForm(
                initial={"picked": note.picked, "comment": note.pick_comment}
            )
            if is_office
            else None,
        },
    )


@login_required
def note_edit(request, pk):
    note = get_note_for(request.user, pk, write=True)
    form = NoteForm(request.POST or None, instance=note, institute=note.institute)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_update(
                note=note,
                book=data.get("book"),
                title=data.get("title") or "",
                text=data["text"],
                written_on=data["written_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your reading note was saved."))
            return redirect(note)
    return _form_page(request, form, _("Change reading note"), back=note)


@login_required
def note_pick(request, pk):
    note = get_note_for(request.user, pk, pick=True)
    form = PickForm(
        request.POST or None,
        initial={"picked": note.picked, "comment": note.pick_comment},
    )
    if request.method == "POST" and form.is_valid():
        services.note_pick(
            note=note,
            by=request.user,
            picked=form.cleaned_data["picked"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("The choice for the show was saved."))
        return redirect(note)
    return _form_page(request, form, _("Pick for the reading-notes show"), back=note)


@login_required
def picks(request, year):
    """The yearly 读书笔记展评: the office's picks, public to the institute's staff."""
    institute = user_institute(request.user)
    return render(
        request,
        "activity/picks.html",
        {
            "institute": institute,
            "year": year,
            "years": _years(),
            "page": paginate(request, selectors.picks_of(institute, year)),
        },
    )


# ---------------------------------------------------------------------------------------
# 通讯报道


@login_required
def news_list(request):
    institute = user_institute(request.user)
    scope = scope_of(request.user)
    branch = None
    branch_pk = int_param(request.GET.get("branch"))
    if branch_pk:
        branch = (
            Organization.objects.filter(pk=branch_pk, institute=institute)
            .only("pk", "name")
            .first()
        )
        if branch is None:
            raise Http404
    reports = selectors.news_for(scope, institute=institute, branch=branch)
    return render(
        request,
        "activity/news_list.html",
        {
            "page": paginate(request, reports),
            "branch": branch,
            "writable": list(writable_branches(scope)[:PAGE_SIZE]),
            "can_see_matrix": bool(scope.read_paths),
        },
    )


def _news_fields(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("title", "text", "channel", "published_on")} | {
        "images": data["images"]
    }


@login_required
def news_create(request, branch_pk):
    branch = get_activity_branch_for(request.user, branch_pk, write=True)
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.news_create(
                branch=branch, by=request.user, **_news_fields(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The news report was filed."))
            return redirect(report)
    return _form_page(
        request,
        form,
        _("New news report of %(branch)s") % {"branch": branch.name},
        back="activity:news_list",
    )


@login_required
def news_detail(request, pk):
    report = get_news_for(request.user, pk)
    return render(
        request,
        "activity/news_detail.html",
        {
            "report": report,
            "images": report.images.all(),
            "can_edit": can_write_branch(scope_of(request.user), report.branch),
        },
    )


@login_required
def news_edit(request, pk):
    report = get_news_for(request.user, pk, write=True)
    form = NewsForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.news_update(report=report, **_news_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The news report was saved."))
            return redirect(report)
    return _form_page(request, form, _("Change news report"), back=report)


@login_required
@require_POST
def news_delete(request, pk):
    report = get_news_for(request.user, pk, write=True)
    services.news_delete(report=report)
    messages.success(request, _("The news report was deleted."))
    return redirect("activity:news_list")


@login_required
def news_image(request, pk, image_pk):
    report = get_news_for(request.user, pk)
    image = get_object_or_404(report.images, pk=image_pk)
    return serve_upload(image.file, image.name, image.content_type)


@login_required
@require_POST
def news_image_delete(request, pk, image_pk):
    report = get_news_for(request.user, pk, write=True)
    image = get_object_or_404(report.images, pk=image_pk)
    services.attachment_remove(attachment=image)
    messages.success(request, _("The image was removed."))
    return redirect(report)


@login_required
def news_matrix(request):
    """Branch × month counts of news reports for a year; past months missing in red."""
    scope = scope_of(request.user)
    if not scope.read_paths:
        raise PermissionDenied
    year = _year(request)
    page = paginate(request, selectors.matrix_branches(scope))
    return render(
        request,
        "activity/news_matrix.html",
        {
            "page": page,
            "rows": selectors.news_matrix(list(page.object_list), year=year),
            "year": year,
            "years": _years(),
            "months": range(1, 13),
        },
    )


# ---------------------------------------------------------------------------------------
# 意见箱


@login_required
def suggestion_home(request):
    scope = scope_of(request.user)
    return render(
        request,
        "activity/suggestions.html",
        {
            "page": paginate(request, selectors.suggestions_mine(scope)),
            "has_inbox": bool(scope.read_paths) or scope.is_office,
            "is_liaison": bool(scope.roles_of("liaison")),
            "receipt_form": ReceiptForm(),
        },
    )


@login_required
def suggestion_create(request):
    scope = scope_of(request.user)
    if scope.person is None:
        raise PermissionDenied
    institute = scope.person.institute
    form = SuggestionForm(request.POST or None, institute=institute)
    if request.method == "POST" and form.is_valid():
        anonymous = form.cleaned_data["anonymous"]
        try:
            suggestion = services.suggestion_file(
                institute=institute,
                branch=form.branch(),
                text=form.cleaned_data["text"],
                author=scope.person,
                anonymous=anonymous,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if anonymous:
                # Shown once, in this response only: no redirect puts it in a URL.
                return render(
                    request,
                    "activity/suggestion_filed.html",
                    {"receipt": suggestion.receipt},
                )
            messages.success(request, _("Your suggestion was sent."))
            return redirect(suggestion)
    return _form_page(request, form, _("New suggestion"), back="activity:suggestions")


@login_required
def suggestion_inbox(request):
    scope = scope_of(request.user)
    if not (scope.read_paths or scope.is_office):
        raise PermissionDenied
    status = request.GET.get("status", "")
    suggestions = selectors.suggestions_inbox(scope)
    if status in Suggestion.Status.values:
        suggestions = suggestions.filter(status=status)
    return render(
        request,
        "activity/suggestion_inbox.html",
        {
            "page": paginate(request, suggestions),
            "status": status,
            "statuses": Suggestion.Status.choices,
        },
    )


@login_required
def suggestion_detail(request, pk):
    suggestion = get_suggestion_for(request.user, pk)
    scope = scope_of(request.user)
    can_answer = can_answer_suggestion(scope, suggestion)
    form = None
    if can_answer:
        form = AnswerForm(
            request.POST or None,
            initial={"answer": suggestion.answer},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.suggestion_answer(
                    suggestion=suggestion,
                    answer=form.cleaned_data["answer"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The answer was sent."))
                return redirect(suggestion)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "activity/suggestion_detail.html",
        {"suggestion": suggestion, "form": form},
    )


@login_required
def suggestion_receipt(request):
    """Read an anonymous suggestion and its answer by its receipt code (POST only)."""
    form = ReceiptForm(request.POST or None)
    suggestion = None
    if request.method == "POST" and form.is_valid():
        suggestion = (
            Suggestion.objects.select_related("branch")
            .filter(receipt=form.cleaned_data["code"])
            .first()
        )
        if suggestion is None:
            form.add_error("code", _("No suggestion has this receipt code."))
    return render(
        request,
        "activity/suggestion_receipt.html",
        {"form": form, "suggestion": suggestion},
    )


@login_required
def liaison(request):
    """A leader's liaison branches (联系点): suggestions and how the branches progress."""
    scope = scope_of(request.user)
    if not scope.roles_of("liaison"):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "activity/liaison.html",
        {
            "branches": selectors.liaison_branches(scope, year=today.year),
            "page": paginate(request, selectors.liaison_suggestions(scope)),
            "year": today.year,
        },
    )
