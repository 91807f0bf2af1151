"""Activity records (纪实登记)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, int_param, paginate
from organizations.access import scope_of
from pledges.activity import selectors, services
from pledges.activity.access import (
    can_write_branch,
    can_write_record,
    get_activity_branch_for,
    get_record_for,
    writable_branches,
)
from pledges.activity.forms import RecordForm
from pledges.activity.views.common import PAGE_SIZE, _form_page
from pledges.models import ActivityRecord
from pledges.uploads import serve_upload


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
            messages.success(request, _("Saved: the record is registered."))
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
            messages.success(request, _("Saved: the record is changed."))
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
