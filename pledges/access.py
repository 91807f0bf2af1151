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
from django.utils.translation import gettext as _

from core import rows
from organizations import campaign_office
from organizations.access import ALL, Scope, get_unit_for, scope_of
from organizations.models import Organization, Person, User
from pledges.leadership.rules import leading_paths, leads, led_units_q
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


def board_unit_q(scope: Scope, prefix: str = "unit__", within=None) -> Q:
    """:func:`unit_on_board` as a filter on rows whose unit is at ``prefix`` (roles,
    own units, served department); ``tests/pledges/test_access_twins.py`` holds the
    two to each other. ``within``: the unit all the rows lie in (a campaign's
    scope); if the roles reach all of it, nothing is filtered."""
    if scope.is_superuser or ALL in scope.read_paths:
        return Q()
    if within is not None and any(within.path.startswith(p) for p in scope.read_paths):
        return Q()
    if prefix and scope.read_paths:
        # The units the roles reach as ids (core.lookups), not a join on their path:
        # with every branch of the OR on the row's own columns, PostgreSQL reads
        # the rows through their indexes instead of every row of the institute.
        reached = Organization.objects.filter(scope.path_q("path")).values("pk")
        q = Q(**{f"{prefix[:-2]}_id__any_of": reached})
    else:
        q = scope.path_q(f"{prefix}path")
    if scope.own_unit_ids:
        own = f"{prefix[:-2]}_id__in" if prefix else "pk__in"
        q |= Q(**{own: list(scope.own_unit_ids)})
    if scope.person is not None and scope.person.department_id:
        department_id = scope.person.department_id
        if prefix:
            # A key subquery, not a join (the join made PostgreSQL scan every
            # published row of the institute for each board), and as an array
            # (core.lookups: an index serves it inside the OR; bench/).
            served = Organization.objects.filter(department_id=department_id)
            q |= Q(**{f"{prefix[:-2]}_id__any_of": served.values("pk")})
        else:
            q |= Q(department_id=department_id)
    return q


def board_key(scope: Scope) -> tuple:
    """Everything a user's board depends on besides the data (what
    :func:`board_unit_q` and :func:`board_pledge_q` read): equal for users whose
    boards are the same, so its counts and pages can be kept for all of them."""
    person = scope.person
    return (
        bool(scope.is_superuser),
        tuple(scope.read_paths),
        tuple(sorted(scope.own_unit_ids)),
        person.department_id if person is not None else None,
    )


def board_pledge_q(scope: Scope, within=None) -> Q:
    q = board_unit_q(scope, within=within)
    if not q:
        return q
    if scope.person is not None and scope.person.department_id:
        colleagues = Person.objects.filter(department_id=scope.person.department_id)
        q |= Q(person_id__any_of=colleagues.values("pk"))
    return q


# The campaign's office, leading group and who manages it: one definition for every
# level, in ``organizations.campaign_office`` (re-exported here for the apps above).
body_serves_campaign = campaign_office.body_serves_campaign
campaign_body_q = campaign_office.campaign_body_q
is_campaign_office = campaign_office.is_campaign_office
is_campaign_leader = campaign_office.is_campaign_leader
can_manage_campaign = campaign_office.can_manage_campaign


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


