"""The list of bodies and the office's set-up and actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.assessment import access, selectors, services
from evaluations.assessment.forms import ItemsForm
from organizations.access import scope_of
from pledges.access import get_campaign_for, get_campaign_shown


@login_required
def index(request):
    """The navigation's entry: the list of the campaign shown."""
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    return assessment_list(request, campaign.pk)


@login_required
def assessment_list(request, pk):
    campaign, scope = access.get_list_campaign_for(request.user, pk)
    assessment = selectors.assessment_of(campaign)
    reader = access.is_reader(scope, campaign)
    page = None
    if assessment is not None:
        body_ids = None if reader else access.own_body_ids(scope, campaign)
        page = paginate(request, selectors.list_rows(assessment, body_ids=body_ids))
    return render(
        request,
        "assessment/list.html",
        {
            "campaign": campaign,
            "assessment": assessment,
            "items": list(assessment.items.all()) if assessment else [],
            "summary": selectors.summary(assessment) if assessment and reader else None,
            "page": page,
            "is_office": access.is_office(scope, campaign),
            "is_reader": reader,
            "results_shown": reader or (assessment and assessment.is_published),
        },
    )


@require_POST
@login_required
def open_assessment(request, pk):
    campaign = get_campaign_for(request.user, pk, need="manage")
    services.assessment_open(campaign=campaign, by=request.user)
    messages.success(request, _("The assessment of leading bodies is open."))
    return redirect("assessment:list", campaign.pk)


@login_required
def items(request, pk):
    campaign, assessment = access.get_office_assessment_for(request.user, pk)
    current = list(assessment.items.all())
    form = ItemsForm(
        request.POST or None,
        items=current,
        initial={
            "excellent": assessment.excellent_from,
            "good": assessment.good_from,
            "average": assessment.average_from,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.items_set(
                assessment=assessment,
                by=request.user,
                items=form.items(),
                thresholds=form.thresholds(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Items and thresholds saved."))
            return redirect("assessment:list", campaign.pk)
    return render(
        request,
        "assessment/items.html",
        {"campaign": campaign, "assessment": assessment, "form": form},
    )


@require_POST
@login_required
def compute(request, pk):
    campaign, assessment = access.get_office_assessment_for(request.user, pk)
    try:
        n = services.assessment_compute(assessment=assessment)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Results computed for %(n)s bodies.") % {"n": n})
    return redirect("assessment:list", campaign.pk)


@require_POST
@login_required
def publish(request, pk):
    campaign, assessment = access.get_office_assessment_for(request.user, pk)
    try:
        services.assessment_publish(assessment=assessment, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The assessment results are published."))
    return redirect("assessment:list", campaign.pk)
