"""Index (表彰)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from evaluations.awards import access, access_levels, levels
from evaluations.models import AwardList
from organizations.access import scope_of
from pledges.selectors import campaigns_for


@login_required
def index(request):
    """The campaigns of one's institute with what one may open for each."""
    scope = scope_of(request.user)
    entries = []
    campaigns = list(campaigns_for(scope, running_first=True)[:5])
    lists = {a.campaign_id: a for a in AwardList.objects.filter(campaign__in=campaigns)}
    for campaign in campaigns:
        award_list = lists.get(campaign.pk)
        entries.append(
            {
                "campaign": campaign,
                "award_list": award_list,
                "office": access.is_office(scope, campaign),
                "leader": access.is_leader(scope, campaign),
                "reader": access.is_reader(scope, campaign),
                "nominations": access.sees_nominations(scope, campaign),
                "duty": access.files_duty_report(scope, campaign),
                "published": award_list is not None and award_list.is_published,
                "committees": access_levels.own_committees(scope, campaign),
                "institutes": access_levels.office_institutes(scope, campaign),
                "academy_office": levels.is_academy_campaign(campaign)
                and access.is_office(scope, campaign),
            }
        )
    return render(request, "awards/index.html", {"entries": entries})
