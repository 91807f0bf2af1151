"""Pages of 党建带群建: requests and reports (请示报告) and the led mass units."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, paginate
from organizations.access import scope_of
from pledges import selectors as pledge_selectors
from pledges.leadership import selectors, services
from pledges.leadership.access import (
    answers_for_lead,
    get_report_for,
    reporting_units,
)
from pledges.leadership.forms import MassReportForm, ReplyForm
from pledges.leadership.rules import leading_paths
from pledges.models import MassReport
from pledges.uploads import serve_upload


def _may_use(scope) -> bool:
    return bool(scope.is_office or leading_paths(scope) or reporting_units(scope))


@login_required
def report_list(request):
    scope = scope_of(request.user)
    if not _may_use(scope):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in MassReport.Status.values:
        status = ""
    return render(
        request,
        "leadership/report_list.html",
        {
            "page": paginate(request, selectors.reports_for(scope, status=status)),
            "status": status,
            "statuses": MassReport.Status.choices,
            "can_report": bool(reporting_units(scope)),
        },
    )


@login_required
def report_create(request):
    scope = scope_of(request.user)
    units = reporting_units(scope)
    if not units:
        raise PermissionDenied
    form = MassReportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.mass_report_create(
                unit=data["unit"],
                by=request.user,
                subject=data["subject"],
                body=data["body"],
                files=data["files"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Sent to %(lead)s.") % {"lead": report.lead.name}
            )
            return redirect(report)
    return render(request, "leadership/report_form.html", {"form": form})


@login_required
def report_detail(request, pk):
    report = get_report_for(request.user, pk)
    scope = scope_of(request.user)
    return render(
        request,
        "leadership/report_detail.html",
        {
            "report": report,
            "files": list(report.attachments.all()),
            "thread": list(report.messages.select_related("author__person")),
            "form": ReplyForm(),
            "answers": answers_for_lead(scope, report),
        },
    )


@login_required
@require_POST
def report_reply(request, pk):
    report = get_report_for(request.user, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.mass_report_reply(
                report=report, by=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your reply was sent."))
            return redirect(report)
    scope = scope_of(request.user)
    return render(
        request,
        "leadership/report_detail.html",
        {
            "report": report,
            "files": list(report.attachments.all()),
            "thread": list(report.messages.select_related("author__person")),
            "form": form,
            "answers": answers_for_lead(scope, report),
        },
        status=400,
    )


@login_required
def report_file(request, pk, file_pk):
    report = get_report_for(request.user, pk)
    attachment = get_object_or_404(report.attachments, pk=file_pk)
    return serve_upload(attachment.file, attachment.name, attachment.content_type)


@login_required
def unit_list(request):
    """The mass units the user's party organisation leads: plan, pledges, progress."""
    scope = scope_of(request.user)
    if not (scope.is_office or leading_paths(scope)):
        raise PermissionDenied
    campaign = pledge_selectors.current_campaign_for(scope)
    rows = selectors.led_unit_rows(scope, campaign)
    page = paginate(request, rows)
    page.object_list = selectors.with_labels(page.object_list)
    return render(
        request,
        "leadership/unit_list.html",
        {
            "campaign": campaign,
            "page": page,
            "awaiting": selectors.awaiting_endorsement(scope, page.object_list),
        },
    )
