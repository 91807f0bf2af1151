"""Reading (读书)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, paginate
from organizations.access import scope_of
from pledges.activity import selectors, services
from pledges.activity.access import (
    get_book_for,
    get_note_for,
    is_office_of,
    user_institute,
)
from pledges.activity.forms import BookForm, NoteForm, PickForm
from pledges.activity.views.common import _form_page, _year, _years
from pledges.models import ReadingBook


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
