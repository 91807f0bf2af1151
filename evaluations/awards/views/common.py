"""Shared by the award pages: a tab's context, the campaign a page asks for."""

from evaluations.awards import access
from organizations.access import scope_of
from pledges.access import get_campaign_shown
from pledges.models import Campaign


def _context(request, campaign: Campaign, tab: str, **extra) -> dict:
    scope = scope_of(request.user)
    return {
        "campaign": campaign,
        "tab": tab,
        "is_office": access.is_office(scope, campaign),
        "is_leader": access.is_leader(scope, campaign),
        "is_reader": access.is_reader(scope, campaign),
        **extra,
    }


def _campaign_from_query(request):
    scope = scope_of(request.user)
    return scope, get_campaign_shown(scope, request.GET.get("campaign"))
