"""Findings (督查发现)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import apply_errors, int_param, paginate
from evaluations.inspections import access, selectors, services
from evaluations.inspections.forms import (
    CommendForm,
    FindingForm,
    HelpItemForm,
    RectificationOpenForm,
    UnitChoiceForm,
)
from evaluations.inspections.views.common import _campaign, _form_page
from evaluations.inspections.views.rectification import _open_initial
from evaluations.models import Finding
from organizations.access import scope_of
from pledges.selectors import campaigns_for
from pledges.uploads import serve_upload


def _finding_kwargs(form) -> dict:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "rating": data["rating"],
        "text": data["text"],
        "found_on": data["found_on"],
        "inspector": data.get("inspector"),
        "record": data.get("record"),
        "meeting": data.get("meeting"),
        "news": data.get("news"),
        "files": data.get("files") or [],
    }


@login_required
def finding_create(request, pk):
    round = access.get_inspection_round_for(request.user, pk, write=True)
    unit_pk = int_param(request.GET.get("unit"))
    if unit_pk is None:
        form = UnitChoiceForm(campaign=round.campaign)
        return _form_page(
            request, form, _("Record a finding: choose the unit"), back=round
        )
    unit = get_object_or_404(services.inspected_units(round.campaign), pk=unit_pk)
    scope = scope_of(request.user)
    initial = {
        "found_on": timezone.localdate(),
        "inspector": scope.person.pk if scope.person else None,
        "kind": request.GET.get("kind") or "",
    }
    form = FindingForm(
        request.POST or None,
        request.FILES or None,
        campaign=round.campaign,
        unit=unit,
        round=round,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            finding = services.finding_record(
                round=round, unit=unit, by=request.user, **_finding_kwargs(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect(finding)
    return _form_page(
        request,
        form,
        _("Finding on %(unit)s") % {"unit": unit.name},
        back=round,
        note=str(round),
    )


@login_required
def finding_detail(request, pk):
    finding = access.get_finding_for(request.user, pk)
    scope = scope_of(request.user)
    is_office = access.is_office_for(scope, finding.round.campaign)
    context = {
        "finding": finding,
        "round": finding.round,
        "is_office": is_office,
        "files": list(finding.files.all()),
        "items": list(finding.rectifications.select_related("owner")),
        "help_items": list(finding.help_items.select_related("helper")),
    }
    if is_office and finding.rating == Finding.Rating.POOR:
        context["open_form"] = RectificationOpenForm(
            unit=finding.unit,
            action=reverse("inspections:rectification_open", args=[finding.pk]),
            initial=_open_initial(finding),
        )
    if is_office and finding.rating == Finding.Rating.GOOD and not finding.is_commended:
        context["commend_form"] = CommendForm(
            action=reverse("inspections:finding_commend", args=[finding.pk])
        )
    if is_office and finding.rating == Finding.Rating.AVERAGE:
        context["help_form"] = HelpItemForm(
            campaign=finding.round.campaign,
            action=reverse("inspections:help_create", args=[finding.pk]),
        )
    return render(request, "inspections/finding_detail.html", context)


@login_required
def finding_edit(request, pk):
    finding = access.get_finding_for(request.user, pk, write=True)
    recorder = scope_of(request.user).person
    initial = {
        "kind": finding.kind,
        "rating": finding.rating,
        "text": finding.text,
        "found_on": finding.found_on,
        # a finding recorded without an inspector gets the person now recording
        "inspector": finding.inspector_id or (recorder.pk if recorder else None),
        "record": finding.record_id,
        "meeting": finding.meeting_id,
        "news": finding.news_id,
    }
    form = FindingForm(
        request.POST or None,
        request.FILES or None,
        campaign=finding.round.campaign,
        unit=finding.unit,
        round=finding.round,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_update(
                finding=finding, by=request.user, **_finding_kwargs(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The finding is saved."))
            return redirect(finding)
    return _form_page(
        request,
        form,
        _("Finding on %(unit)s") % {"unit": finding.unit.name},
        back=finding,
    )


@login_required
def finding_file(request, pk, file_pk):
    finding = access.get_finding_for(request.user, pk)
    stored = get_object_or_404(finding.files, pk=file_pk)
    return serve_upload(stored.file, stored.name, stored.content_type)


@login_required
def finding_list(request):
    scope, campaign = _campaign(request)
    rating = request.GET.get("rating", "")
    if rating not in Finding.Rating.values:
        rating = ""
    unit = None
    unit_pk = int_param(request.GET.get("unit"))
    if unit_pk:
        unit = access.get_history_unit_for(request.user, unit_pk)
    rows = (
        selectors.findings_for(scope, campaign, unit=unit, rating=rating)
        if campaign
        else Finding.objects.none()
    )
    return render(
        request,
        "inspections/finding_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "page": paginate(request, rows),
            "rating": rating,
            "ratings": Finding.Rating.choices,
            "unit": unit,
        },
    )
