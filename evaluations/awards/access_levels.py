"""Who may propose for a mass committee and recommend for an institute (权限).

- A mass committee's page: its own officer (工会/团委/妇委会 officer role held at the
  committee) proposes and submits; the campaign's offices and leading groups read it;
  anybody else in the campaign gets a 403, outside it a 404.
- An institute's recommendation page of an academy campaign: that institute's own
  activity office only. Another institute's page is a 404 (institutes never see each
  other), the academy's office reads what was submitted on its own pages.
- The academy's recommendation pages: the office that holds the academy campaign.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.awards import access, levels
from organizations.access import Scope, scope_of
from organizations.models import Organization, Role
from pledges.access import get_campaign_for
from pledges.models import Campaign


def get_committee_for(
    user, pk: int, unit_pk: int, *, write: bool = False
) -> tuple[Campaign, Organization, bool]:
    """(campaign, committee, may write) of a committee's proposal page."""
    campaign = get_campaign_for(user, pk)
    committee = levels.campaign_committees(campaign).filter(pk=unit_pk).first()
    if committee is None:
        raise Http404
    scope = scope_of(user)
    writes = access.scoring_access.writes_for(scope, committee)
    if not (writes or access.is_reader(scope, campaign)):
        raise PermissionDenied
    if write and not writes:
        raise PermissionDenied
    return campaign, committee, writes


def own_committees(scope: Scope, campaign: Campaign) -> list[Organization]:
    """The committees of the campaign whose officer the user is."""
    ids = {
        role.node_id
        for role in scope.roles_of(
            Role.Kind.UNION_OFFICER, Role.Kind.LEAGUE_OFFICER, Role.Kind.WOMEN_OFFICER
        )
    }
    if not ids:
        return []
    return list(levels.campaign_committees(campaign).filter(pk__in=ids))


def is_institute_office(scope: Scope, institute: Organization) -> bool:
    """Holds the activity-office role of this very institute (not of the academy)."""
    return scope.is_superuser or any(
        role.scope_node_id == institute.pk for role in scope.roles_of(Role.Kind.OFFICE)
    )


def office_institutes(scope: Scope, campaign: Campaign) -> list[Organization]:
    """The institutes beneath an academy campaign whose office the user is."""
    if not levels.is_academy_campaign(campaign):
        return []
    ids = {role.scope_node_id for role in scope.roles_of(Role.Kind.OFFICE)}
    return list(levels.academy_institutes(campaign).filter(pk__in=ids))


def get_recommending_for(
    user, pk: int, institute_pk: int
) -> tuple[Campaign, Organization]:
    """An institute's recommendation page: its own office only (404 for others)."""
    campaign = get_campaign_for(user, pk)
    if not levels.is_academy_campaign(campaign):
        raise Http404
    institute = levels.academy_institutes(campaign).filter(pk=institute_pk).first()
    if institute is None:
        raise Http404
    scope = scope_of(user)
    if is_institute_office(scope, institute):
        return campaign, institute
    if scope.institute_id == institute.pk:
        raise PermissionDenied
    raise Http404


def get_academy_office_for(user, pk: int) -> Campaign:
    """The academy's recommendation pages: the office holding the academy campaign."""
    campaign = get_campaign_for(user, pk, need="manage")
    if not levels.is_academy_campaign(campaign):
        raise Http404
    return campaign
