"""Who may see and do what in inspections, spot checks, reviews and rectification.

Built on ``organizations.access.Scope`` and the campaign rules of ``pledges.access``.

- **Inspection rounds and spot-check draws**: everyone whose institute takes part in the
  campaign reads the round, its seed, rule and sample, and may re-draw it to verify; the
  activity office runs it (plan, open, close, configure, draw, void, record findings).
- **Findings**: the office and anyone whose role reaches the unit (leading group,
  general-branch secretary, the branch's secretary) read them; the office writes them.
- **Rectification items**: readers of the unit and the item's owner read it; the owner
  and the secretaries whose branch or general branch holds the unit answer it; the
  office re-inspects, closes and re-opens it.
- **Help items**: readers of the unit and the helper read it; the office and the helper
  move it on.
- **Half-year reviews**: the office writes branch reviews; the office, or a secretary or
  general-branch secretary whose branch holds the member, writes member reviews; nobody
  writes their own. The reviewed party (the branch's secretary, or the member) reads and
  acknowledges; readers of the unit read.

Out of scope is a 404 (the other institute, or someone in the institute the object does
not concern); in sight but not allowed to act is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from evaluations.models import (
    Finding,
    HelpItem,
    InspectionRound,
    RectificationItem,
    Review,
    ReviewRound,
    SpotCheckDraw,
)
from organizations.access import ALL, Scope, scope_of
from organizations.models import Organization, Person, Role
from pledges.access import can_manage_campaign, can_read_campaign, get_campaign_for
from pledges.models import Campaign

PARTY_UNIT_KINDS = (Organization.Kind.BRANCH, Organization.Kind.GENERAL_BRANCH)
SECRETARY_KINDS = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)


def _covers(paths, path: str) -> bool:
    return ALL in paths or any(path.startswith(p) for p in paths)


# ---------------------------------------------------------------------------------------
# Predicates


def is_office_for(scope: Scope, campaign: Campaign) -> bool:
    """The activity office of the campaign's organisation (or a superuser)."""
    return scope.is_superuser or can_manage_campaign(scope, campaign)


def reads_unit(scope: Scope, unit: Organization) -> bool:
    """A role reaches the unit: office, leading group, secretaries above or at it."""
    return scope.is_superuser or _covers(scope.read_paths, unit.path)


def leads_unit(scope: Scope, unit: Organization) -> bool:
    """A secretary or general-branch secretary whose branch is or holds the unit."""
    return scope.is_superuser or any(
        unit.path.startswith(role.node.path)
        for role in scope.roles_of(*SECRETARY_KINDS)
    )


def is_secretary_of(scope: Scope, unit: Organization) -> bool:
    """The secretary of the unit itself (who acknowledges the branch's review)."""
    kind = (
        Role.Kind.GENERAL_SECRETARY
        if unit.kind == Organization.Kind.GENERAL_BRANCH
        else Role.Kind.SECRETARY
    )
    return any(role.node_id == unit.pk for role in scope.roles_of(kind))


def is_person(scope: Scope, person_id: int | None) -> bool:
    return scope.person is not None and person_id == scope.person.pk


def can_read_finding(scope: Scope, finding: Finding) -> bool:
    return reads_unit(scope, finding.unit) or is_office_for(
        scope, finding.round.campaign
    )


def can_read_rectification(scope: Scope, item: RectificationItem) -> bool:
    return (
        reads_unit(scope, item.unit)
        or is_person(scope, item.owner_id)
        or is_office_for(scope, item.campaign)
    )


def can_answer_rectification(scope: Scope, item: RectificationItem) -> bool:
    """The owner, or a secretary over the unit; not the office that judges it."""
    if is_person(scope, item.owner_id):
        return True
    return any(
        item.unit.path.startswith(role.node.path)
        for role in scope.roles_of(*SECRETARY_KINDS)
    )


def can_read_help_item(scope: Scope, item: HelpItem) -> bool:
    return (
        reads_unit(scope, item.unit)
        or is_person(scope, item.helper_id)
        or is_office_for(scope, item.campaign)
    )


def can_move_help_item(scope: Scope, item: HelpItem) -> bool:
    return is_office_for(scope, item.campaign) or is_person(scope, item.helper_id)


def can_write_review_of(scope: Scope, campaign: Campaign, *, unit=None, person=None):
    """Office for branches; office or a secretary over the member's branch for members."""
    if person is not None and is_person(scope, person.pk):
        return False
    if is_office_for(scope, campaign):
        return True
    if person is not None and person.branch_id is not None:
        return leads_unit(scope, person.branch)
    return False


