"""Shared by the scoring pages: the campaign's tabs."""

from evaluations.scoring import access
from organizations.access import scope_of
from pledges.models import Campaign


def _campaign_nav(request, campaign: Campaign, tab: str) -> dict:
    """The campaign, the active tab, and whether the office's tabs show."""
    return {
        "campaign": campaign,
        "tab": tab,
        "show_tabs": access.is_reader(scope_of(request.user), campaign),
    }
