"""Pages of the campaign year: campaigns, plans, pledges, the public board and progress.

Views are thin: load through an access helper, validate the form, call the service,
redirect or render.
"""

from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, int_param, paginate
from organizations.access import (
    get_unit_for,
    office_institutes,
    require_office,
    scope_of,
)
from organizations.models import Organization, Role
from pledges import selectors, services
from pledges.access import (
    can_manage_campaign,
    get_board_unit_for,
    get_campaign_for,
    get_campaign_shown,
    get_comment_for,
    get_evidence_for,
    get_plan_for,
    get_pledge_filing_for,
    get_pledge_for,
    reaches,
)
from pledges.forms import (
    AnswerForm,
    CampaignForm,
    CommentForm,
    CriterionForm,
    MeasureFormSet,
    MilestoneFormSet,
    PlanForm,
    PledgeForm,
    PledgeItemFormSet,
    ProgressForm,
    ReturnForm,
    TemplateForm,
)
from pledges.models import (
    PLAN_UNIT_KINDS,
    ConflictError,
    CriteriaSet,
    Criterion,
    Plan,
    PlanMeasure,
    PlanTemplate,
    Pledge,
    PledgeItem,
    Status,
)
from pledges.uploads import serve_upload

# ---------------------------------------------------------------------------
# Campaigns


