"""Who may see and change campaigns, plans, pledges and their evidence (权限).

Built on ``organizations.access.Scope``. Drafts are seen by the filer and by those whose
roles reach the unit; once published, a plan or pledge is on the public board of the
staff it concerns: the unit's own members, the staff of the department the unit serves
and, for a pledge, the staff of the member's department (公开承诺, 接受群众监督).
Out of scope is a 404; in sight but not allowed to change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from organizations.access import ALL, Scope, scope_of
from organizations.models import Organization, Person, User
from pledges.models import Campaign, Evidence, Plan, Pledge, Status, SupervisionComment


def reaches(scope: Scope, unit: Organization) -> bool:
    """The user's roles reach the unit (not merely membership of it)."""
    return scope.is_superuser or any(unit.path.startswith(p) for p in scope.read_paths)


def unit_on_board(scope: Scope, unit: Organization) -> bool:
    """The unit's published plan and pledges are on this user's board."""
    if reaches(scope, unit) or unit.pk in scope.own_unit_ids:
        return True
    person = scope.person
    return bool(
        person is not None
        and person.department_id
        and unit.department_id == person.department_id
    )


def pledge_on_board(scope: Scope, pledge: Pledge) -> bool:
    person = scope.person
    if (
        person is not None
        and person.department_id
        and pledge.person.department_id == person.department_id
    ):
        return True
    return unit_on_board(scope, pledge.unit)


def board_unit_q(scope: Scope, prefix: str = "unit__") -> Q:
    """Rows whose unit is on the user's board (roles, own units, served department)."""
    if scope.is_superuser or ALL in scope.read_paths:
        return Q()
    q = scope.path_q(f"{prefix}path")
    if scope.own_unit_ids:
        own = f"{prefix[:-2]}_id__in" if prefix else "pk__in"
        q |= Q(**{own: list(scope.own_unit_ids)})
    if scope.person is not None and scope.person.department_id:
        department_id = scope.person.department_id
        if prefix:
            # A key subquery, not a join: the join made PostgreSQL scan every
            # published row of the institute for each board (bench, issue 7).
            served = Organization.objects.filter(department_id=department_id)
            q |= Q(**{f"{prefix[:-2]}_id__in": served.values("pk")})
        else:
            q |= Q(department_id=department_id)
    return q


def board_pledge_q(scope: Scope) -> Q:
    q = board_unit_q(scope)
    if scope.person is not None and scope.person.department_id:
        colleagues = Person.objects.filter(department_id=scope.person.department_id)
        q |= Q(person_id__in=colleagues.values("pk"))
    return q


def can_read_campaign(scope: Scope, campaign: Campaign) -> bool:
    if scope.is_superuser:
        return True
    node = campaign.scope
    institute = scope.person.institute if scope.person else None
    if institute is not None and (
        institute.path.startswith(node.path) or node.institute_id == institute.pk
    ):
        return True
    return any(
        p.startswith(node.path) or node.path.startswith(p) for p in scope.read_paths
    )


def can_manage_campaign(scope: Scope, campaign: Campaign) -> bool:
    return scope.is_office and scope.can_manage_unit(campaign.scope)


def get_campaign_for(user, pk: int, *, write: bool = False) -> Campaign:
    """A campaign the user's institute takes part in (404); with write, the office (403)."""
    scope = scope_of(user)
    campaign = Campaign.objects.select_related("scope").filter(pk=pk).first()
    if campaign is None or not can_read_campaign(scope, campaign):
        raise Http404
    if write and not can_manage_campaign(scope, campaign):
        raise PermissionDenied
    return campaign


_FILED_RELATED = (
    "campaign",
    "campaign__scope",
    "unit",
    "unit__parent",
    "unit__category",
    "unit__department",
    "criteria_set",
)
# Who created, changed, returned, approved and published it: loaded by _attach_actors in
# one query. Joined into the main query they made it 20 tables, which PostgreSQL took
# ~30 ms to plan (more than join_collapse_limit and geqo_threshold).
_ACTORS = ("created_by", "updated_by", "returned_by", "approved_by", "published_by")


def _attach_actors(obj):
    if obj is None:
        return None
    ids = {getattr(obj, f"{field}_id") for field in _ACTORS} - {None}
    users = {u.pk: u for u in User.objects.select_related("person").filter(pk__in=ids)}
    for field in _ACTORS:
        user_id = getattr(obj, f"{field}_id")
        if user_id is not None and user_id in users:
            setattr(obj, field, users[user_id])
    return obj


def can_read_plan(scope: Scope, plan: Plan) -> bool:
    if reaches(scope, plan.unit):
        return True
    return plan.status == Status.PUBLISHED and unit_on_board(scope, plan.unit)


def get_plan_for(user, pk: int, *, write: bool = False) -> Plan:
    """A plan the user may see (404); with write, one they may change (403)."""
    scope = scope_of(user)
    plan = Plan.objects.select_related(*_FILED_RELATED).filter(pk=pk).first()
    if plan is None or not can_read_plan(scope, plan):
        raise Http404
    _attach_actors(plan)
    if write and not plan.can_edit(scope):
        raise PermissionDenied
    return plan


def can_read_pledge(scope: Scope, pledge: Pledge) -> bool:
    if pledge.is_own(scope) or reaches(scope, pledge.unit):
        return True
    return pledge.status == Status.PUBLISHED and pledge_on_board(scope, pledge)


def get_pledge_for(user, pk: int, *, write: bool = False) -> Pledge:
    """A pledge the user may see (404); with write, one they may change (403)."""
    scope = scope_of(user)
    pledge = (
        Pledge.objects.select_related(*_FILED_RELATED, "person", "person__department")
        .filter(pk=pk)
        .first()
    )
    if pledge is None or not can_read_pledge(scope, pledge):
        raise Http404
    _attach_actors(pledge)
    if write and not pledge.can_edit(scope):
        raise PermissionDenied
    return pledge


def get_board_unit_for(user, pk: int) -> Organization:
    """A unit whose public page (plan, pledges, progress) the user may see."""
    scope = scope_of(user)
    unit = (
        Organization.objects.select_related("parent", "category", "department")
        .filter(pk=pk)
        .first()
    )
    if unit is None or not unit_on_board(scope, unit):
        raise Http404
    return unit


def can_read_progress_of(scope: Scope, target: Plan | Pledge) -> bool:
    """Progress and evidence: whoever sees the published plan or pledge."""
    if isinstance(target, Plan):
        return can_read_plan(scope, target)
    return can_read_pledge(scope, target)


def get_evidence_for(user, pk: int) -> Evidence:
    """An evidence file whose plan or pledge the user may see (404 otherwise)."""
    scope = scope_of(user)
    evidence = (
        Evidence.objects.select_related(
            "update__item__pledge__unit",
            "update__item__pledge__person",
            "update__measure__plan__unit",
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    update = evidence.update
    target = update.item.pledge if update.item_id else update.measure.plan
    if not can_read_progress_of(scope, target):
        raise Http404
    return evidence


def get_comment_for(user, pk, *, write: bool = False) -> SupervisionComment:
    """A comment on something the user may see; with write, one they may answer."""
    scope = scope_of(user)
    comment = (
        SupervisionComment.objects.select_related(
            "plan__unit", "pledge__unit", "pledge__person"
        )
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404
    target = comment.target
    readable = (
        can_read_plan(scope, target)
        if isinstance(target, Plan)
        else can_read_pledge(scope, target)
    )
    if not readable:
        raise Http404
    if write and not scope.can_manage_unit(target.unit):
        raise PermissionDenied
    return comment
