"""Who may see and change what: the one place scope is computed (权限范围).

Every role is held at a node and reaches that node's subtree. A user's scope is the set of
subtree paths their roles reach, split into paths they may manage and paths they may only
read; plain members and staff reach their own branch and department only. Views load
objects through the ``get_<object>_for`` helpers here: an object out of scope is a 404, a
read-only object asked for writing is a 403.
"""

import functools
import json
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from core import request_cache, rows, versioned_cache
from organizations.campaign_office import institute_office_ids, is_academy_body
from organizations.models import MassMembership, Organization, Person, Role

ALL = "/"


@dataclass
class Scope:
    """What one user reaches: managed and read subtrees, own units, and role kinds."""

    user_id: int | None
    person: Person | None = None
    roles: list[Role] = field(default_factory=list)
    manage_paths: tuple[str, ...] = ()
    read_paths: tuple[str, ...] = ()
    is_superuser: bool = False
    # Office and leading-group roles held at an academy or branch academy's bodies
    # (``organizations.campaign_office``): they reach no subtree by path. The academy
    # reads its institutes at report level only (the academy overview), never their
    # ballots or members' private pages.
    academy_roles: list[Role] = field(default_factory=list)

    @cached_property
    def kinds(self) -> frozenset[str]:
        kinds = {role.kind for role in self.roles}
        if self.is_superuser:
            kinds.add(Role.Kind.OFFICE)
        return frozenset(kinds)

    @cached_property
    def own_unit_ids(self) -> frozenset[int]:
        """The units a person belongs to without a role: branch, department, mass units."""
        if self.person is None:
            return frozenset()
        ids = {self.person.branch_id, self.person.department_id}
        ids.update(
            MassMembership.objects.filter(person=self.person).values_list(
                "unit_id", flat=True
            )
        )
        if self.person.department_id:
            # The branches serving one's department: their public pages are one's own.
            ids.update(
                Organization.objects.filter(
                    department_id=self.person.department_id,
                    kind=Organization.Kind.BRANCH,
                    is_active=True,
                ).values_list("pk", flat=True)
            )
        ids.discard(None)
        return frozenset(ids)

    @cached_property
    def served_department_ids(self) -> frozenset[int]:
        """Departments served by branches that one's party roles reach (read only)."""
        party_paths = [
            role.node.path
            for role in self.roles_of(
                Role.Kind.GENERAL_SECRETARY,
                Role.Kind.SECRETARY,
                Role.Kind.COMMITTEE_MEMBER,
            )
        ]
        if not party_paths:
            return frozenset()
        q = Q()
        for p in party_paths:
            q |= Q(path__startswith=p)
        return frozenset(
            Organization.objects.filter(q, department__isnull=False).values_list(
                "department_id", flat=True
            )
        )

    @property
    def institute_id(self) -> int | None:
        return self.person.institute_id if self.person else None

    @property
    def is_office(self) -> bool:
        return Role.Kind.OFFICE in self.kinds

    @property
    def is_leader(self) -> bool:
        return Role.Kind.LEADER in self.kinds

    @property
    def is_party_member(self) -> bool:
        return bool(self.person and self.person.is_party_member)

    def has(self, *kinds: str) -> bool:
        return any(kind in self.kinds for kind in kinds)

    def roles_of(self, *kinds: str) -> list[Role]:
        return [role for role in self.roles if role.kind in kinds]

    @staticmethod
    def _covers(paths, unit_path: str) -> bool:
        return any(unit_path.startswith(p) for p in paths)

    def can_read_unit(self, unit: Organization) -> bool:
        return self._covers(self.read_paths, unit.path) or unit.pk in self.own_unit_ids

    def can_manage_unit(self, unit: Organization) -> bool:
        return self._covers(self.manage_paths, unit.path)

    def path_q(self, lookup: str, *, write: bool = False) -> Q:
        """A Q object matching rows whose ``lookup`` path lies in scope.

        ``lookup`` names a path field, e.g. ``"path"`` or ``"branch__path"``.
        """
        paths = self.manage_paths if write else self.read_paths
        if not paths:
            return Q(pk__in=[])
        if ALL in paths:
            return Q()
        q = Q()
        for p in paths:
            q |= Q(**{f"{lookup}__startswith": p})
        return q

    def units(self, *, write: bool = False) -> QuerySet[Organization]:
        """Units in scope (read scope includes one's own units)."""
        q = self.path_q("path", write=write)
        if not write and not self._reads_own_institute() and self.own_unit_ids:
            q |= Q(pk__in=self.own_unit_ids)
        return Organization.objects.filter(q)

    def _reads_own_institute(self) -> bool:
        """One's whole institute is in read scope: one's own units all lie in it, so
        there is no need to look them up."""
        return self.person is not None and self._covers(
            self.read_paths, self.person.institute.path
        )

    def people(self, *, write: bool = False) -> QuerySet[Person]:
        """People in scope: by institute for institute-wide roles, else by branch,
        department and mass-organisation membership inside the reached subtrees."""
        paths = self.manage_paths if write else self.read_paths
        if ALL in paths:
            return Person.objects.all()
        q = Q(pk__in=[])
        own = self.person.institute if self.person is not None else None
        whole_own = False  # the person's whole institute is in: no need to add them
        for p in paths:
            if own is not None and own.path.startswith(p):
                whole_own = True
            if own is not None and p == own.path:
                # The whole institute: everyone in it, by the (institute, ...) indexes.
                q |= Q(institute_id=own.pk)
                continue
            if own is not None and own.path.startswith(p):
                # Above the institute: every person's branch and department lie in
                # their institute, so the institute alone decides.
                q |= Q(institute__path__startswith=p)
                continue
            # An institute lies inside p only when p reaches the institute or above.
            q |= (
                Q(institute__path__startswith=p)
                | Q(branch__path__startswith=p)
                | Q(department__path__startswith=p)
                | Q(
                    pk__in=MassMembership.objects.filter(
                        unit__path__startswith=p
                    ).values("person_id")
                )
            )
        if not write and self.served_department_ids:
            q |= Q(department_id__in=self.served_department_ids)
        if self.person is not None and not write and not whole_own:
            q |= Q(pk=self.person.pk)
        return Person.objects.filter(q)


