"""Shared by the award pages: a tab's context, the campaign a page asks for."""

from evaluations.awards import access
from organizations.access import scope_of
from pledges.access import get_campaign_shown
from pledges.models import Campaign


def _context(request, campaign: Campaign, tab: str, **extra) -> dict:
    from evaluations.awards import access_levels, levels

    scope = scope_of(request.user)
    is_office = access.is_office(scope, campaign)
    return {
        "own_committees": access_levels.own_committees(scope, campaign),
        "office_institutes": access_levels.office_institutes(scope, campaign),
        "academy_office": is_office and levels.is_academy_campaign(campaign),
        "committees": list(levels.campaign_committees(campaign))
        if tab in ("list", "committee") and access.is_reader(scope, campaign)
        else [],
        "campaign": campaign,
        "tab": tab,
        "is_office": is_office,
        "is_leader": access.is_leader(scope, campaign),
        "is_reader": access.is_reader(scope, campaign),
        **extra,
    }


def _campaign_from_query(request):
    scope = scope_of(request.user)
    return scope, get_campaign_shown(scope, request.GET.get("campaign"))
