"""Criteria sets and scoring lines (评分细则)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors
from evaluations.models import ScoringLine
from evaluations.scoring import access, selectors, services
from evaluations.scoring.forms import CriterionPointsForm, LineForm, ReopenForm
from evaluations.scoring.services import plain
from evaluations.scoring.views.common import _campaign_nav
from organizations.access import scope_of
from pledges.models import CriteriaSet, Criterion
from pledges.views.academy import flash_shortfalls


@login_required
def criteria(request, pk):
    campaign = access.get_office_campaign_for(request.user, pk)
    sets = selectors.criteria_sets_overview(campaign)
    return render(
        request,
        "scoring/criteria.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "sets": sets,
            "can_edit": access.is_office(scope_of(request.user), campaign),
        },
    )


@require_POST
@login_required
def criteria_defaults(request, pk):
    """The office adds the default sets, lines and weights the campaign lacks."""
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    added = services.criteria_defaults_apply(
        campaign=campaign, by=request.user, add_sets=True
    )
    if any(added.values()):
        messages.success(
            request,
            _(
                "Defaults added: %(sets)s criteria sets, %(lines)s scoring lines, "
                "%(weights)s item weights."
            )
            % added,
        )
        flash_shortfalls(request, campaign)
    else:
        messages.info(
            request,
            _("Nothing to add: every set already has its lines or weights."),
        )
    return redirect("scoring:criteria", campaign.pk)


def _criteria_set(campaign, set_pk) -> CriteriaSet:
    return get_object_or_404(CriteriaSet, pk=set_pk, campaign=campaign)


@login_required
def lines(request, pk, set_pk):
    campaign = access.get_office_campaign_for(request.user, pk)
    criteria_set = _criteria_set(campaign, set_pk)
    scope = scope_of(request.user)
    version = services.criteria_set_version(criteria_set)
    return render(
        request,
        "scoring/lines.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "criteria_set": criteria_set,
            "layout": selectors.sheet_layout(criteria_set=criteria_set),
            "version": version,
            "versions": list(
                criteria_set.versions.select_related("frozen_by", "reopened_by")
            ),
            "frozen": version is not None and version.is_frozen,
            "can_edit": access.is_office(scope, campaign),
            "for_units": criteria_set.audience == CriteriaSet.Audience.UNIT,
            "editing": access.is_office(scope, campaign)
            and not (version is not None and version.is_frozen),
        },
    )


@login_required
def line_edit(request, pk, set_pk, line_pk=None):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    if criteria_set.audience != CriteriaSet.Audience.UNIT:
        raise Http404  # a person's criteria are rated per item, not scored by lines
    line = (
        get_object_or_404(ScoringLine, pk=line_pk, criteria_set=criteria_set)
        if line_pk
        else None
    )
    initial = {}
    if line is not None:
        initial = {
            "kind": line.kind,
            "criterion": line.criterion_id,
            "text": line.text,
            "rubric": line.rubric,
            "max_points": plain(line.max_points) if line.max_points else "",
            "grade_cap": line.grade_cap,
            "order": line.order,
        }
    else:
        initial = {
            "kind": request.GET.get("kind") or ScoringLine.Kind.REGULAR,
            "criterion": request.GET.get("criterion"),
        }
    form = LineForm(request.POST or None, criteria_set=criteria_set, initial=initial)
    back = reverse("scoring:lines", args=[campaign.pk, criteria_set.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.line_save(
                criteria_set=criteria_set,
                by=request.user,
                line=line,
                kind=data["kind"],
                criterion=data["criterion"],
                text=data["text"],
                rubric=data["rubric"],
                max_points=data["max_points"],
                grade_cap=data["grade_cap"],
                order=data["order"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Scoring line saved."))
            return redirect(back)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "form": form,
            "title": _("Edit scoring line") if line else _("New scoring line"),
            "back": back,
        },
    )


@require_POST
@login_required
def line_delete(request, pk, set_pk, line_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    line = get_object_or_404(ScoringLine, pk=line_pk, criteria_set=criteria_set)
    try:
        services.line_delete(line=line, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Scoring line removed."))
    return redirect("scoring:lines", campaign.pk, criteria_set.pk)


@login_required
def criterion_edit(request, pk, set_pk, criterion_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, criteria_set=criteria_set)
    form = CriterionPointsForm(
        request.POST or None,
        initial={
            "max_points": plain(criterion.max_points) if criterion.max_points else "",
            "weight": plain(criterion.weight) if criterion.weight is not None else "",
        },
    )
    back = reverse("scoring:lines", args=[campaign.pk, criteria_set.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_points_set(
                criterion=criterion, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            flash_shortfalls(request, campaign)
            return redirect(back)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "form": form,
            "title": f"{criterion.code} {criterion.name}",
            "back": back,
        },
    )


@require_POST
@login_required
def criteria_freeze(request, pk, set_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    version = services.criteria_set_freeze(criteria_set=criteria_set, by=request.user)
    messages.success(
        request, _("Frozen as version %(number)s.") % {"number": version.number}
    )
    return redirect("scoring:lines", campaign.pk, criteria_set.pk)


@login_required
def criteria_reopen(request, pk, set_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    form = ReopenForm(request.POST or None)
    back = reverse("scoring:lines", args=[campaign.pk, criteria_set.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set_reopen(
                criteria_set=criteria_set,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The set can be edited again."))
            return redirect(back)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "form": form,
            "title": _("Reopen %(name)s") % {"name": criteria_set.name},
            "back": back,
        },
    )
