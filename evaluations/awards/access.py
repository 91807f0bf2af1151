"""Who may see and change the award selection and phases 3 to 5 (权限).

- the activity office of the campaign sets quotas, proposes, adjusts, writes
  nominations, submits and publishes; records model posts and exchange sessions, and
  creates the duty-report rating round;
- the leading group reads the working list and signs it off (any one leader of the
  campaign's institute) or returns it;
- a branch secretary (or a mass unit's officer) writes the nominations of their unit
  and of their branch's members; those whose roles reach a candidate read them;
- secretaries, general-branch secretaries and leaders write their own duty report;
- everyone in the campaign's institute reads the published commendation list, the
  winners' 先进事迹, the model posts, the exchange sessions and submitted duty reports.

Another institute's campaign is a 404; in sight but not allowed is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.awards import services as award_services
from evaluations.models import (
    AwardCandidate,
    AwardList,
    DutyReport,
    ExchangeSession,
    ModelPost,
)
from evaluations.scoring import access as scoring_access
from organizations import campaign_office
from organizations.access import Scope, scope_of
from organizations.models import Role
from pledges.access import (
    get_campaign_for,
    oversees_campaign,
)
from pledges.models import Campaign

WRITER_ROLES = scoring_access.selectors.WRITER_ROLES


def is_office(scope: Scope, campaign: Campaign) -> bool:
    return scoring_access.is_office(scope, campaign)


def is_leader(scope: Scope, campaign: Campaign) -> bool:
    """Holds the leader role (领导小组) of the campaign's seat: may sign off."""
    return campaign_office.is_seat_leader(scope, campaign)


def is_reader(scope: Scope, campaign: Campaign) -> bool:
    """The campaign's offices and leading groups: read the working list."""
    return oversees_campaign(scope, campaign)


def get_award_campaign_for(user, pk: int, *, write: bool = False) -> Campaign:
    """The working award list: offices and leaders read (403 others), office writes."""
    return get_campaign_for(user, pk, need="manage" if write else "oversee")


def get_signoff_campaign_for(user, pk: int) -> Campaign:
    """The sign-off page: the leading group only (not the office that proposes)."""
    campaign = get_campaign_for(user, pk)
    if not is_leader(scope_of(user), campaign):
        raise PermissionDenied
    return campaign


def get_public_campaign_for(user, pk: int) -> Campaign:
    """Pages for all staff of the campaign's institute (404 for anybody else)."""
    return get_campaign_for(user, pk)


def get_candidate_for(
    user, campaign_pk: int, pk: int
) -> tuple[Campaign, AwardCandidate]:
    """A candidate the office adjusts."""
    campaign = get_award_campaign_for(user, campaign_pk, write=True)
    candidate = (
        AwardCandidate.objects.select_related(
            "award_list", "award_list__campaign", "criteria_set", "unit", "person"
        )
        .filter(pk=pk, award_list__campaign=campaign)
        .first()
    )
    if candidate is None:
        raise Http404
    return campaign, candidate


def writes_nomination(scope: Scope, campaign: Campaign, candidate) -> bool:
    """The office, or the secretary / officer of the candidate's unit or branch."""
    if is_office(scope, campaign):
        return True
    unit = candidate.unit if candidate.unit_id else candidate.person.branch
    return unit is not None and scoring_access.writes_for(scope, unit)


def reads_nomination(scope: Scope, campaign: Campaign, candidate) -> bool:
    if is_reader(scope, campaign) or writes_nomination(scope, campaign, candidate):
        return True
    unit = candidate.unit if candidate.unit_id else candidate.person.branch
    return unit is not None and scoring_access.reaches(scope, unit)


def get_nomination_candidate_for(
    user, campaign_pk: int, pk: int, *, write: bool = False
) -> tuple[Campaign, AwardCandidate]:
    """A candidate's nomination form: readers see it, writers fill it in."""
    campaign = get_campaign_for(user, campaign_pk)
    scope = scope_of(user)
    candidate = (
        AwardCandidate.objects.select_related(
            "award_list",
            "award_list__campaign",
            "criteria_set",
            "unit",
            "unit__parent",
            "person",
            "person__branch",
            "person__department",
        )
        .filter(pk=pk, award_list__campaign=campaign)
        .first()
    )
    if candidate is None:
        raise Http404
    if not reads_nomination(scope, campaign, candidate):
        raise PermissionDenied
    if write and not writes_nomination(scope, campaign, candidate):
        raise PermissionDenied
    return campaign, candidate


def sees_nominations(scope: Scope, campaign: Campaign) -> bool:
    """The nominations page: readers, and secretaries or officers in the campaign."""
    if is_reader(scope, campaign):
        return True
    return any(
        role.node.path.startswith(campaign.scope.path)
        for role in scope.roles_of(*WRITER_ROLES, Role.Kind.GENERAL_SECRETARY)
    )


def require_nominations(user, pk: int) -> tuple[Campaign, Scope]:
    campaign = get_campaign_for(user, pk)
    scope = scope_of(user)
    if not sees_nominations(scope, campaign):
        raise PermissionDenied
    return campaign, scope


def published_or_reader(scope: Scope, campaign: Campaign, award_list) -> bool:
    """The commendation list shows once published; readers see it before."""
    return is_reader(scope, campaign) or (
        award_list is not None and award_list.status == AwardList.Status.PUBLISHED
    )


# ---------------------------------------------------------------------------------------
# Duty reports, model posts, exchanges


def files_duty_report(scope: Scope, campaign: Campaign) -> bool:
    """Secretaries, general-branch secretaries and leaders give a duty report."""
    return scope.person is not None and any(
        role.node.path.startswith(campaign.scope.path)
        for role in scope.roles_of(*award_services.DUTY_ROLES)
    )


def require_duty_reporter(user, pk: int) -> tuple[Campaign, Scope]:
    campaign = get_campaign_for(user, pk)
    scope = scope_of(user)
    if not files_duty_report(scope, campaign):
        raise PermissionDenied
    return campaign, scope


def get_duty_report_for(user, campaign_pk: int, pk: int) -> tuple[Campaign, DutyReport]:
    """A duty report: submitted ones for the institute, drafts for the author and the
    office and leaders."""
    campaign = get_campaign_for(user, campaign_pk)
    scope = scope_of(user)
    report = (
        DutyReport.objects.select_related("person", "person__department")
        .filter(pk=pk, campaign=campaign)
        .first()
    )
    if report is None:
        raise Http404
    own = scope.person is not None and scope.person.pk == report.person_id
    if not (report.is_submitted or own or is_reader(scope, campaign)):
        raise Http404
    return campaign, report


def get_model_post_for(user, pk: int) -> tuple[Campaign, ModelPost]:
    """A model post the office changes."""
    post = (
        ModelPost.objects.select_related("campaign", "campaign__scope", "person")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    campaign = get_campaign_for(user, post.campaign_id, need="manage")
    return campaign, post


def get_exchange_for(user, pk: int, *, write: bool = False) -> ExchangeSession:
    """An exchange session: the campaign's institute reads, the office writes."""
    session = (
        ExchangeSession.objects.select_related("campaign", "campaign__scope")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    get_campaign_for(user, session.campaign_id, need="manage" if write else "read")
    return session
