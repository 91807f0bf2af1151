"""Levels of the award selection: the mass committees inside a campaign, and the
institutes beneath an academy campaign (院级推荐).

The institutes beneath an academy campaign are the institute nodes under its scope in
the organisation tree; nothing here depends on how institutes' own campaigns link up.
"""

from django.db.models import Q, QuerySet

from organizations import campaign_office
from organizations.models import Family, Organization
from pledges.models import Campaign

ACADEMY_KINDS = campaign_office.ACADEMY_KINDS

# The mass committees that propose their own candidates, by their family.
COMMITTEE_KINDS = {
    Organization.Kind.UNION: Family.UNION,
    Organization.Kind.LEAGUE_COMMITTEE: Family.LEAGUE,
    Organization.Kind.WOMEN_COMMITTEE: Family.WOMEN,
}

# The criteria-set codes (titles) each committee proposes for. A code the campaign does
# not have (an older campaign, a title not added yet) is simply not offered.
COMMITTEE_TITLE_CODES = {
    Family.UNION: ("union_unit", "union_member"),
    Family.LEAGUE: ("league_unit", "league_member", "league_outstanding"),
    Family.WOMEN: ("women_unit", "women_member", "women_outstanding"),
}

# Sections of the commendation list, in order (党组织, 工会, 团, 妇).
SECTION_ORDER = (Family.PARTY, Family.UNION, Family.LEAGUE, Family.WOMEN)


def is_academy_campaign(campaign: Campaign) -> bool:
    return campaign.scope.kind in ACADEMY_KINDS


def academy_institutes(campaign: Campaign) -> QuerySet[Organization]:
    """The active institutes beneath an academy (or branch-academy) campaign; none for
    a campaign held at or inside an institute."""
    if not is_academy_campaign(campaign):
        return Organization.objects.none()
    return Organization.objects.filter(
        campaign_office.institutes_q(campaign), is_active=True
    ).order_by("path")


def campaign_committees(campaign: Campaign) -> QuerySet[Organization]:
    """The mass committees (工会, 团委, 妇委会) taking part in a campaign."""
    q = Q(path__startswith=campaign.scope.path)
    if campaign.scope.institute_id is not None:
        q |= Q(parent_id=campaign.scope.institute_id)
    return Organization.objects.filter(
        q, kind__in=list(COMMITTEE_KINDS), is_active=True
    ).order_by("path")


def committee_titles(campaign: Campaign, committee: Organization):
    """The campaign's titles a committee proposes candidates for."""
    codes = COMMITTEE_TITLE_CODES.get(COMMITTEE_KINDS.get(committee.kind), ())
    return campaign.criteria_sets.filter(code__in=codes).order_by("order", "pk")