def can_read_review(scope: Scope, review: Review) -> bool:
    campaign = review.round.campaign
    if is_office_for(scope, campaign):
        return True
    if review.unit_id:
        return reads_unit(scope, review.unit)
    person = review.person
    if is_person(scope, person.pk):
        return True
    return person.branch_id is not None and reads_unit(scope, person.branch)


def can_acknowledge_review(scope: Scope, review: Review) -> bool:
    """Only the reviewed party: the branch's secretary, or the member."""
    if review.unit_id:
        return is_secretary_of(scope, review.unit)
    return is_person(scope, review.person_id)


def reads_review_progress(scope: Scope, campaign: Campaign) -> bool:
    """Office, leading group and secretaries see who has been reviewed."""
    return (
        is_office_for(scope, campaign)
        or scope.is_leader
        or bool(scope.roles_of(*SECRETARY_KINDS))
    )


# ---------------------------------------------------------------------------------------
# Loaders: 404 for outsiders, 403 for read-only


def get_inspection_campaign_for(user, pk: int, *, write: bool = False) -> Campaign:
    """A campaign whose inspections the user sees (404); with write, its office (403)."""
    return get_campaign_for(user, pk, need="manage" if write else "read")


def get_inspection_round_for(user, pk: int, *, write: bool = False) -> InspectionRound:
    """An inspection round: read by the campaign's people, run by its office."""
    scope = scope_of(user)
    round = (
        InspectionRound.objects.select_related(
            "campaign", "campaign__scope", "opened_by", "closed_by"
        )
        .filter(pk=pk)
        .first()
    )
    if round is None or not (
        can_read_campaign(scope, round.campaign) or is_office_for(scope, round.campaign)
    ):
        raise Http404
    if write and not is_office_for(scope, round.campaign):
        raise PermissionDenied
    return round


def get_draw_for(user, pk: int, *, write: bool = False) -> SpotCheckDraw:
    """A spot-check draw: anyone who reads the round may re-draw it; the office voids."""
    draw = (
        SpotCheckDraw.objects.select_related(
            "round", "round__campaign", "round__campaign__scope", "drawn_by"
        )
        .filter(pk=pk)
        .first()
    )
    if draw is None:
        raise Http404
    get_inspection_round_for(user, draw.round_id, write=write)
    return draw


def get_finding_for(user, pk: int, *, write: bool = False) -> Finding:
    """A finding: read by the unit's readers and the office; written by the office."""
    scope = scope_of(user)
    finding = (
        Finding.objects.select_related(
            "round",
            "round__campaign",
            "round__campaign__scope",
            "unit",
            "unit__parent",
            "inspector",
            "record",
            "meeting",
            "news",
            "reinspects",
        )
        .filter(pk=pk)
        .first()
    )
    if finding is None or not can_read_finding(scope, finding):
        raise Http404
    if write and not is_office_for(scope, finding.round.campaign):
        raise PermissionDenied
    return finding


def get_rectification_for(user, pk: int, *, action: str = "read") -> RectificationItem:
    """A rectification item; ``action`` is ``read``, ``answer`` or ``manage`` (office)."""
    scope = scope_of(user)
    item = (
        RectificationItem.objects.select_related(
            "campaign",
            "campaign__scope",
            "unit",
            "unit__parent",
            "owner",
            "finding",
            "finding__round",
            "closed_by_finding",
        )
        .filter(pk=pk)
        .first()
    )
    if item is None or not can_read_rectification(scope, item):
        raise Http404
    if action == "answer" and not can_answer_rectification(scope, item):
        raise PermissionDenied
    if action == "manage" and not is_office_for(scope, item.campaign):
        raise PermissionDenied
    return item


def get_help_item_for(user, pk: int, *, write: bool = False) -> HelpItem:
    """A help item: read by the unit's readers and the helper; moved on by both writers."""
    scope = scope_of(user)
    item = (
        HelpItem.objects.select_related(
            "campaign", "campaign__scope", "unit", "helper", "finding"
        )
        .filter(pk=pk)
        .first()
    )
    if item is None or not can_read_help_item(scope, item):
        raise Http404
    if write and not can_move_help_item(scope, item):
        raise PermissionDenied
    return item


