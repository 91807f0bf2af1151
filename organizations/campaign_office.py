"""The campaign's office (活动办公室): one definition for every level.

A campaign is held at a node; the **seat** is the node whose activity office runs it:
the campaign's scope node when that is an academy, a branch academy or an institute,
else the institute the scope node lies in (a campaign held at a party committee is run
by its institute's office). The seat's office manages the campaign; the campaign's
offices (who are told, who oversee) are every office body that serves it: the seat's
own and, for a campaign held above institutes, the office of each institute beneath.

An office role held at an academy or branch academy's activity office is an *academy
role* (``Scope.academy_roles``): it reaches nothing by path. The academy reads what its
institutes report up (the academy overview), never an institute's ballots or members'
private pages.

Functions take a user or a :class:`organizations.access.Scope` and a campaign (any
object with a ``scope`` organisation), so every app asks the same question here.
"""

from django.db.models import Q, QuerySet

from organizations.models import Organization, Role

K = Organization.Kind
ACADEMY_KINDS = frozenset({K.ACADEMY, K.BRANCH_ACADEMY})
SEAT_KINDS = ACADEMY_KINDS | {K.INSTITUTE}


def _scope(user_or_scope):
    from organizations.access import Scope, scope_of

    if isinstance(user_or_scope, Scope):
        return user_or_scope
    return scope_of(user_or_scope)


def is_academy_body(node: Organization) -> bool:
    """An activity office or leading group held at an academy or branch academy."""
    return bool(node.is_body and node.parent_id and node.parent.kind in ACADEMY_KINDS)


def seat_of(node: Organization) -> int | None:
    """The node whose office runs a campaign held at ``node``."""
    if node.kind in SEAT_KINDS:
        return node.pk
    return node.institute_id


def campaign_seat_id(campaign) -> int | None:
    """The node whose activity office runs the campaign (academy, branch academy or
    institute)."""
    return seat_of(campaign.scope)


def is_academy_campaign(campaign) -> bool:
    return campaign.scope.kind in ACADEMY_KINDS


def institutes_q(campaign, prefix: str = "") -> Q:
    """The institutes taking part in the campaign, as a filter on organisations."""
    node = campaign.scope
    if node.kind in ACADEMY_KINDS:
        return Q(
            **{f"{prefix}kind": K.INSTITUTE, f"{prefix}path__startswith": node.path}
        )
    return Q(**{f"{prefix}pk": node.institute_id or node.pk})


def campaign_institute_ids(campaign) -> list[int]:
    """Primary keys of the institutes taking part, in tree order (no query for a
    campaign held inside an institute)."""
    node = campaign.scope
    if node.kind not in ACADEMY_KINDS:
        return [node.institute_id] if node.institute_id else []
    return list(
        Organization.objects.filter(institutes_q(campaign))
        .order_by("path")
        .values_list("pk", flat=True)
    )


def covered_units_q(campaign, prefix: str = "") -> Q:
    """Units the campaign covers, as a filter: its node's subtree, less the institutes
    that run their own campaign beneath it (``Campaign.parent``: those are filed,
    checked and reminded through the institute's campaign). The one rule the filing
    gaps, the news check and the reminders share."""
    q = Q(**{f"{prefix}path__startswith": campaign.scope.path})
    if campaign.pk and campaign.scope.kind in ACADEMY_KINDS:
        q &= ~Q(
            **{
                f"{prefix}institute_id__in": campaign.institute_campaigns.values(
                    "scope_id"
                )
            }
        )
    return q


def body_serves_campaign(body: Organization, campaign) -> bool:
    """The activity office or leading group is one of the campaign's: it sits at or
    under the campaign's node (an academy campaign has its own bodies and every
    institute's beneath), or the campaign is held inside the body's institute (at its
    party committee, say). :func:`campaign_body_q` is the same rule as a filter."""
    return body.path.startswith(campaign.scope.path) or (
        campaign.scope.institute_id is not None
        and body.parent_id == campaign.scope.institute_id
    )


def campaign_body_q(campaign, prefix: str = "node__") -> Q:
    """:func:`body_serves_campaign` as a filter on rows whose body is at ``prefix``."""
    q = Q(**{f"{prefix}path__startswith": campaign.scope.path})
    if campaign.scope.institute_id is not None:
        q |= Q(**{f"{prefix}parent_id": campaign.scope.institute_id})
    return q


def roles_of_kind(scope, kind: str) -> list[Role]:
    """Institute and academy roles of one kind (office or leader)."""
    return [
        *scope.roles_of(kind),
        *(role for role in scope.academy_roles if role.kind == kind),
    ]


def office_seat_ids(user_or_scope) -> set[int]:
    """The nodes (institutes, academies) whose activity office the user is in."""
    scope = _scope(user_or_scope)
    return {role.node.parent_id for role in roles_of_kind(scope, Role.Kind.OFFICE)}


def is_campaign_office(user_or_scope, campaign) -> bool:
    """A member of one of the campaign's activity offices, or a superuser: is told
    and oversees. To change the campaign see :func:`can_manage_campaign`."""
    scope = _scope(user_or_scope)
    return scope.is_superuser or any(
        body_serves_campaign(role.node, campaign)
        for role in roles_of_kind(scope, Role.Kind.OFFICE)
    )


def is_campaign_leader(user_or_scope, campaign) -> bool:
    """A member of one of the campaign's leading groups (领导小组)."""
    scope = _scope(user_or_scope)
    return any(
        body_serves_campaign(role.node, campaign)
        for role in roles_of_kind(scope, Role.Kind.LEADER)
    )


def is_seat_leader(user_or_scope, campaign) -> bool:
    """A member of the leading group seated where the campaign is run: signs off its
    awards. An academy campaign is signed off by the academy's leading group, never by
    an institute's beneath it."""
    scope = _scope(user_or_scope)
    seat = campaign_seat_id(campaign)
    return seat is not None and any(
        role.node.parent_id == seat for role in roles_of_kind(scope, Role.Kind.LEADER)
    )


def can_manage_campaign(user_or_scope, campaign) -> bool:
    """The office seated where the campaign is run: changes it and runs its calendar.
    An academy campaign is run by the academy's office, never by one institute's."""
    scope = _scope(user_or_scope)
    if scope.is_superuser:
        return True
    seat = campaign_seat_id(campaign)
    return seat is not None and seat in office_seat_ids(scope)


def academy_seat_ids(user_or_scope) -> set[int]:
    """Academies and branch academies whose activity office the user is in."""
    scope = _scope(user_or_scope)
    return {
        role.node.parent_id
        for role in scope.academy_roles
        if role.kind == Role.Kind.OFFICE
    }


def academy_seats(user_or_scope) -> QuerySet[Organization]:
    """The academy nodes whose office the user is in (every one for a superuser)."""
    scope = _scope(user_or_scope)
    seats = Organization.objects.filter(kind__in=ACADEMY_KINDS)
    if scope.is_superuser:
        return seats
    return seats.filter(pk__in=academy_seat_ids(scope))


def is_academy_office(user_or_scope) -> bool:
    scope = _scope(user_or_scope)
    return scope.is_superuser or bool(academy_seat_ids(scope))


def institute_office_ids(user_or_scope) -> set[int]:
    """Institutes whose own activity office the user is in (not academies)."""
    scope = _scope(user_or_scope)
    return {role.node.institute_id for role in scope.roles_of(Role.Kind.OFFICE)} - {
        None
    }
