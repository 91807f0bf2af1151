"""An institute adopts its academy's campaign (采用院级活动)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import flash_errors
from organizations.access import office_institutes, scope_of
from organizations.campaign_office import is_academy_campaign
from organizations.models import Organization
from pledges.access import get_campaign_for
from pledges.models import Campaign
from pledges.services.academy import (
    campaign_align_with_parent,
    create_institute_campaign_from,
    shortfalls_of,
)


def adopting_institutes(user, campaign: Campaign) -> QuerySet[Organization]:
    """Institutes whose office the user is in that may adopt the academy campaign
    (beneath it, no campaign of that year yet); none for any other campaign."""
    if not is_academy_campaign(campaign) or not scope_of(user).is_office:
        return Organization.objects.none()
    return (
        office_institutes(user)
        .filter(path__startswith=campaign.scope.path)
        .exclude(campaigns__year=campaign.year)
        .order_by("path")
    )


@login_required
@require_POST
def campaign_adopt(request, pk):
    """POST: the institute's office takes the academy campaign as its own."""
    parent = get_campaign_for(request.user, pk)
    institutes = adopting_institutes(request.user, parent)
    institute_id = request.POST.get("institute") or ""
    if institute_id.isdigit():
        institutes = institutes.filter(pk=int(institute_id))
    institute = institutes.first()
    if institute is None:
        raise PermissionDenied
    try:
        campaign = create_institute_campaign_from(
            parent, institute, created_by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(parent)
    messages.success(
        request,
        _("%(institute)s now runs the academy campaign as its own.")
        % {"institute": institute.name},
    )
    return redirect(campaign)


def flash_shortfalls(request, campaign: Campaign) -> None:
    """After the academy's office saves its campaign: which institutes beneath it now
    fall short, and of what (each institute's office has been told)."""
    if not is_academy_campaign(campaign):
        return
    for shortfall in shortfalls_of(campaign):
        messages.warning(
            request,
            _(
                "%(institute)s's campaign now falls short of the academy's and its "
                "office has been told: %(problems)s"
            )
            % {
                "institute": shortfall.institute.name,
                "problems": "；".join(shortfall.problems),
            },
        )


@login_required
@require_POST
def campaign_align(request, pk):
    """POST: the institute's office takes the academy's stricter requirements where
    its campaign falls short."""
    campaign = get_campaign_for(request.user, pk, need="manage")
    if not campaign.parent_id:
        raise PermissionDenied
    try:
        changed = campaign_align_with_parent(campaign=campaign, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if changed:
            messages.success(
                request,
                _("The academy's requirements are taken over: %(n)s changes.")
                % {"n": changed},
            )
        else:
            messages.info(request, _("Nothing to change: this campaign meets them."))
    return redirect(campaign)