def _ancestor_paths(path: str) -> list[str]:
    """``/1/5/23/`` → ``/1/``, ``/1/5/``, ``/1/5/23/``."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def readable_campaigns_q(scope: Scope, prefix: str = "") -> Q:
    """:func:`can_read_campaign` as a filter on campaigns (at ``prefix``)."""
    if scope.is_superuser or ALL in scope.read_paths:
        return Q()
    q = Q(pk__in=[])
    institute = scope.person.institute if scope.person else None
    if institute is not None:
        q |= Q(**{f"{prefix}scope__path__in": _ancestor_paths(institute.path)})
        q |= Q(**{f"{prefix}scope__institute_id": institute.pk})
    for path in scope.read_paths:
        q |= Q(**{f"{prefix}scope__path__startswith": path})
        q |= Q(**{f"{prefix}scope__path__in": _ancestor_paths(path)})
    return q


def oversees_campaign(scope: Scope, campaign: Campaign) -> bool:
    """One of the campaign's offices or leading groups: reads its working state
    (scoring set-up, the award list before publication, every review)."""
    return is_campaign_office(scope, campaign) or is_campaign_leader(scope, campaign)


CAMPAIGN_NEEDS = {
    "read": lambda scope, campaign: True,
    "oversee": oversees_campaign,
    "manage": can_manage_campaign,
}


def get_campaign_for(
    user, pk: int, *, need: str = "read", write: bool = False
) -> Campaign:
    """A campaign the user's institute takes part in (404 otherwise), then 403 unless
    the user meets ``need``: ``"read"`` anyone it covers, ``"oversee"`` its offices
    and leading groups, ``"manage"`` the office that holds it. ``write=True`` is
    ``need="manage"``."""
    if write:
        need = "manage"
    allowed = CAMPAIGN_NEEDS[need]
    scope = scope_of(user)
    campaign = Campaign.objects.select_related("scope").filter(pk=pk).first()
    if campaign is None or not can_read_campaign(scope, campaign):
        raise Http404
    if not allowed(scope, campaign):
        raise PermissionDenied
    return campaign


def get_campaign_shown(scope: Scope, campaign_id=None) -> Campaign:
    """The campaign a page shows (``pledges.selectors.campaign_for_scope``: the one
    asked for if readable, else the current one); 404 where there is none yet."""
    from pledges.selectors import campaign_for_scope

    campaign = campaign_for_scope(scope, campaign_id)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
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


#: Keys no row has: the actors' query is compiled once for them (core.rows).
_ANY = [-7_170_001 - n for n in range(len(_ACTORS))]


def _attach_actors(obj):
    if obj is None:
        return None
    ids = sorted({getattr(obj, f"{field}_id") for field in _ACTORS} - {None})
    if not ids:
        return obj
    # Always five keys (the first repeated): one query text whatever the actors.
    padded = ids + ids[:1] * (len(_ANY) - len(ids))
    users = {
        u.pk: u
        for u in rows.instances(
            "pledges_actors",
            lambda: User.objects.select_related("person").filter(pk__in=_ANY),
            dict(zip(_ANY, padded, strict=True)),
        )
    }
    for field in _ACTORS:
        user_id = getattr(obj, f"{field}_id")
        if user_id is not None and user_id in users:
            setattr(obj, field, users[user_id])
    return obj


def can_read_plan(scope: Scope, plan: Plan) -> bool:
    if reaches(scope, plan.unit):
        return True
    if plan.unit.is_mass and leads(scope, plan.unit, plan.approving_unit):
        return True  # the party organisation that leads the mass unit (党建带群建)
    return plan.status == Status.PUBLISHED and unit_on_board(scope, plan.unit)


def get_plan_for(user, pk: int, *, write: bool = False) -> Plan:
    """A plan the user may see (404); with write, one they may change (403)."""
    scope = scope_of(user)
    # Compiled once per process, as a pledge's (core.rows.by_pk).
    plan = rows.by_pk(
        "plan_for", lambda: Plan.objects.select_related(*_FILED_RELATED), pk
    )
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


def readable_plans_q(scope: Scope) -> Q:
    """:func:`can_read_plan` as a filter: reached by one's roles, or published and on
    one's board."""
    q = scope.path_q("unit__path") | (Q(status=Status.PUBLISHED) & board_unit_q(scope))
    if leading_paths(scope):
        q |= led_units_q(scope)
    return q


def readable_pledges_q(scope: Scope) -> Q:
    """:func:`can_read_pledge` as a filter: one's own, reached by one's roles, or
    published and on one's board."""
    q = scope.path_q("unit__path") | (
        Q(status=Status.PUBLISHED) & board_pledge_q(scope)
    )
    if scope.person is not None:
        q |= Q(person=scope.person)
    return q


_PLEDGE_RELATED = (*_FILED_RELATED, "person", "person__department")


def get_pledge_for(
    user, pk: int, *, write: bool = False, related: tuple[str, ...] = _PLEDGE_RELATED
) -> Pledge:
    """A pledge the user may see (404); with write, one they may change (403).
    ``related``: the rows joined to it, for a page that needs fewer (the checks read
    its unit, member and campaign: keep those)."""
    scope = scope_of(user)
    # Compiled once per process (core.rows.by_pk): compiling the joins cost as much
    # Python as the rest of the page's lookups.
    pledge = rows.by_pk(
        ("pledge_for", related), lambda: Pledge.objects.select_related(*related), pk
    )
    if pledge is None or not can_read_pledge(scope, pledge):
        raise Http404
    _attach_actors(pledge)
    if write and not pledge.can_edit(scope):
        raise PermissionDenied
    return pledge


def may_file_pledge_for(scope: Scope, person: Person, unit: Organization) -> bool:
    """One's own pledge, or a member's on their behalf by whoever manages the unit."""
    own = scope.person is not None and scope.person.pk == person.pk
    return own or scope.can_manage_unit(unit)


def get_pledge_filing_for(
    user, unit_pk: int, person_pk: int | None = None
) -> tuple[Organization, Person]:
    """The unit and member of a pledge about to be filed, for the page and the API.

    The unit must be in sight and the member oneself or in one's scope (404 otherwise);
    without a person record there is nobody to file for (403). Whether one may file
    for that member is :func:`may_file_pledge_for`, which ``pledge_create`` checks."""
    scope = scope_of(user)
    unit = get_unit_for(user, unit_pk)
    if person_pk and (scope.person is None or person_pk != scope.person.pk):
        person = scope.people().filter(pk=person_pk).first()
        if person is None:
            raise Http404
    else:
        person = scope.person
    if person is None:
        raise PermissionDenied
    return unit, person


def get_board_unit_for(
    user, pk: int, *, related: tuple[str, ...] = ("parent", "category", "department")
) -> Organization:
    """A unit whose public page (plan, pledges, progress) the user may see;
    ``related``: the rows joined to it, for a page that needs fewer."""
    scope = scope_of(user)
    unit = rows.by_pk(  # compiled once per process, as a pledge's
        ("board_unit_for", related),
        lambda: Organization.objects.select_related(*related),
        pk,
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
