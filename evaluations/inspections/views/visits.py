"""Commendation of a good finding (表扬), field visits and forums (实地调研, 座谈会)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, paginate
from evaluations.inspections import access, services
from evaluations.inspections.forms import CommendForm, FieldVisitForm
from evaluations.inspections.views.common import _campaign, _form_page
from evaluations.models import FieldVisit
from pledges.selectors import campaigns_for
from pledges.uploads import serve_upload


@login_required
@require_POST
def finding_commend(request, pk):
    finding = access.get_finding_for(request.user, pk, write=True)
    form = CommendForm(
        request.POST,
        action=reverse("inspections:finding_commend", args=[finding.pk]),
    )
    if form.is_valid():
        try:
            services.finding_commend(
                finding=finding, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The unit is commended."))
            return redirect(finding)
    return _form_page(
        request,
        form,
        _("Commend %(unit)s") % {"unit": finding.unit.name},
        back=finding,
        status=400,
    )


@login_required
def visit_list(request):
    scope, campaign = _campaign(request)
    if not access.sees_inspections(scope):
        raise PermissionDenied
    rows = (
        access.visits_visible(scope, campaign)
        .select_related("recorded_by")
        .prefetch_related("units")
        .order_by("-held_on", "-pk")
        if campaign
        else FieldVisit.objects.none()
    )
    return render(
        request,
        "inspections/visit_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "page": paginate(request, rows),
            "is_office": bool(campaign and access.is_office_for(scope, campaign)),
        },
    )


@login_required
def visit_create(request, campaign_pk):
    campaign = access.get_inspection_campaign_for(request.user, campaign_pk, write=True)
    form = FieldVisitForm(
        request.POST or None, request.FILES or None, campaign=campaign
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.field_visit_record(
                campaign=campaign,
                kind=data["kind"],
                held_on=data["held_on"],
                units=data["units"],
                participants=data["participants"],
                notes=data["notes"],
                files=data.get("files") or [],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The record is saved."))
            return redirect(visit)
    return _form_page(
        request,
        form,
        _("Record a field visit or forum"),
        note=str(campaign),
    )


@login_required
def visit_detail(request, pk):
    visit = access.get_visit_for(request.user, pk)
    return render(
        request,
        "inspections/visit_detail.html",
        {
            "visit": visit,
            "campaign": visit.campaign,
            "units": list(visit.units.order_by("path")),
            "files": list(visit.files.all()),
        },
    )


@login_required
def visit_file(request, pk, file_pk):
    visit = access.get_visit_for(request.user, pk)
    stored = get_object_or_404(visit.files, pk=file_pk)
    return serve_upload(stored.file, stored.name, stored.content_type)
