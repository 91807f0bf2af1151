"""Index (考核评分)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from evaluations.scoring import access, selectors
from organizations.access import scope_of
from organizations.models import Organization
from pledges import selectors as pledge_selectors


@login_required
def index(request):
    """What the user may do in the campaigns of their institute."""
    scope = scope_of(request.user)
    campaigns = list(pledge_selectors.campaigns_for(scope, running_first=True)[:5])
    entries = []
    for campaign in campaigns:
        entry = {
            "campaign": campaign,
            "office": access.is_office(scope, campaign),
            "reader": access.is_reader(scope, campaign),
            "published": access.is_published(campaign),
        }
        if not entry["reader"]:
            entry["units"] = list(
                selectors.scored_units(campaign)
                .filter(scope.path_q("path"))
                .order_by("path")[:50]
            )
            entry["own_units"] = [
                u for u in entry["units"] if access.writes_for(scope, u)
            ]
            entry["assess"] = bool(entry["units"]) and any(
                u.kind == Organization.Kind.BRANCH for u in entry["units"]
            )
            entry["member"] = (
                scope.person is not None
                and scope.person.is_party_member
                and selectors.scored_members(campaign)
                .filter(pk=scope.person.pk)
                .exists()
            )
        entries.append(entry)
    return render(request, "scoring/index.html", {"entries": entries})
