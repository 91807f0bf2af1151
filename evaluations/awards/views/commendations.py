"""What staff see: the commendation list, the 先进事迹, the print view."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from core.views import paginate
from evaluations.awards import access, selectors
from evaluations.awards.views.common import _context
from organizations.access import scope_of


def _public(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    current = selectors.award_list_of(campaign)
    visible = current is not None and access.published_or_reader(
        scope, campaign, current
    )
    return campaign, current, visible


@login_required
def commendations(request, pk):
    campaign, current, visible = _public(request, pk)
    page = paginate(request, selectors.winners(current)) if visible else None
    if page is not None:
        page.object_list = selectors.with_sections(page.object_list)
    return render(
        request,
        "awards/commendations.html",
        _context(request, campaign, "commendations", award_list=current, page=page),
    )


@login_required
def deeds(request, pk):
    campaign, current, visible = _public(request, pk)
    page = None
    if visible:
        page = paginate(request, selectors.winners(current))
        selectors.attach_nominations(current, page)
        selectors.attach_nomination_files(page)
    return render(
        request,
        "awards/deeds.html",
        _context(request, campaign, "deeds", award_list=current, page=page),
    )


PRINT_LIMIT = 2000


@login_required
def print_view(request, pk):
    campaign, current, visible = _public(request, pk)
    rows = (
        selectors.with_sections(selectors.winners(current)[:PRINT_LIMIT])
        if visible
        else []
    )
    return render(
        request,
        "awards/print.html",
        {
            "campaign": campaign,
            "award_list": current,
            "rows": rows,
            "visible": visible,
            "today": timezone.localdate(),
        },
    )
