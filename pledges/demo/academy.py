"""The branch academy's own campaign in the demo (issue 13 §5, seed 000).

The demo institute and 沧澜材料研究所 sit under 青岚科学院西川分院; the branch academy holds
a campaign of its own for the same year and calendar as the demo institute's, so the
``academy`` account has a campaign to run. It is made with the campaign model as it is;
the institutes' campaigns are tied to it by :func:`link_institute_campaigns`.
"""

from django.db import transaction

from organizations.models import Organization
from pledges import services
from pledges.demo import demo_campaign
from pledges.models import Campaign

ACADEMY_THEME = "创先进基层党组织，争做优秀共产党员"


@transaction.atomic
def seed(institute: Organization) -> Campaign | None:
    """The branch academy's campaign over the demo institute (idempotent); None when
    the institute sits under no branch academy or holds no campaign yet."""
    branch_academy = institute.parent
    if (
        branch_academy is None
        or branch_academy.kind != Organization.Kind.BRANCH_ACADEMY
    ):
        return None
    own = demo_campaign(institute)
    if own is None:
        return None
    campaign = Campaign.objects.filter(scope=branch_academy, year=own.year).first()
    if campaign is None:
        campaign = services.campaign_create(
            scope=branch_academy,
            year=own.year,
            theme=ACADEMY_THEME,
            **services.campaign_default_dates(start=own.phase1_start),
        )
    institutes = Organization.objects.filter(
        parent=branch_academy, kind=Organization.Kind.INSTITUTE
    ).order_by("pk")
    link_institute_campaigns(campaign, list(institutes))
    return campaign


def link_institute_campaigns(
    academy_campaign: Campaign, institutes: list[Organization]
) -> None:
    """Tie each institute's campaign to the academy's (idempotent): the demo
    institute's own campaign becomes one beneath it where its calendar is no looser;
    an institute without a campaign of the year (沧澜材料研究所) adopts the academy's."""
    from pledges.services.academy import (
        calendar_errors,
        create_institute_campaign_from,
    )

    for institute in institutes:
        own = Campaign.objects.filter(
            scope=institute, year=academy_campaign.year
        ).first()
        if own is None:
            create_institute_campaign_from(academy_campaign, institute)
        elif own.parent_id is None and not calendar_errors(own, academy_campaign):
            Campaign.objects.filter(pk=own.pk).update(parent=academy_campaign)
