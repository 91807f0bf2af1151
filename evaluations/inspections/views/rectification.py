"""Rectification (督促整改)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.inspections import access, selectors, services
from evaluations.inspections.forms import (
    RectificationAnswerForm,
    RectificationOpenForm,
    ReinspectForm,
    ReopenForm,
)
from evaluations.inspections.views.common import _campaign, _form_page
from evaluations.models import RectificationFile, RectificationItem
from organizations.access import scope_of
from pledges.selectors import campaigns_for
from pledges.uploads import serve_upload


def _open_initial(finding) -> dict:
    owner = services.default_owner(finding.unit)
    return {
        "title": finding.text.splitlines()[0][:200] if finding.text else "",
        "owner": owner.pk if owner else None,
        "deadline": timezone.localdate()
        + datetime.timedelta(days=services.DEFAULT_DEADLINE_DAYS),
    }


@login_required
def rectification_open(request, finding_pk):
    finding = access.get_finding_for(request.user, finding_pk, write=True)
    form = RectificationOpenForm(
        request.POST or None, unit=finding.unit, initial=_open_initial(finding)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.rectification_open(
                unit=finding.unit,
                source=finding,
                title=data["title"],
                text=data["text"],
                evidence_required=data["evidence_required"],
                owner=data["owner"],
                deadline=data["deadline"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The rectification item is open."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Rectification for %(unit)s") % {"unit": finding.unit.name},
        back=finding,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def rectification_list(request):
    scope, campaign = _campaign(request)
    status = request.GET.get("status", "")
    if status not in selectors.STATUS_FILTERS:
        status = ""
    rows = (
        selectors.rectifications_for(scope, campaign, status=status)
        if campaign
        else RectificationItem.objects.none()
    )
    return render(
        request,
        "inspections/rectification_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "page": paginate(request, rows),
            "status": status,
            "statuses": RectificationItem.Status.choices,
            "counts": selectors.rectification_counts(campaign, scope)
            if campaign
            else {},
            "today": timezone.localdate(),
        },
    )


@login_required
def rectification_detail(request, pk):
    item = access.get_rectification_for(request.user, pk)
    scope = scope_of(request.user)
    is_office = access.is_office_for(scope, item.campaign)
    context = {
        "item": item,
        "steps": selectors.rectification_steps(item),
        "is_office": is_office,
        "overdue": item.is_overdue(),
        "reinspections": list(item.reinspections.select_related("round")),
    }
    if item.can("answer") and access.can_answer_rectification(scope, item):
        context["answer_form"] = RectificationAnswerForm(
            evidence_required=bool(item.evidence_required),
            action=reverse("inspections:rectification_answer", args=[item.pk]),
        )
    if is_office and item.can("close"):
        context["reinspect_form"] = ReinspectForm(
            campaign=item.campaign,
            action=reverse("inspections:rectification_reinspect", args=[item.pk]),
            initial=_reinspect_initial(scope),
        )
    if is_office and item.can("reopen"):
        context["reopen_form"] = ReopenForm(
            action=reverse("inspections:rectification_reopen", args=[item.pk])
        )
    return render(request, "inspections/rectification_detail.html", context)


@login_required
def rectification_answer(request, pk):
    item = access.get_rectification_for(request.user, pk, action="answer")
    form = RectificationAnswerForm(
        request.POST or None,
        request.FILES or None,
        evidence_required=bool(item.evidence_required),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_answer(
                item=item,
                by=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data.get("files") or [],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The answer is sent to the office."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Answer: %(title)s") % {"title": item.title},
        back=item,
        note=item.evidence_required,
        status=400 if request.method == "POST" else 200,
    )


def _reinspect_initial(scope) -> dict:
    """Today, and the person recording as the inspector (督查人), as for a finding."""
    return {
        "found_on": timezone.localdate(),
        "inspector": scope.person.pk if scope.person else None,
    }


@login_required
def rectification_reinspect(request, pk):
    item = access.get_rectification_for(request.user, pk, action="manage")
    form = ReinspectForm(
        request.POST or None,
        campaign=item.campaign,
        initial=_reinspect_initial(scope_of(request.user)),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rectification_reinspect(
                item=item,
                by=request.user,
                round=data["round"],
                kind=data["kind"],
                rating=data["rating"],
                text=data["text"],
                found_on=data["found_on"],
                inspector=data.get("inspector"),
                deadline=data.get("deadline"),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The re-inspection is recorded."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Re-inspect: %(title)s") % {"title": item.title},
        back=item,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def rectification_reopen(request, pk):
    item = access.get_rectification_for(request.user, pk, action="manage")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_reopen(
                item=item,
                by=request.user,
                reason=form.cleaned_data["reason"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The item is open again."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Re-open: %(title)s") % {"title": item.title},
        back=item,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def rectification_file(request, pk, file_pk):
    item = access.get_rectification_for(request.user, pk)
    stored = get_object_or_404(
        RectificationFile.objects.filter(step__item=item), pk=file_pk
    )
    return serve_upload(stored.file, stored.name, stored.content_type)