@login_required
def campaign_list(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise PermissionDenied
    campaigns = selectors.campaigns_for(scope)
    return render(
        request,
        "pledges/campaign_list.html",
        {"page": paginate(request, campaigns), "can_create": scope.is_office},
    )


def _campaign_form_context(form, title, campaign=None):
    return {"form": form, "title": title, "campaign": campaign}


@login_required
def campaign_create(request):
    require_office(request.user)
    institutes = office_institutes(request.user)
    today = timezone.localdate()
    initial = {
        "year": today.year,
        "theme": "做研发先锋，当创新标兵",
        **services.campaign_default_dates(start=today),
    }
    form = CampaignForm(request.POST or None, institutes=institutes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scope_unit = data.pop("scope")
        try:
            campaign = services.campaign_create(
                scope=scope_unit, created_by=request.user, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Campaign created."))
            return redirect(campaign)
    return render(
        request,
        "pledges/campaign_form.html",
        _campaign_form_context(form, _("New campaign")),
    )


@login_required
def campaign_detail(request, pk):
    campaign = get_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    can_manage = can_manage_campaign(scope, campaign)
    sets = campaign.criteria_sets.prefetch_related("criteria")
    return render(
        request,
        "pledges/campaign_detail.html",
        {
            "campaign": campaign,
            "can_manage": can_manage,
            "current": campaign.current_phase,
            "criteria_sets": sets,
            "templates": campaign.plan_templates.select_related(
                "category"
            ).prefetch_related("measures"),
            "counts": selectors.filing_counts(scope, campaign)
            if scope.read_paths
            else None,
        },
    )


@login_required
def campaign_edit(request, pk):
    campaign = get_campaign_for(request.user, pk, need="manage")
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(campaign)
    return render(
        request,
        "pledges/campaign_form.html",
        _campaign_form_context(
            form, _("Edit campaign %(year)s") % {"year": campaign.year}, campaign
        ),
    )


@login_required
@require_POST
def campaign_copy(request, pk):
    campaign = get_campaign_for(request.user, pk, need="manage")
    try:
        copy = services.campaign_copy(source=campaign, created_by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(campaign)
    messages.success(
        request,
        _("The %(year)s campaign was set up from last year's; check its calendar.")
        % {"year": copy.year},
    )
    return redirect("pledges:campaign_edit", copy.pk)


@login_required
def template_edit(request, pk, template_pk):
    campaign = get_campaign_for(request.user, pk, need="manage")
    template = get_object_or_404(
        PlanTemplate.objects.select_related("category"),
        pk=template_pk,
        campaign=campaign,
    )
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.template_update(template=template, **form.cleaned_data)
        messages.success(request, _("Template saved; new plans start from it."))
        return redirect(campaign)
    return render(
        request,
        "pledges/form.html",
        {
            "form": form,
            "title": _("Template for %(label)s") % {"label": template.label},
            "back": campaign.get_absolute_url(),
        },
    )


def _can_edit_set(scope, campaign, criteria_set) -> bool:
    if can_manage_campaign(scope, campaign):
        return True
    officer = {
        "union": Role.Kind.UNION_OFFICER,
        "league": Role.Kind.LEAGUE_OFFICER,
        "women": Role.Kind.WOMEN_OFFICER,
    }.get(criteria_set.family)
    return bool(
        officer
        and any(
            r.node.path.startswith(campaign.scope.path)
            or campaign.scope.path.startswith(r.node.path)
            for r in scope.roles_of(officer)
        )
    )


@login_required
def criteria_edit(request, pk, set_pk):
    campaign = get_campaign_for(request.user, pk)
    criteria_set = get_object_or_404(CriteriaSet, pk=set_pk, campaign=campaign)
    scope = scope_of(request.user)
    can_edit = _can_edit_set(scope, campaign, criteria_set)
    form = CriterionForm(request.POST or None, criteria_set=criteria_set)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        delete = int_param(request.POST.get("delete"))
        try:
            if delete:
                services.criterion_delete(
                    criterion=get_object_or_404(
                        Criterion, pk=delete, criteria_set=criteria_set
                    )
                )
                messages.success(request, _("Item removed."))
                return redirect(request.path)
            if form.is_valid():
                services.criterion_save(criteria_set=criteria_set, **form.cleaned_data)
                messages.success(request, _("Item added."))
                return redirect(request.path)
        except ValidationError as error:
            apply_errors(form, error)
    criteria = criteria_set.criteria.select_related("parent").order_by("code")
    return render(
        request,
        "pledges/criteria_edit.html",
        {
            "campaign": campaign,
            "criteria_set": criteria_set,
            "criteria": sorted(
                criteria,
                key=lambda c: [int(x) for x in c.code.split(".") if x.isdigit()],
            ),
            "form": form,
            "can_edit": can_edit,
        },
    )


# ---------------------------------------------------------------------------
# Plans


@login_required
def plan_list(request):
    scope = scope_of(request.user)
    if not scope.read_paths and not scope.is_superuser:
        raise PermissionDenied
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    plans = selectors.plans_for(scope, campaign, status=status, query=query)
    managed = [
        u
        for u in scope.units(write=True)
        .filter(
            kind__in=PLAN_UNIT_KINDS,
            is_active=True,
            path__startswith=campaign.scope.path,
        )
        .exclude(pk__in=Plan.objects.filter(campaign=campaign).values("unit_id"))
        .order_by("path")[:50]
    ]
    return render(
        request,
        "pledges/plan_list.html",
        {
            "campaign": campaign,
            "page": paginate(request, plans),
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "units_without_plan": managed,
            "awaiting": selectors.awaiting_approval(scope, campaign)["plans"],
        },
    )


@login_required
@require_POST
def plan_create(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk)
    campaign = selectors.current_campaign(unit)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
    try:
        plan = services.plan_create(campaign=campaign, unit=unit, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("pledges:plans")
    messages.success(request, _("The plan was started from your category's template."))
    return redirect("pledges:plan_edit", plan.pk)


def _filed_context(request, obj, kind):
    scope = scope_of(request.user)
    versions = obj.versions.select_related("changed_by__person")
    comments = selectors.comments_on(obj) if obj.is_published else []
    return {
        kind: obj,
        "obj": obj,
        "kind": kind,
        "can_edit": obj.can_edit(scope) and obj.is_editable,
        "can_approve": obj.can_approve(scope),
        "can_answer": scope.can_manage_unit(obj.unit),
        "return_form": ReturnForm(),
        "comment_form": CommentForm(),
        "versions": selectors.versions_with_diffs(versions),
        "comments": comments,
        "Status": Status,
    }


@login_required
def plan_detail(request, pk):
    plan = get_plan_for(request.user, pk)
    scope = scope_of(request.user)
    context = _filed_context(request, plan, "plan")
    context["measures"] = plan.measures.select_related("owner")
    context["milestones"] = plan.milestones.all()
    context["can_report_ids"] = {
        m.pk for m in context["measures"] if services.can_report(scope, m)
    }
    return render(request, "pledges/plan_detail.html", context)


def _conflict_data(request, form_prefix_revision: int):
    data = request.POST.copy()
    data["revision"] = str(form_prefix_revision)
    return data


@login_required
def plan_edit(request, pk):
    plan = get_plan_for(request.user, pk, write=True)
    if not plan.is_editable:
        messages.error(
            request,
            _(
                "It is %(status)s and cannot be changed now; the approver can return it to you."
            )
            % {"status": plan.get_status_display()},
        )
        return redirect(plan)
    people = selectors.unit_members(plan.unit).order_by("staff_no")
    data = request.POST if request.method == "POST" else None
    form = PlanForm(
        data,
        initial={
            "revision": plan.revision,
            "focus": plan.focus,
            "targets": plan.targets,
        },
    )
    measures = MeasureFormSet(
        data,
        prefix="measures",
        form_kwargs={"people": people},
        initial=[
            {"id": m.pk, "text": m.text, "owner": m.owner_id, "due_on": m.due_on}
            for m in plan.measures.all()
        ],
    )
    milestones = MilestoneFormSet(
        data,
        prefix="milestones",
        initial=[
            {"id": m.pk, "due_on": m.due_on, "text": m.text}
            for m in plan.milestones.all()
        ],
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and measures.is_valid()
        and milestones.is_valid()
    ):
        try:
            services.plan_update(
                plan=plan,
                by=request.user,
                revision=form.cleaned_data["revision"],
                focus=form.cleaned_data["focus"],
                targets=form.cleaned_data["targets"],
                measures=measures.rows(),
                milestones=milestones.rows(),
            )
        except ConflictError as error:
            plan.refresh_from_db()
            form = PlanForm(_conflict_data(request, plan.revision))
            form.is_valid()
            apply_errors(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if "submit_now" in request.POST:
                try:
                    services.plan_submit(plan=plan, by=request.user)
                    messages.success(request, _("Saved and submitted for approval."))
                except ValidationError as error:
                    messages.success(request, _("Changes saved."))
                    flash_errors(request, error)
            else:
                messages.success(request, _("Changes saved."))
            return redirect(plan)
    return render(
        request,
        "pledges/plan_edit.html",
        {
            "plan": plan,
            "obj": plan,
            "form": form,
            "measures": measures,
            "milestones": milestones,
        },
    )


STEPS = ("submit", "return", "approve", "publish", "approve_publish")


def _run_step(request, obj, kind, step):
    fn = {
        s: getattr(services, f"{kind}_{s}")
        for s in ("submit", "return", "approve", "publish")
    }
    scope = scope_of(request.user)
    if step == "submit":
        allowed = obj.can_edit(scope)
    else:
        allowed = obj.can_approve(scope)
    if not allowed:
        raise PermissionDenied
    try:
        if step == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for e in errors:
                        messages.error(request, e)
                return
            fn["return"](
                **{kind: obj}, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Returned with your reason."))
        elif step == "approve_publish":
            fn["approve"](**{kind: obj}, by=request.user)
            fn["publish"](**{kind: obj}, by=request.user)
            messages.success(request, _("Approved and published on the board."))
        else:
            fn[step](**{kind: obj}, by=request.user)
            messages.success(
                request,
                {
                    "submit": _("Submitted for approval."),
                    "approve": _("Approved."),
                    "publish": _("Published on the board."),
                }[step],
            )
    except ValidationError as error:
        flash_errors(request, error)


@login_required
@require_POST
def plan_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    plan = get_plan_for(request.user, pk)
    _run_step(request, plan, "plan", step)
    return redirect(plan)


# ---------------------------------------------------------------------------
# Pledges


@login_required
def pledge_list(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise PermissionDenied
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    pledges = selectors.pledges_for(scope, campaign, status=status, query=query)
    # Units the user files in: own branch and mass units, and those they look after.
    own_units = []
    if scope.person is not None:
        own_ids = scope.own_unit_ids
        candidates = Organization.objects.filter(
            pk__in=own_ids, kind__in=PLAN_UNIT_KINDS
        ).order_by("path")
        filed = set(
            Pledge.objects.filter(campaign=campaign, person=scope.person).values_list(
                "unit_id", flat=True
            )
        )
        own_units = [
            u
            for u in candidates
            if u.pk not in filed and services.is_member_of(scope.person, u)
        ]
    managed = list(
        scope.units(write=True)
        .filter(
            kind__in=PLAN_UNIT_KINDS,
            is_active=True,
            path__startswith=campaign.scope.path,
        )
        .order_by("path")[:20]
    )
    missing = selectors.members_without_pledge_in(campaign, managed)
    return render(
        request,
        "pledges/pledge_list.html",
        {
            "campaign": campaign,
            "page": paginate(request, pledges),
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "own_units": own_units,
            "missing": missing,
            "awaiting": selectors.awaiting_approval(scope, campaign)["pledges"],
        },
    )


@login_required
@require_POST
def pledge_create(request):
    unit, person = get_pledge_filing_for(
        request.user,
        int_param(request.POST.get("unit")) or 0,
        int_param(request.POST.get("person")),
    )
    campaign = selectors.current_campaign(unit)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
    try:
        pledge = services.pledge_create(
            campaign=campaign, unit=unit, person=person, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("pledges:pledges")
    messages.success(request, _("Pledge started; add your committed items."))
    return redirect("pledges:pledge_edit", pledge.pk)


@login_required
def pledge_detail(request, pk):
    pledge = get_pledge_for(request.user, pk)
    scope = scope_of(request.user)
    context = _filed_context(request, pledge, "pledge")
    context["items"] = pledge.items.select_related("criterion")
    # The member and whoever manages the unit report on every item of the pledge.
    context["can_report_ids"] = (
        {i.pk for i in context["items"]} if pledge.can_edit(scope) else set()
    )
    return render(request, "pledges/pledge_detail.html", context)


@login_required
def pledge_edit(request, pk):
    pledge = get_pledge_for(request.user, pk, write=True)
    if not pledge.is_editable:
        messages.error(
            request,
            _(
                "It is %(status)s and cannot be changed now; the approver can return it to you."
            )
            % {"status": pledge.get_status_display()},
        )
        return redirect(pledge)
    criteria = Criterion.objects.filter(
        criteria_set_id=pledge.criteria_set_id, parent__isnull=True
    ).order_by("order")
    data = request.POST if request.method == "POST" else None
    form = PledgeForm(
        data,
        initial={
            "revision": pledge.revision,
            "plans": pledge.plans,
            "direction": pledge.direction,
        },
    )
    items = PledgeItemFormSet(
        data,
        prefix="items",
        form_kwargs={"criteria": criteria},
        initial=[
            {
                "id": i.pk,
                "text": i.text,
                "target": i.target,
                "due_on": i.due_on,
                "criterion": i.criterion_id,
            }
            for i in pledge.items.all()
        ],
    )
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            services.pledge_update(
                pledge=pledge,
                by=request.user,
                revision=form.cleaned_data["revision"],
                plans=form.cleaned_data["plans"],
                direction=form.cleaned_data["direction"],
                items=items.rows(),
            )
        except ConflictError as error:
            pledge.refresh_from_db()
            form = PledgeForm(_conflict_data(request, pledge.revision))
            form.is_valid()
            apply_errors(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if "submit_now" in request.POST:
                try:
                    services.pledge_submit(pledge=pledge, by=request.user)
                    messages.success(request, _("Saved and submitted for approval."))
                except ValidationError as error:
                    messages.success(request, _("Changes saved."))
                    flash_errors(request, error)
            else:
                messages.success(request, _("Changes saved."))
            return redirect(pledge)
    return render(
        request,
        "pledges/pledge_edit.html",
        {"pledge": pledge, "obj": pledge, "form": form, "items": items},
    )


@login_required
@require_POST
def pledge_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    pledge = get_pledge_for(request.user, pk)
    _run_step(request, pledge, "pledge", step)
    return redirect(pledge)


# ---------------------------------------------------------------------------
# The public board (公开承诺, 接受群众监督)


@login_required
def board(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise PermissionDenied
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    show = "plans" if request.GET.get("show") == "plans" else "pledges"
    query = request.GET.get("q", "").strip()[:100]
    unit_id = int_param(request.GET.get("unit"))
    category_id = int_param(request.GET.get("category"))
    criterion_id = int_param(request.GET.get("criterion"))
    if show == "plans":
        rows = selectors.board_plans(
            scope, campaign, query=query, unit_id=unit_id, category_id=category_id
        )
    else:
        rows = selectors.board_pledges(
            scope,
            campaign,
            query=query,
            unit_id=unit_id,
            category_id=category_id,
            criterion_id=criterion_id,
        )
    return render(
        request,
        "pledges/board.html",
        {
            "campaign": campaign,
            "page": paginate(request, rows),
            "show": show,
            "query": query,
            "unit_id": unit_id,
            "category_id": category_id,
            "criterion_id": criterion_id,
            "choices": selectors.board_filter_choices(scope, campaign),
        },
    )


def _unit_board_context(request, unit):
    scope = scope_of(request.user)
    campaign = selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    if campaign is None or not unit.is_within(campaign.scope):
        campaign = selectors.current_campaign(unit)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
    return scope, campaign


@login_required
def board_unit(request, pk):
    unit = get_board_unit_for(request.user, pk)
    scope, campaign = _unit_board_context(request, unit)
    pledges = selectors.unit_pledges(campaign, unit)
    return render(
        request,
        "pledges/board_unit.html",
        {
            "unit": unit,
            "campaign": campaign,
            "plan": selectors.unit_plan(campaign, unit),
            "page": paginate(request, pledges),
            "can_print": True,
            "reaches": reaches(scope, unit),
        },
    )


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no external image, prints sharply)."""
    buffer = BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=4, border=2, omitsize=False
    )
    return buffer.getvalue().decode()


@login_required
def board_print(request, pk):
    unit = get_board_unit_for(request.user, pk)
    scope, campaign = _unit_board_context(request, unit)
    url = settings.SITE_URL + reverse("pledges:board_unit", args=[unit.pk])
    return render(
        request,
        "pledges/board_print.html",
        {
            "unit": unit,
            "campaign": campaign,
            "plan": selectors.unit_plan(campaign, unit),
            "pledges": selectors.unit_pledges(campaign, unit)[:200],
            "qr": mark_safe(qr_svg(url)),  # noqa: S308  # nosec B308 B703 - segno's SVG
            "url": url,
        },
    )


@login_required
@require_POST
def comment_add(request, kind, pk):
    if kind == "plan":
        target = get_plan_for(request.user, pk)
    elif kind == "pledge":
        target = get_pledge_for(request.user, pk)
    else:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                target=target,
                by=request.user,
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Thank you: your comment was passed on."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(target.get_absolute_url() + "#comments")


@login_required
@require_POST
def comment_answer(request, pk):
    comment = get_comment_for(request.user, pk, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.comment_answer(
                comment=comment, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Answer saved."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(comment.target.get_absolute_url() + "#comments")


# ---------------------------------------------------------------------------
# Fulfilment (践诺)


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
