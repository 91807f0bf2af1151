"""Who may see and change scoring sheets, scores and 五带头 ratings.

- the activity office of the campaign's institute sets the rules and lines, marks the
  sheets, computes, publishes, verifies and snapshots the scores, and rates members;
- the leading group reads all of it;
- a branch's secretary (or a mass unit's officer) fills in the unit's self-assessment
  and rates the branch's members; a general-branch secretary reads the sheets of the
  branches below;
- once the office publishes the scores, those whose roles reach a unit read its score
  and breakdown, and a member reads their own;
- out of scope is a 404; in sight but not allowed is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.models import ScoreRun
from evaluations.scoring import selectors
from organizations.access import Scope, scope_of
from organizations.models import Organization, Person
from pledges.access import can_manage_campaign, get_campaign_for, oversees_campaign
from pledges.models import Campaign


def is_office(scope: Scope, campaign: Campaign) -> bool:
    """The activity office of the campaign (or a superuser)."""
    return scope.is_superuser or can_manage_campaign(scope, campaign)


def reaches(scope: Scope, unit: Organization) -> bool:
    """The user's roles (not mere membership) reach the unit."""
    return scope.is_superuser or any(unit.path.startswith(p) for p in scope.read_paths)


def is_reader(scope: Scope, campaign: Campaign) -> bool:
    """The campaign's offices and leading groups: read everything of it."""
    return oversees_campaign(scope, campaign)


def writes_for(scope: Scope, unit: Organization) -> bool:
    """Holds the unit's own secretary or officer role: fills in its self-assessment."""
    return any(
        role.node_id == unit.pk for role in scope.roles_of(*selectors.WRITER_ROLES)
    )


def is_published(campaign: Campaign) -> bool:
    return ScoreRun.objects.filter(
        campaign=campaign, published_at__isnull=False
    ).exists()


def get_office_campaign_for(user, pk: int, *, write: bool = False) -> Campaign:
    """A campaign's scoring set-up: offices and leaders read (403 others), office writes."""
    return get_campaign_for(user, pk, need="manage" if write else "oversee")


def _scored_unit(campaign: Campaign, pk: int) -> Organization:
    unit = (
        selectors.scored_units(campaign)
        .select_related("category", "parent", "institute")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def get_sheet_for(
    user, campaign_pk: int, unit_pk: int
) -> tuple[Campaign, Organization]:
    """A unit's sheet: office, leaders and those whose roles reach the unit read it."""
    campaign = get_campaign_for(user, campaign_pk)
    scope = scope_of(user)
    unit = _scored_unit(campaign, unit_pk)
    if is_reader(scope, campaign) or reaches(scope, unit):
        return campaign, unit
    if unit.pk in scope.own_unit_ids:
        raise PermissionDenied
    raise Http404


def get_unit_score_for(
    user, campaign_pk: int, unit_pk: int
) -> tuple[Campaign, Organization]:
    """A unit's score: office and leaders always; those reaching it once published."""
    campaign, unit = get_sheet_for(user, campaign_pk, unit_pk)
    scope = scope_of(user)
    if not is_reader(scope, campaign) and not is_published(campaign):
        raise PermissionDenied
    return campaign, unit


def _scored_member(campaign: Campaign, pk: int) -> Person:
    person = (
        selectors.scored_members(campaign)
        .select_related("branch", "branch__category", "department", "institute")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


def get_person_score_for(
    user, campaign_pk: int, person_pk: int
) -> tuple[Campaign, Person]:
    """A member's score: office and leaders always; the member and the secretaries
    reaching the member's branch once published."""
    campaign = get_campaign_for(user, campaign_pk)
    scope = scope_of(user)
    person = _scored_member(campaign, person_pk)
    if is_reader(scope, campaign):
        return campaign, person
    own = scope.person is not None and scope.person.pk == person.pk
    if own or reaches(scope, person.branch):
        if not is_published(campaign):
            raise PermissionDenied
        return campaign, person
    if scope.people().filter(pk=person.pk).exists():
        raise PermissionDenied
    raise Http404


def can_rate(scope: Scope, campaign: Campaign, person: Person) -> bool:
    """The office, or the secretary of the member's own branch; nobody rates themself."""
    if scope.person is not None and scope.person.pk == person.pk:
        return False
    return is_office(scope, campaign) or writes_for(scope, person.branch)


def get_assessment_for(
    user, campaign_pk: int, person_pk: int, *, write: bool = False
) -> tuple[Campaign, Person]:
    """A member's 五带头 assessment: office, leaders and those reaching the branch read;
    the office and the branch's secretary rate (403 for other readers)."""
    campaign = get_campaign_for(user, campaign_pk)
    scope = scope_of(user)
    person = _scored_member(campaign, person_pk)
    own = scope.person is not None and scope.person.pk == person.pk
    if not (is_reader(scope, campaign) or reaches(scope, person.branch)):
        if own or scope.people().filter(pk=person.pk).exists():
            raise PermissionDenied
        raise Http404
    if write and not can_rate(scope, campaign, person):
        raise PermissionDenied
    return campaign, person


def require_assessor(user, campaign_pk: int) -> tuple[Campaign, Scope]:
    """The member list: office, leaders and anyone whose roles reach a branch."""
    campaign = get_campaign_for(user, campaign_pk)
    scope = scope_of(user)
    if is_reader(scope, campaign):
        return campaign, scope
    if any(p.startswith(campaign.scope.path) for p in scope.read_paths) and scope.has(
        *selectors.WRITER_ROLES, "general_secretary", "committee_member"
    ):
        return campaign, scope
    raise PermissionDenied
