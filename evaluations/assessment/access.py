"""Who may see and change the assessment of leading bodies (领导班子实绩考核).

- the campaign's office opens it, sets the items and thresholds, marks, computes and
  publishes;
- the leading group reads everything and marks;
- a body's own secretary (支部书记 of a branch, 总支书记 of a general branch) writes
  its achievements (实绩材料) and reads its own result once published; the list
  shows them their own bodies only.

Another institute's campaign is a 404; a body out of one's sight is a 404, in sight
but not one's own a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.assessment.selectors import BODY_ROLES
from evaluations.models import BodyAssessment, LeadershipAssessment
from evaluations.scoring import access as scoring_access
from organizations.access import Scope, scope_of
from organizations.models import Organization
from pledges.access import get_campaign_for, is_campaign_leader, oversees_campaign
from pledges.models import Campaign


def is_office(scope: Scope, campaign: Campaign) -> bool:
    return scoring_access.is_office(scope, campaign)


def is_reader(scope: Scope, campaign: Campaign) -> bool:
    """The campaign's offices and leading groups: read every body's assessment."""
    return oversees_campaign(scope, campaign)


def marks(scope: Scope, campaign: Campaign) -> bool:
    """The office and the leading group mark the bodies."""
    return is_office(scope, campaign) or is_campaign_leader(scope, campaign)


def own_body_ids(scope: Scope, campaign: Campaign) -> set[int]:
    """The bodies whose secretary the user is, in the campaign."""
    return {
        role.node_id
        for role in scope.roles
        if role.node.kind in BODY_ROLES
        and role.kind == BODY_ROLES[role.node.kind]
        and role.node.path.startswith(campaign.scope.path)
    }


def holds_body(scope: Scope, body: Organization) -> bool:
    """The body's own secretary."""
    return any(
        role.node_id == body.pk and role.kind == BODY_ROLES.get(body.kind)
        for role in scope.roles
    )


def get_list_campaign_for(user, pk: int) -> tuple[Campaign, Scope]:
    """The list: readers see every body, secretaries their own (403 for others)."""
    campaign = get_campaign_for(user, pk)
    scope = scope_of(user)
    if not (is_reader(scope, campaign) or own_body_ids(scope, campaign)):
        raise PermissionDenied
    return campaign, scope


def get_office_assessment_for(user, pk: int) -> tuple[Campaign, LeadershipAssessment]:
    """The office's set-up and actions: an opened assessment of the campaign."""
    campaign = get_campaign_for(user, pk, need="manage")
    assessment = LeadershipAssessment.objects.filter(campaign=campaign).first()
    if assessment is None:
        raise Http404
    return campaign, assessment


def get_body_for(
    user, pk: int, body_pk: int, *, write: str | None = None
) -> tuple[Campaign, BodyAssessment]:
    """One body's assessment. ``write="marks"``: the office or the leading group;
    ``write="achievements"``: the body's secretary or the office."""
    campaign = get_campaign_for(user, pk)
    scope = scope_of(user)
    row = (
        BodyAssessment.objects.select_related(
            "assessment", "assessment__campaign", "body", "body__parent"
        )
        .filter(assessment__campaign=campaign, body_id=body_pk)
        .first()
    )
    if row is None:
        raise Http404
    own = holds_body(scope, row.body)
    if not (is_reader(scope, campaign) or own):
        if scope.can_read_unit(row.body):
            raise PermissionDenied
        raise Http404
    if write == "marks" and not marks(scope, campaign):
        raise PermissionDenied
    if write == "achievements" and not (own or is_office(scope, campaign)):
        raise PermissionDenied
    return campaign, row


def sees_result(scope: Scope, campaign: Campaign, row: BodyAssessment) -> bool:
    """Readers always; the body's secretary once the assessment is published."""
    return is_reader(scope, campaign) or row.assessment.is_published
