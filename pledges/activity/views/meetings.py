"""Meetings and lessons (三会一课)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, int_param, paginate, year_param
from organizations.access import scope_of
from organizations.models import Person
from pledges.activity import selectors, services
from pledges.activity.access import (
    can_write_branch,
    get_activity_branch_for,
    get_meeting_for,
    writable_branches,
)
from pledges.activity.forms import AttendanceForm, MeetingForm
from pledges.activity.views.common import PAGE_SIZE, _form_page, _year, _years
from pledges.models import Meeting, MeetingAttendance


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
    year = year_param(request.GET.get("year"))
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
