"""Campaigns."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, int_param, paginate
from organizations.access import office_institutes, require_office, scope_of
from organizations.campaign_office import is_academy_campaign
from organizations.models import Role
from pledges import selectors, services
from pledges.access import can_manage_campaign, get_campaign_for
from pledges.forms import CampaignForm, CriterionForm, TemplateForm
from pledges.models import CriteriaSet, Criterion, PlanTemplate
from pledges.services.academy import campaign_shortfall, shortfalls_of
from pledges.views.academy import adopting_institutes, flash_shortfalls


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
    shortfall, shortfalls = None, []
    if can_manage and campaign.parent_id:
        shortfall = campaign_shortfall(campaign)
    elif can_manage and is_academy_campaign(campaign):
        shortfalls = shortfalls_of(campaign)
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
            "adopt_institutes": adopting_institutes(request.user, campaign),
            "shortfall": shortfall,
            "shortfalls": shortfalls,
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
            flash_shortfalls(request, campaign)
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
                flash_shortfalls(request, campaign)
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
