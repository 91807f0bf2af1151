"""Predicates."""

from evaluations.inspections.access.common import (
    MASS_OFFICER_KINDS,
    SECRETARY_KINDS,
    _covers,
)
from evaluations.models import Finding, HelpItem, RectificationItem, Review
from organizations.access import Scope
from organizations.models import Organization, Role
from pledges.access import can_manage_campaign
from pledges.activity.access import leads_mass_unit
from pledges.models import Campaign


def sees_inspections(scope: Scope) -> bool:
    """Who inspects or is inspected: office, leading group, secretaries, committees.

    Members and staff do not: the rounds show every branch's findings. (A member or
    staff member who owns a rectification or help item still reads that item.)
    """
    return scope.is_superuser or scope.has(
        Role.Kind.OFFICE,
        Role.Kind.LEADER,
        Role.Kind.GENERAL_SECRETARY,
        Role.Kind.SECRETARY,
        Role.Kind.COMMITTEE_MEMBER,
        *MASS_OFFICER_KINDS,
    )


def sees_reviews(scope: Scope) -> bool:
    """Who deals with half-year reviews of party branches (not the mass officers)."""
    return scope.is_superuser or scope.has(
        Role.Kind.OFFICE,
        Role.Kind.LEADER,
        Role.Kind.GENERAL_SECRETARY,
        Role.Kind.SECRETARY,
        Role.Kind.COMMITTEE_MEMBER,
    )


def is_office_for(scope: Scope, campaign: Campaign) -> bool:
    """The activity office of the campaign's organisation (or a superuser)."""
    return scope.is_superuser or can_manage_campaign(scope, campaign)


def reads_unit(scope: Scope, unit: Organization) -> bool:
    """A role reaches the unit: office, leading group, secretaries above or at it; for
    a mass-organisation unit also the secretaries of the party organisation leading it."""
    return (
        scope.is_superuser
        or _covers(scope.read_paths, unit.path)
        or leads_mass_unit(scope, unit)
    )


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
    """The owner, a secretary over the unit, or an officer of the mass-organisation
    unit (or of one above it); not the office that judges it."""
    if is_person(scope, item.owner_id):
        return True
    return any(
        item.unit.path.startswith(role.node.path)
        for role in scope.roles_of(*SECRETARY_KINDS, *MASS_OFFICER_KINDS)
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
