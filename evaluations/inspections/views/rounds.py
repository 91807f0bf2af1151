"""Inspection rounds (季度督查)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.inspections import access, selectors, services
from evaluations.inspections.forms import (
    DrawForm,
    RoundNoteForm,
    SamplingForm,
    UnitChoiceForm,
    VoidForm,
)
from evaluations.inspections.views.common import _campaign, _form_page
from evaluations.models import InspectionRound
from organizations.access import scope_of
from pledges.selectors import campaigns_for


@login_required
def round_list(request):
    scope, campaign = _campaign(request)
    if not access.sees_inspections(scope):
        raise PermissionDenied
    return render(
        request,
        "inspections/round_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "quarters": selectors.quarter_rows(campaign) if campaign else [],
            "is_office": bool(campaign and access.is_office_for(scope, campaign)),
        },
    )


@login_required
@require_POST
def round_plan(request, campaign_pk, quarter):
    campaign = access.get_inspection_campaign_for(request.user, campaign_pk, write=True)
    try:
        round = services.inspection_round_plan(
            campaign=campaign, quarter=quarter, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(reverse("inspections:rounds") + f"?campaign={campaign.pk}")
    return redirect(round)


@login_required
@require_POST
def round_open(request, campaign_pk, quarter):
    campaign = access.get_inspection_campaign_for(request.user, campaign_pk, write=True)
    try:
        round = services.inspection_round_open(
            campaign=campaign, quarter=quarter, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(reverse("inspections:rounds") + f"?campaign={campaign.pk}")
    _opened_message(request, round)
    return redirect(round)


def _opened_message(request, round: InspectionRound) -> None:
    messages.success(request, _("The inspection round is open."))
    if round.has_sampling and not round.draws.filter(voided_at__isnull=True).exists():
        messages.info(
            request,
            _(
                "Next: agree the seed in public, enter it with the witnesses' names "
                "and draw the spot-check sample."
            ),
        )


@login_required
def round_detail(request, pk):
    round = access.get_inspection_round_for(request.user, pk)
    scope = scope_of(request.user)
    if not access.sees_inspections(scope):
        raise PermissionDenied
    is_office = access.is_office_for(scope, round.campaign)
    draw = selectors.current_draw(round)
    context = {
        "round": round,
        "campaign": round.campaign,
        "is_office": is_office,
        "draw": draw,
        "voided": selectors.voided_draws(round),
        "page": paginate(request, selectors.round_findings(round, scope)),
    }
    if draw is not None:
        context["sample"] = selectors.sample_rows(draw, round)
        context["rule"] = selectors.rule_rows(draw)
        if is_office and not round.is_closed:
            context["void_form"] = VoidForm(
                action=reverse("inspections:draw_void", args=[draw.pk])
            )
    elif is_office and not round.is_closed and round.has_sampling:
        context["draw_form"] = DrawForm(
            action=reverse("inspections:round_draw", args=[round.pk])
        )
        context["strata"] = selectors.sampling_strata(round, round.sample_scope)
    if is_office and round.status == InspectionRound.Status.OPEN:
        context["unit_form"] = UnitChoiceForm(campaign=round.campaign)
    return render(request, "inspections/round_detail.html", context)


@login_required
@require_POST
def round_close(request, pk):
    round = access.get_inspection_round_for(request.user, pk, write=True)
    try:
        services.inspection_round_close(round=round, by=request.user)
        messages.success(request, _("The inspection round is closed."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(round)


@login_required
@require_POST
def round_reopen(request, pk):
    round = access.get_inspection_round_for(request.user, pk, write=True)
    try:
        services.inspection_round_reopen(round=round, by=request.user)
        messages.success(request, _("The inspection round is open again."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(round)


@login_required
@require_POST
def round_start(request, pk):
    """Open a planned round; its spot check is drawn as a separate, public step."""
    round = access.get_inspection_round_for(request.user, pk, write=True)
    round = services.inspection_round_open(
        campaign=round.campaign, quarter=round.quarter, by=request.user
    )
    _opened_message(request, round)
    return redirect(round)


@login_required
def round_note(request, pk):
    round = access.get_inspection_round_for(request.user, pk, write=True)
    form = RoundNoteForm(request.POST or None, initial={"note": round.note})
    if request.method == "POST" and form.is_valid():
        services.inspection_round_note(
            round=round, note=form.cleaned_data["note"], by=request.user
        )
        return redirect(round)
    return _form_page(
        request, form, _("Focus of %(round)s") % {"round": round}, back=round
    )


@login_required
def round_sampling(request, pk):
    round = access.get_inspection_round_for(request.user, pk, write=True)
    strata = selectors.sampling_strata(round)
    initial = {
        "sample_mode": round.sample_mode,
        "sample_scope": round.sample_scope,
        "sample_total": round.sample_total,
    }
    for s in strata:
        initial[f"size_{s['code']}"] = (round.stratum_sizes or {}).get(s["code"], 0)
    form = SamplingForm(
        request.POST or None, strata=strata, scope=round.sample_scope, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.spot_check_configure(
                round=round,
                mode=form.cleaned_data["sample_mode"],
                total=form.cleaned_data.get("sample_total") or 0,
                sizes=form.sizes(),
                scope=form.cleaned_data["sample_scope"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The spot check is set."))
            return redirect(round)
    return _form_page(
        request,
        form,
        _("Spot check of %(round)s") % {"round": round},
        back=round,
        note=_(
            "Strata are the branch categories and, for mass-organisation units, the "
            "union, the league and the women's organisation. Choose which units to "
            "spot-check, then either draw a fixed number from each stratum, or a total "
            "shared among them in proportion to their size."
        ),
    )


@login_required
def round_draw(request, pk):
    round = access.get_inspection_round_for(request.user, pk, write=True)
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.spot_check_draw(
                round=round,
                by=request.user,
                seed=form.cleaned_data["seed"],
                witnesses=form.cleaned_data["witnesses"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The sample is drawn."))
            return redirect(reverse("inspections:round", args=[round.pk]) + "#draw")
    return _form_page(
        request, form, _("Draw the sample of %(round)s") % {"round": round}, back=round
    )


@login_required
def draw_verify(request, pk):
    """Re-draw from the stored seed and rule, and show whether it matches (no change)."""
    draw = access.get_draw_for(request.user, pk)
    result = services.spot_check_verify(draw=draw)
    return render(
        request,
        "inspections/verify.html",
        {
            "draw": draw,
            "round": draw.round,
            "result": result,
            "rule": selectors.rule_rows(draw),
            "eligible_changed": selectors.eligible_now_differs(draw),
        },
    )


@login_required
@require_POST
def draw_void(request, pk):
    draw = access.get_draw_for(request.user, pk, write=True)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.spot_check_void(
                draw=draw, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("The draw is voided; it stays on view."))
            return redirect(draw.round)
        except ValidationError as error:
            apply_errors(form, error)
    return _form_page(request, form, _("Void the draw"), back=draw.round, status=400)
