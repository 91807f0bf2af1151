"""Loaders: 404 for outsiders, 403 for read-only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from evaluations.inspections.access.common import SUPERVISED_KINDS
from evaluations.inspections.access.predicates import (
    can_acknowledge_review,
    can_answer_rectification,
    can_move_help_item,
    can_read_finding,
    can_read_help_item,
    can_read_rectification,
    can_read_review,
    can_write_review_of,
    is_office_for,
    is_person,
    reads_review_progress,
    reads_unit,
)
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionRound,
    RectificationItem,
    Review,
    ReviewRound,
    SpotCheckDraw,
)
from organizations.access import Scope, scope_of
from organizations.models import Organization, Person
from pledges.access import can_read_campaign, get_campaign_for
from pledges.models import Campaign


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
            "unit__led_by",
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
            "unit__led_by",
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
            "campaign", "campaign__scope", "unit", "unit__led_by", "helper", "finding"
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
    unit = Organization.objects.filter(pk=pk, kind__in=SUPERVISED_KINDS).first()
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
