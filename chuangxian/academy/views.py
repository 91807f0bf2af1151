"""The academy's office overview page (院级看板)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from chuangxian.academy import selectors
from core.views import paginate
from evaluations.awards.levels import academy_institutes
from organizations.access import scope_of
from organizations.campaign_office import is_academy_office

INSTITUTES_PER_PAGE = 12


def require_academy_office(user):
    """The scope of an academy or branch academy's office member (or a superuser);
    403 for everyone else, institute offices included."""
    scope = scope_of(user)
    if not is_academy_office(scope):
        raise PermissionDenied
    return scope


@login_required
def overview(request):
    """The academy's institutes side by side for one of its campaigns."""
    scope = require_academy_office(request.user)
    campaigns = list(selectors.academy_campaigns(scope))
    wanted = request.GET.get("campaign", "")
    campaign = next((c for c in campaigns if str(c.pk) == wanted), None) or (
        campaigns[0] if campaigns else None
    )
    context = {"campaigns": campaigns, "campaign": campaign}
    if campaign is not None:
        page = paginate(request, academy_institutes(campaign), INSTITUTES_PER_PAGE)
        context["page"] = page
        context.update(selectors.overview(campaign, list(page), timezone.localdate()))
    return render(request, "academy/overview.html", context)
