"""Pages of quarterly inspections, spot checks, rectification, help and half-year reviews.

Thin views: load through ``inspection_access``, validate the form, call the service,
redirect or render.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, int_param, paginate
from evaluations.inspections import access, selectors, services
from evaluations.inspections.forms import (
    DrawForm,
    FindingForm,
    HelpItemForm,
    HelpMoveForm,
    RectificationAnswerForm,
    RectificationOpenForm,
    ReinspectForm,
    ReopenForm,
    ReviewForm,
    RoundNoteForm,
    SamplingForm,
    UnitChoiceForm,
    VoidForm,
)
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionRound,
    RectificationFile,
    RectificationItem,
)
from organizations.access import scope_of
from pledges.selectors import campaign_for_scope, campaigns_for
from pledges.uploads import serve_upload


def _form_page(request, form, title, *, back=None, note=None, status=200):
    return render(
        request,
        "inspections/form.html",
        {"form": form, "title": title, "back": back, "note": note},
        status=status,
    )


def _campaign(request):
    scope = scope_of(request.user)
    return scope, campaign_for_scope(scope, request.GET.get("campaign"))


# ---------------------------------------------------------------------------------------
# Inspection rounds (季度督查)


@login_required
def round_list(request):
    scope, campaign = _campaign(request)
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
    messages.success(request, _("The inspection round is open."))
    return redirect(round)


@login_required
def round_detail(request, pk):
    round = access.get_inspection_round_for(request.user, pk)
    scope = scope_of(request.user)
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
    """Open a planned round (and draw its sample if the spot check is set)."""
    round = access.get_inspection_round_for(request.user, pk, write=True)
    services.inspection_round_open(
        campaign=round.campaign, quarter=round.quarter, by=request.user
    )
    messages.success(request, _("The inspection round is open."))
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
    initial = {"sample_mode": round.sample_mode, "sample_total": round.sample_total}
    for s in strata:
        initial[f"size_{s['code']}"] = (round.stratum_sizes or {}).get(s["code"], 0)
    form = SamplingForm(request.POST or None, strata=strata, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.spot_check_configure(
                round=round,
                mode=form.cleaned_data["sample_mode"],
                total=form.cleaned_data.get("sample_total") or 0,
                sizes=form.sizes(),
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
            "Strata are the branch categories. Either draw a fixed number from each, "
            "or a total shared among them in proportion to their size."
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


# ---------------------------------------------------------------------------------------
# Findings (督查发现)


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
    if is_office and finding.rating == Finding.Rating.AVERAGE:
        context["help_form"] = HelpItemForm(
            campaign=finding.round.campaign,
            action=reverse("inspections:help_create", args=[finding.pk]),
        )
    return render(request, "inspections/finding_detail.html", context)


@login_required
def finding_edit(request, pk):
    finding = access.get_finding_for(request.user, pk, write=True)
    initial = {
        "kind": finding.kind,
        "rating": finding.rating,
        "text": finding.text,
        "found_on": finding.found_on,
        "inspector": finding.inspector_id,
        "record": finding.record_id,
        "meeting": finding.meeting_id,
        "news": finding.news_id,
    }
    form = FindingForm(
        request.POST or None,
        request.FILES or None,
        campaign=finding.round.campaign,
        unit=finding.unit,
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


# ---------------------------------------------------------------------------------------
# Rectification (督促整改)


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
            initial={"found_on": timezone.localdate()},
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


@login_required
def rectification_reinspect(request, pk):
    item = access.get_rectification_for(request.user, pk, action="manage")
    form = ReinspectForm(
        request.POST or None,
        campaign=item.campaign,
        initial={"found_on": timezone.localdate()},
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


# ---------------------------------------------------------------------------------------
# Help items (帮助指导)


@login_required
def help_list(request):
    scope, campaign = _campaign(request)
    status = request.GET.get("status", "")
    if status not in HelpItem.Status.values:
        status = ""
    rows = (
        selectors.help_items_for(scope, campaign, status=status)
        if campaign
        else HelpItem.objects.none()
    )
    return render(
        request,
        "inspections/help_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "page": paginate(request, rows),
            "status": status,
            "statuses": HelpItem.Status.choices,
        },
    )


@login_required
def help_create(request, finding_pk):
    finding = access.get_finding_for(request.user, finding_pk, write=True)
    form = HelpItemForm(request.POST or None, campaign=finding.round.campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.help_item_create(
                unit=finding.unit,
                finding=finding,
                what=data["what"],
                helper=data["helper_person"],
                due_on=data.get("due_on"),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help is planned."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Help for %(unit)s") % {"unit": finding.unit.name},
        back=finding,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def help_detail(request, pk):
    item = access.get_help_item_for(request.user, pk)
    scope = scope_of(request.user)
    context = {"item": item}
    if item.status != HelpItem.Status.DONE and access.can_move_help_item(scope, item):
        context["move_form"] = HelpMoveForm(
            action=reverse("inspections:help_move", args=[item.pk])
        )
    return render(request, "inspections/help_detail.html", context)


@login_required
def help_move(request, pk):
    item = access.get_help_item_for(request.user, pk, write=True)
    form = HelpMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_item_move(
                item=item,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help item is saved."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Help for %(unit)s") % {"unit": item.unit.name},
        back=item,
        status=400 if request.method == "POST" else 200,
    )


# ---------------------------------------------------------------------------------------
# Half-year reviews (半年点评)


@login_required
def review_round_list(request):
    scope, campaign = _campaign(request)
    rounds = {r.half: r for r in selectors.review_rounds(campaign)} if campaign else {}
    halves = (
        [
            {"half": 1, "on": campaign.review1_on, "round": rounds.get(1)},
            {"half": 2, "on": campaign.review2_on, "round": rounds.get(2)},
        ]
        if campaign
        else []
    )
    return render(
        request,
        "inspections/review_round_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "halves": halves,
            "is_office": bool(campaign and access.is_office_for(scope, campaign)),
            "reads_progress": bool(
                campaign and access.reads_review_progress(scope, campaign)
            ),
            "to_acknowledge": list(selectors.reviews_to_acknowledge(scope)[:20]),
        },
    )


@login_required
@require_POST
def review_round_open(request, campaign_pk, half):
    campaign = access.get_inspection_campaign_for(request.user, campaign_pk, write=True)
    try:
        round = services.review_round_open(
            campaign=campaign, half=half, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(reverse("inspections:reviews") + f"?campaign={campaign.pk}")
    messages.success(request, _("The half-year review round is open."))
    return redirect(round)


@login_required
@require_POST
def review_round_close(request, pk):
    round = access.get_review_round_for(request.user, pk, write=True)
    services.review_round_close(round=round, by=request.user)
    messages.success(request, _("The half-year review round is closed."))
    return redirect(round)


@login_required
@require_POST
def review_round_reopen(request, pk):
    round = access.get_review_round_for(request.user, pk, write=True)
    try:
        services.review_round_reopen(round=round, by=request.user)
        messages.success(request, _("The half-year review round is open again."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(round)


@login_required
def review_round_detail(request, pk):
    """Progress: who has been reviewed, who not yet (filter), branches or members."""
    round = access.get_review_round_for(request.user, pk)
    scope = scope_of(request.user)
    what = request.GET.get("what", "branches")
    if what not in ("branches", "members"):
        what = "branches"
    state = request.GET.get("state", "all")
    if state not in selectors.REVIEW_STATES:
        state = "all"
    rows = (
        selectors.review_branches(round, scope, state=state)
        if what == "branches"
        else selectors.review_members(round, scope, state=state)
    )
    is_office = access.is_office_for(scope, round.campaign)
    return render(
        request,
        "inspections/review_round_detail.html",
        {
            "round": round,
            "campaign": round.campaign,
            "what": what,
            "state": state,
            "page": paginate(request, rows),
            "progress": selectors.review_progress(round, scope),
            "is_office": is_office,
            "writes_branches": is_office,
            "writes_members": is_office
            or bool(scope.roles_of(*access.SECRETARY_KINDS)),
            "own_person_id": scope.person.pk if scope.person else None,
        },
    )


def _review_write(request, round, *, unit=None, person=None):
    review = round.reviews.filter(
        **({"unit": unit} if unit is not None else {"person": person})
    ).first()
    if review is not None and review.is_acknowledged:
        raise PermissionDenied
    initial = (
        {
            "achievements": review.achievements,
            "problems": review.problems,
            "direction": review.direction,
        }
        if review
        else {}
    )
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_write(
                round=round,
                by=request.user,
                unit=unit,
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The review is saved."))
            return redirect(review)
    if not round.is_open and request.method == "GET":
        messages.warning(
            request, _("This review round is closed; reviews no longer change.")
        )
    subject = unit.name if unit is not None else person.name
    return _form_page(
        request,
        form,
        _("Half-year review of %(subject)s") % {"subject": subject},
        back=round,
        note=str(round),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def review_write_unit(request, round_pk, unit_pk):
    round = access.get_review_round_for(request.user, round_pk)
    unit = access.get_review_unit_for(request.user, round, unit_pk)
    return _review_write(request, round, unit=unit)


@login_required
def review_write_person(request, round_pk, person_pk):
    round = access.get_review_round_for(request.user, round_pk)
    person = access.get_review_person_for(request.user, round, person_pk)
    return _review_write(request, round, person=person)


@login_required
def review_detail(request, pk):
    review = access.get_review_for(request.user, pk)
    scope = scope_of(request.user)
    return render(
        request,
        "inspections/review_detail.html",
        {
            "review": review,
            "can_acknowledge": not review.is_acknowledged
            and access.can_acknowledge_review(scope, review),
            "can_edit": not review.is_acknowledged
            and review.round.is_open
            and access.can_write_review_of(
                scope, review.round.campaign, unit=review.unit, person=review.person
            ),
        },
    )


@login_required
@require_POST
def review_acknowledge(request, pk):
    review = access.get_review_for(request.user, pk, action="acknowledge")
    try:
        services.review_acknowledge(review=review, by=request.user)
        messages.success(request, _("You have acknowledged the review."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(review)


@login_required
def review_history_unit(request, pk):
    unit = access.get_history_unit_for(request.user, pk)
    return render(
        request,
        "inspections/review_history.html",
        {
            "subject": unit,
            "subject_name": unit.name,
            "page": paginate(request, selectors.review_history(unit=unit)),
        },
    )


@login_required
def review_history_person(request, pk):
    person = access.get_history_person_for(request.user, pk)
    return render(
        request,
        "inspections/review_history.html",
        {
            "subject": person,
            "subject_name": person.name,
            "page": paginate(request, selectors.review_history(person=person)),
        },
    )


@login_required
def my_reviews(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise Http404
    return render(
        request,
        "inspections/my_reviews.html",
        {"page": paginate(request, selectors.my_reviews(scope))},
    )