def get_review_round_for(user, pk: int, *, write: bool = False) -> ReviewRound:
    """A review round: its progress for office, leaders and secretaries; run by office."""
    scope = scope_of(user)
    round = (
        ReviewRound.objects.select_related("campaign", "campaign__scope")
        .filter(pk=pk)
        .first()
    )
    if round is None or not (
        can_read_campaign(scope, round.campaign) or is_office_for(scope, round.campaign)
    ):
        raise Http404
    if not reads_review_progress(scope, round.campaign):
        raise PermissionDenied
    if write and not is_office_for(scope, round.campaign):
        raise PermissionDenied
    return round


def get_review_for(user, pk: int, *, action: str = "read") -> Review:
    """A review; ``action`` is ``read``, ``write`` or ``acknowledge``."""
    scope = scope_of(user)
    review = (
        Review.objects.select_related(
            "round",
            "round__campaign",
            "round__campaign__scope",
            "unit",
            "person",
            "person__branch",
            "reviewer",
        )
        .filter(pk=pk)
        .first()
    )
    if review is None or not can_read_review(scope, review):
        raise Http404
    if action == "write" and not can_write_review_of(
        scope, review.round.campaign, unit=review.unit, person=review.person
    ):
        raise PermissionDenied
    if action == "acknowledge" and not can_acknowledge_review(scope, review):
        raise PermissionDenied
    return review


def get_review_unit_for(user, round: ReviewRound, pk: int) -> Organization:
    """A branch of the round's campaign the user may write a review of."""
    scope = scope_of(user)
    unit = (
        Organization.objects.select_related("parent", "category")
        .filter(
            pk=pk,
            kind=Organization.Kind.BRANCH,
            path__startswith=round.campaign.scope.path,
        )
        .first()
    )
    if unit is None or not (
        reads_unit(scope, unit) or is_office_for(scope, round.campaign)
    ):
        raise Http404
    if not can_write_review_of(scope, round.campaign, unit=unit):
        raise PermissionDenied
    return unit


def get_review_person_for(user, round: ReviewRound, pk: int) -> Person:
    """A party member of the round's campaign the user may write a review of."""
    scope = scope_of(user)
    person = (
        Person.objects.select_related("branch", "department")
        .filter(
            pk=pk,
            political_status__in=Person.PARTY_STATUSES,
            branch__path__startswith=round.campaign.scope.path,
        )
        .first()
    )
    if person is None or not (
        is_office_for(scope, round.campaign)
        or reads_unit(scope, person.branch)
        or is_person(scope, person.pk)
    ):
        raise Http404
    if not can_write_review_of(scope, round.campaign, person=person):
        raise PermissionDenied
    return person


def get_history_unit_for(user, pk: int) -> Organization:
    """A branch whose reviews across the years the user reads."""
    scope = scope_of(user)
    unit = Organization.objects.filter(pk=pk, kind__in=PARTY_UNIT_KINDS).first()
    if unit is None or not (reads_unit(scope, unit) or _office_of_unit(scope, unit)):
        raise Http404
    return unit


def get_history_person_for(user, pk: int) -> Person:
    """A member whose reviews across the years the user reads."""
    scope = scope_of(user)
    person = Person.objects.select_related("branch").filter(pk=pk).first()
    if person is None:
        raise Http404
    if is_person(scope, person.pk):
        return person
    if person.branch_id and (
        reads_unit(scope, person.branch) or _office_of_unit(scope, person.branch)
    ):
        return person
    raise Http404


def _office_of_unit(scope: Scope, unit: Organization) -> bool:
    return scope.is_superuser or (scope.is_office and scope.can_manage_unit(unit))


# ---------------------------------------------------------------------------------------
# What lists show


def unit_reader_q(scope: Scope, prefix: str = "unit__") -> Q:
    """Rows whose unit a role of the user reaches."""
    return scope.path_q(f"{prefix}path")


def findings_visible(scope: Scope) -> QuerySet[Finding]:
    return Finding.objects.filter(unit_reader_q(scope))


def rectifications_visible(scope: Scope) -> QuerySet[RectificationItem]:
    q = unit_reader_q(scope)
    if scope.person is not None:
        q |= Q(owner=scope.person)
    return RectificationItem.objects.filter(q)


def help_items_visible(scope: Scope) -> QuerySet[HelpItem]:
    q = unit_reader_q(scope)
    if scope.person is not None:
        q |= Q(helper=scope.person)
    return HelpItem.objects.filter(q)
