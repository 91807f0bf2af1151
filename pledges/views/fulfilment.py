"""Fulfilment (践诺)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from organizations.access import scope_of
from pledges import selectors, services
from pledges.access import (
    get_board_unit_for,
    get_evidence_for,
    get_plan_for,
    get_pledge_for,
)
from pledges.forms import ProgressForm
from pledges.models import PlanMeasure, PledgeItem, Status
from pledges.uploads import serve_upload
from pledges.views.public import _unit_board_context


@login_required
def progress_unit(request, pk):
    unit = get_board_unit_for(request.user, pk)
    scope, campaign = _unit_board_context(request, unit)
    data = selectors.unit_progress(campaign, unit)
    return render(
        request,
        "pledges/progress_unit.html",
        {
            "unit": unit,
            "campaign": campaign,
            "plan": data["plan"],
            "page": paginate(request, data["pledges"]),
            "overdue": selectors.overdue_counts(campaign, unit),
        },
    )


def _progress_page(request, subject, parent, title):
    scope = scope_of(request.user)
    can_report = (
        services.can_report(scope, subject) and parent.status == Status.PUBLISHED
    )
    form = ProgressForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.progress_report(
                    subject=subject, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Progress reported."))
                return redirect(request.path)
    elif parent.status == Status.PUBLISHED and subject.progress_status:
        form.initial = {
            "status": subject.progress_status,
            "percent": subject.progress_percent,
        }
    return render(
        request,
        "pledges/progress_subject.html",
        {
            "subject": subject,
            "parent": parent,
            "title": title,
            "form": form,
            "can_report": can_report,
            "history": selectors.progress_history(subject),
        },
    )


@login_required
def progress_item(request, pk):
    item = get_object_or_404(PledgeItem.objects.select_related("criterion"), pk=pk)
    pledge = get_pledge_for(request.user, item.pledge_id)
    item.pledge = pledge
    return _progress_page(request, item, pledge, _("Progress of a committed item"))


@login_required
def progress_measure(request, pk):
    measure = get_object_or_404(PlanMeasure.objects.select_related("owner"), pk=pk)
    plan = get_plan_for(request.user, measure.plan_id)
    measure.plan = plan
    return _progress_page(request, measure, plan, _("Progress of a plan measure"))


@login_required
def evidence_download(request, pk):
    evidence = get_evidence_for(request.user, pk)
    return serve_upload(evidence.file, evidence.name, evidence.content_type)