def scope_of(user) -> Scope:
    """The user's scope, computed once per request and kept on the user object.

    One query (:func:`_person_and_roles`) loads the person with their institute,
    branch and department, every role with its node and the node's parent, and
    the units :attr:`Scope.own_unit_ids` names."""
    cached = getattr(user, "_cx_scope", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        scope = Scope(user_id=None)
    else:
        scope = _scope(user, *_person_and_roles(user.pk))
    try:
        user._cx_scope = scope
    except AttributeError:  # AnonymousUser instances are fine; guard odd user types
        pass
    return scope


def _scope(user, person, roles, own_units) -> Scope:
    """A signed-in user's scope from their person, roles and own units."""
    academy_roles = [role for role in roles if is_academy_body(role.node)]
    roles = [role for role in roles if not is_academy_body(role.node)]
    manage, read = [], []
    for role in roles:
        reach = role.node.parent if role.node.is_body else role.node
        if reach is None:
            continue
        if role.kind in Role.MANAGING:
            manage.append(reach.path)
        read.append(reach.path)
    if user.is_superuser:
        manage, read = [ALL], [ALL]
    scope = Scope(
        user_id=user.pk,
        person=person,
        roles=roles,
        academy_roles=academy_roles,
        manage_paths=tuple(_minimal(manage)),
        read_paths=tuple(_minimal(read)),
        is_superuser=user.is_superuser,
    )
    if person is not None:  # Scope.own_unit_ids, read by the same query
        scope.__dict__["own_unit_ids"] = own_units
        versioned_cache.expect_institute(person.institute_id)
    return scope


def user_with_scope(pk: int, can_authenticate):
    """The signed-in user with key ``pk`` and their scope, in one query (the
    sign-in backend, ``organizations.auth``): None where there is no such user or
    ``can_authenticate(user)`` refuses them. The scope is kept on the user, where
    :func:`scope_of` finds it. In a GET request the same query counts the user's
    unread notifications, which every page's navigation bar shows, and hands the
    count to the request cache (``notifications.services.unread_count``)."""
    from django.db import connection

    from organizations.models import User
    from organizations.notifications.services import remember_unread_count

    with_unread = request_cache.active()
    with connection.cursor() as cursor:
        cursor.execute(
            _scope_sql(connection.vendor, with_user=True, with_unread=with_unread),
            [pk, Organization.Kind.BRANCH, pk]
            if with_unread
            else [Organization.Kind.BRANCH, pk],
        )
        found = cursor.fetchall()
    if not found:
        return None
    db = connection.alias
    user, start = rows.instance(rows.loader(User, db), db, found[0], 0)
    if not can_authenticate(user):
        return None
    if with_unread:
        remember_unread_count(user.pk, found[0][start])
        start += 1
    user._cx_scope = _scope(user, *_scope_rows(found, start))
    return user


# The person's tables of :func:`_person_and_roles`' query, in its column order: alias,
# model, and the person's relation each fills (none: the person).
_SCOPE_TABLES = (
    ("p", Person, None),
    ("i", Organization, Person._meta.get_field("institute")),
    ("b", Organization, Person._meta.get_field("branch")),
    ("d", Organization, Person._meta.get_field("department")),
)
# A role's part of the query's list of roles, in order: the role, its node, the
# node's parent.
_ROLE_TABLES = (("r", Role), ("n", Organization), ("np", Organization))
_ROLE_PERSON = Role._meta.get_field("person")
_ROLE_NODE = Role._meta.get_field("node")
_NODE_PARENT = Organization._meta.get_field("parent")


@functools.cache
def _scope_sql(
    vendor: str, *, with_user: bool = False, with_unread: bool = False
) -> str:
    """The one query of :func:`scope_of`, built once per process from the models.

    What ``Person.objects.select_related("institute", "branch", "department")
    .filter(user=user, is_active=True)`` and ``Role.objects.filter(person=person)
    .select_related("node", "node__parent")`` read, as one statement of one row
    (compiling those querysets cost more than the rest of a signed-in page's frame):
    the person's columns, their roles as one JSON list (a row of the role, its node
    and the node's parent each: a leader holding 43 liaison roles read 44 rows of
    some hundred columns before, the person's repeated on each and the two lists
    below worked out for each; 1.56 → 1.3 ms of their sign-in), and the two lists of
    :attr:`Scope.own_unit_ids`: the person's mass-organisation units and the active
    branches serving their department.
    ``with_user``: the user's row first, read by their key (:func:`user_with_scope`),
    the rest as for a user without a person where they have none; ``with_unread``:
    then the user's unread notifications counted
    (``notifications.services.unread_sql``, its key the first parameter)."""
    from django.db import connection

    from organizations.models import User
    from organizations.notifications.services import unread_sql

    q = connection.ops.quote_name
    columns = [
        column
        for alias, model, _field in _SCOPE_TABLES
        for column in rows.columns(model, alias, q)
    ]
    org = q(Organization._meta.db_table)
    # Only quoted table and column names of the models go into the text; the user's
    # key is the one parameter.
    mass = q(MassMembership._meta.db_table)

    def id_list(column: str, rest: str) -> str:
        # PostgreSQL: an array of ids; SQLite (the embedded default): a JSON list.
        if vendor == "postgresql":
            return f"ARRAY(SELECT {column} {rest})"
        return f"(SELECT json_group_array({column}) {rest})"

    role_columns = ", ".join(
        column
        for alias, model in _ROLE_TABLES
        for column in rows.columns(model, alias, q)
    )
    roles_from = (
        f"FROM {q(Role._meta.db_table)} r"
        f" INNER JOIN {org} n ON n.{q('id')} = r.{q('node_id')}"
        f" LEFT JOIN {org} np ON np.{q('id')} = n.{q('parent_id')}"
        f" WHERE r.{q('person_id')} = p.{q('id')}"
    )
    if vendor == "postgresql":
        roles = f"(SELECT json_agg(json_build_array({role_columns})) {roles_from})"
    else:
        roles = f"(SELECT json_group_array(json_array({role_columns})) {roles_from})"
    columns += [
        roles,
        id_list(
            f"m.{q('unit_id')}",
            f"FROM {mass} m WHERE m.{q('person_id')} = p.{q('id')}",
        ),
        id_list(
            f"o.{q('id')}",
            f"FROM {org} o WHERE o.{q('department_id')} = p.{q('department_id')}"
            f" AND o.{q('kind')} = %s AND o.{q('is_active')}",
        ),
    ]
    if with_user:
        unread = [f"({unread_sql()})"] if with_unread else []
        columns = rows.columns(User, "u", q) + unread + columns
        source = (
            f"{q(User._meta.db_table)} u LEFT JOIN {q(Person._meta.db_table)} p"
            f" ON p.{q('user_id')} = u.{q('id')} AND p.{q('is_active')}"
        )
        where = f" WHERE u.{q('id')} = %s"
    else:
        source = f"{q(Person._meta.db_table)} p"
        where = f" WHERE p.{q('user_id')} = %s AND p.{q('is_active')}"
    select = f"SELECT {', '.join(columns)} FROM {source}"  # noqa: S608  # nosec B608: model names, quoted
    return (
        select + f" LEFT JOIN {org} i ON i.{q('id')} = p.{q('institute_id')}"
        f" LEFT JOIN {org} b ON b.{q('id')} = p.{q('branch_id')}"
        f" LEFT JOIN {org} d ON d.{q('id')} = p.{q('department_id')}"
        f"{where}"
    )


def _person_and_roles(
    user_id: int,
) -> tuple[Person | None, list[Role], frozenset[int]]:
    """The user's active person (None if none), their roles and their own units
    (:attr:`Scope.own_unit_ids`), in one query."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            _scope_sql(connection.vendor), [Organization.Kind.BRANCH, user_id]
        )
        found = cursor.fetchall()
    return _scope_rows(found, 0)


def _scope_rows(found: list, offset: int):
    """The person, roles and own units of :func:`_scope_sql`'s row, whose scope
    columns start at ``offset``; the roles in the order of their kind and their
    node's path, as ``order_by("kind", "node__path")``."""
    from django.db import connection

    if not found or found[0][offset] is None:  # no active person
        return None, [], frozenset()
    db = connection.alias
    row = found[0]
    person, start = rows.instance(rows.loader(Person, db), db, row, offset)
    for _alias, model, relation in _SCOPE_TABLES[1:]:
        unit, start = rows.instance(rows.loader(model, db), db, row, start)
        relation.set_cached_value(person, unit)
    listed, mass_unit_ids, serving_branch_ids = (
        json.loads(value) if isinstance(value, str) else value
        for value in row[start : start + 3]
    )
    role_load, org_load = rows.loader(Role, db), rows.loader(Organization, db)
    ordered = []
    for values in listed or ():
        role, at = rows.instance(role_load, db, values, 0)
        node, at = rows.instance(org_load, db, values, at)
        parent, _at = rows.instance(org_load, db, values, at)
        _ROLE_PERSON.set_cached_value(role, person)  # the same instance: no query
        _ROLE_NODE.set_cached_value(role, node)
        _NODE_PARENT.set_cached_value(node, parent)
        ordered.append((role.kind, node.path, role.pk, role))
    ordered.sort(key=lambda entry: entry[:3])
    roles = [entry[3] for entry in ordered]
    own = {person.branch_id, person.department_id, *mass_unit_ids}
    if person.department_id:
        own.update(serving_branch_ids)
    own.discard(None)
    return person, roles, frozenset(own)


def _minimal(paths: list[str]) -> list[str]:
    """Drop paths already covered by a shorter one."""
    result: list[str] = []
    for p in sorted(set(paths), key=len):
        if not any(p.startswith(q) for q in result):
            result.append(p)
    return result


def get_unit_for(user, pk: int, *, write: bool = False) -> Organization:
    """Load a unit the user may see (404 otherwise); with write, one they may manage (403)."""
    scope = scope_of(user)
    try:
        unit = Organization.objects.select_related(
            "parent", "category", "institute", "led_by", "department", "merged_into"
        ).get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404
    if not scope.can_read_unit(unit):
        raise Http404
    if write and not scope.can_manage_unit(unit):
        raise PermissionDenied
    return unit


def get_person_for(user, pk: int, *, write: bool = False) -> Person:
    """Load a person the user may see (404 otherwise); with write, one they may manage."""
    scope = scope_of(user)
    person = (
        scope.people()
        .select_related("institute", "department", "branch", "user")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    if write and not scope.people(write=True).filter(pk=pk).exists():
        raise PermissionDenied
    return person


def require_office(user) -> Scope:
    """The scope of an institute activity-office user, or 403 (an academy's office
    holds no institute office: ``organizations.campaign_office``)."""
    scope = scope_of(user)
    if not scope.is_office:
        raise PermissionDenied
    return scope


def office_institutes(user) -> QuerySet[Organization]:
    """Institutes whose activity office the user belongs to (or all, for a superuser)."""
    scope = scope_of(user)
    institutes = Organization.objects.filter(kind=Organization.Kind.INSTITUTE)
    if scope.is_superuser:
        return institutes
    return institutes.filter(pk__in=institute_office_ids(scope))
