"""Panels this app adds to each role's home page (首页), listed in ``pledges.nav``."""

import functools

from django.db.models import Count, Q

from core import rows
from core.lookups import any_of_sql
from core.pk_urls import anchors, pk_url
from core.request_cache import memo
from organizations.access import ALL, Scope
from organizations.homes import institute_figure
from organizations.models import Organization, Person, Role
from pledges import selectors
from pledges.access import board_key
from pledges.models import PLAN_UNIT_KINDS, Plan, Pledge, PledgeItem, Status


def _campaign(scope: Scope):
    return selectors.current_campaign_for(scope)


def _managed_units(scope: Scope):
    kinds = [k for k in Role.MANAGING if k != Role.Kind.OFFICE]
    return [r.node for r in scope.roles_of(*kinds)]


def _home_rows(scope: Scope, campaign) -> "_Filed":
    def load() -> _Filed:
        units = [u.pk for u in _managed_units(scope)]
        person_id = scope.person.pk if scope.person is not None else None
        return _Filed(
            Pledge, ("unit", "person"), campaign, units, scope, person_id=person_id
        )

    return memo(("home_pledges", scope.user_id, campaign.pk), load)


class _Filed:
    """The plans or pledges of a home: those of the units one looks after, the
    submitted ones in one's write scope (and, for pledges, one's own), in one query
    written once per process (core.rows): a secretary's home read some forty rows,
    and compiling the queryset and building every row's three instances cost more
    than the rest of the panel. The rows are kept as read; only those a panel shows
    one by one (own, awaiting approval) become instances."""

    def __init__(self, model, related, campaign, unit_ids, scope, *, person_id=None):
        from django.db import connection

        self.model = model
        sql, params = _filed_sql(model, related, bool(unit_ids), person_id is not None)
        paths = scope.manage_paths
        if not paths:
            path_sql, path_params = "FALSE", []
        elif ALL in paths:
            path_sql, path_params = "TRUE", []
        else:
            path_sql = _units_under_sql(connection, len(paths))
            path_params = _under_params(connection, paths)
        values = {
            "campaign": [campaign.pk],
            "units": unit_ids,
            "status": [Status.SUBMITTED],
            "paths": path_params,
            "person": [person_id] if person_id is not None else [],
        }
        sql = sql.replace("(:units)", f"({', '.join(['%s'] * len(unit_ids))})")
        sql = sql.replace("(:paths)", path_sql)
        with connection.cursor() as cursor:
            cursor.execute(sql, [v for name in params for v in values[name]])
            self.rows = cursor.fetchall()
        self.db = connection.alias
        self.related = related
        attnames = rows.loader(model, self.db)[1]
        self.unit_at = attnames.index("unit_id")
        self.status_at = attnames.index("status")
        self.person_at = (
            attnames.index("person_id") if "person_id" in attnames else None
        )
        self.change_at = attnames.index("change_submitted_at")
        self._instances: dict[int, object] = {}

    def instance(self, n: int):
        """The ``n``-th row as a model instance with its related rows."""
        if n in self._instances:
            return self._instances[n]
        row = self.rows[n]
        db = self.db
        obj, start = rows.instance(rows.loader(self.model, db), db, row, 0)
        unit, start = rows.instance(rows.loader(Organization, db), db, row, start)
        (_UNIT if self.model is Pledge else _PLAN_UNIT).set_cached_value(obj, unit)
        if "person" in self.related:
            person, start = rows.instance(rows.loader(Person, db), db, row, start)
            _PERSON.set_cached_value(obj, person)
        if "unit__parent" in self.related:
            parent, start = rows.instance(rows.loader(Organization, db), db, row, start)
            _PARENT.set_cached_value(unit, parent)
        self._instances[n] = obj
        return obj

    def where(self, test) -> list:
        """Instances of the rows for which ``test(row)`` holds."""
        return [self.instance(n) for n, row in enumerate(self.rows) if test(row)]

    def light_where(self, test, campaign) -> list:
        """For pledges that only the approval list reads: the rows for which
        ``test(row)`` holds as light stand-ins with only what it reads (``_LIGHT``:
        ``awaiting_among`` and ``can_approve`` run on them unchanged; a 党总支
        secretary has dozens awaiting, and building three model instances for each
        was most of the panel). They go no further than this module."""
        found = []
        pledge_at, unit_at, person_at = (
            _light(model, self.db) for model in (Pledge, Organization, Person)
        )
        for row in self.rows:
            if not test(row):
                continue
            pledge = _LightPledge(row, pledge_at)
            pledge.unit = _LightUnit(row, unit_at)
            pledge.person = _LightPerson(row, person_at)
            pledge.campaign = campaign
            found.append(pledge)
        return found


class _Light:
    """A row's columns of one model as attributes (its ``_LIGHT`` names)."""

    __slots__ = ()

    def __init__(self, row, at):
        for name, i in at:
            setattr(self, name, row[i])

    @property
    def pk(self):
        return self.id


class _LightUnit(_Light):
    __slots__ = tuple(
        sorted({"id", "name", "kind", "path", "parent_id", "institute_id"})
    )
    MASS_KINDS = Organization.MASS_KINDS
    is_mass = Organization.is_mass


class _LightPerson(_Light):
    __slots__ = ("id", "name")


class _LightPledge(_Light):
    """What ``awaiting_among`` reads of a pledge, with the model's own rules."""

    __slots__ = (
        "id",
        "campaign_id",
        "unit_id",
        "person_id",
        "status",
        "created_at",
        "created_by_id",
        "submitted_at",
        "submitted_by_id",
        "change_submitted_at",
        "unit",
        "person",
        "campaign",
    )
    change_awaits_approval = Pledge.change_awaits_approval
    filer_user_ids = Pledge.filer_user_ids
    is_filed_by = Pledge.is_filed_by
    is_own = Pledge.is_own
    can_approve = Pledge.can_approve


_UNIT = Pledge._meta.get_field("unit")
_PLAN_UNIT = Plan._meta.get_field("unit")
_PERSON = Pledge._meta.get_field("person")
_PARENT = Organization._meta.get_field("parent")


#: What the approval list reads of a pledge (``awaiting_among``, ``can_approve``), of
#: its unit (scope checks) and of its person (the link's name).
_LIGHT = {
    Pledge: _LightPledge.__slots__[:10],
    Organization: _LightUnit.__slots__,
    Person: _LightPerson.__slots__,
}


@functools.cache
def _light(model, db: str) -> list[tuple[str, int]]:
    """The model's ``_LIGHT`` columns with their places in a row of :class:`_Filed`
    (the pledge's columns first, then its unit's, then its person's)."""
    widths = {m: len(rows.loader(m, db)[1]) for m in (Pledge, Organization, Person)}
    start = {
        Pledge: 0,
        Organization: widths[Pledge],
        Person: widths[Pledge] + widths[Organization],
    }[model]
    attnames = rows.loader(model, db)[1]
    return [
        (name, start + i) for i, name in enumerate(attnames) if name in _LIGHT[model]
    ]


def _units_under_sql(connection, paths: int) -> str:
    """The test that a row's unit lies under one of ``paths`` (its parameters:
    :func:`_under_params`), on the row's own key: as an array on PostgreSQL
    (core.lookups: the OR of the home's reaches then reads the rows through their
    indexes; a test on the joined unit's path read every submitted row of the
    institute), a subquery elsewhere. On PostgreSQL a path lies between the reach's
    path and the next string after all that start with it: the plan is generic
    (settings: plan_cache_mode), and a generic plan reads ``LIKE`` with a parameter
    by reading every unit; the range it reads from the path's pattern index."""
    q = connection.ops.quote_name
    path = f"o.{q('path')}"
    if connection.vendor == "postgresql":
        one = f"({path} ~>=~ %s AND {path} ~<~ %s)"
    else:
        one = f"{path} LIKE %s"
    test = " OR ".join([one] * paths)
    units = f"SELECT o.{q('id')} FROM {q(Organization._meta.db_table)} o WHERE {test}"  # noqa: S608  # nosec B608: model names, quoted
    return any_of_sql(connection.vendor, f"f.{q('unit_id')}", f"({units})")


def _under_params(connection, paths) -> list[str]:
    """The parameters of :func:`_units_under_sql` for ``paths``: on PostgreSQL each
    path and the least string above every one that starts with it (its last
    character the next one: byte order and code point order agree in UTF-8), else a
    ``LIKE`` pattern."""
    if connection.vendor == "postgresql":
        return [bound for p in paths for bound in (p, p[:-1] + chr(ord(p[-1]) + 1))]
    like = connection.ops.prep_for_like_query
    return [f"{like(p)}%" for p in paths]


@functools.cache
def _filed_sql(model, related: tuple, with_units: bool, with_person: bool):
    """The text of :class:`_Filed`'s query and the names of its parameters in order
    (``(:units)``, ``(:paths)``: where the units' keys and the path test go)."""
    from django.db import connection

    q = connection.ops.quote_name
    org = q(Organization._meta.db_table)

    def join(kind: str, table: str, alias: str, on: str) -> str:
        # PostgreSQL: each row's unit and person by their keys, a lateral subquery
        # that the planner may not fold into a join (OFFSET 0). The plan is generic
        # (settings: plan_cache_mode) and guesses a hundred rows where a home finds
        # a few dozen: as a plain join it hashed all the institute's units (700 in
        # the bench) on every request, twice the query's own work.
        if connection.vendor != "postgresql":
            return f" {kind} JOIN {table} {alias} ON {alias}.{q('id')} = {on}"
        lateral = f"(SELECT * FROM {table} WHERE {q('id')} = {on} OFFSET 0) {alias}"  # noqa: S608  # nosec B608: model names, quoted
        if kind == "INNER":
            return f" CROSS JOIN LATERAL {lateral}"
        return f" LEFT OUTER JOIN LATERAL {lateral} ON TRUE"

    columns = rows.columns(model, "f", q) + rows.columns(Organization, "u", q)
    joins = join("INNER", org, "u", f"f.{q('unit_id')}")
    if "person" in related:
        columns += rows.columns(Person, "pe", q)
        joins += join("INNER", q(Person._meta.db_table), "pe", f"f.{q('person_id')}")
    if "unit__parent" in related:
        columns += rows.columns(Organization, "up", q)
        joins += join("LEFT OUTER", org, "up", f"u.{q('parent_id')}")
    reach = [f"(f.{q('status')} = %s AND (:paths))"]
    params = ["status", "paths"]
    if with_units:
        reach.insert(0, f"f.{q('unit_id')} IN (:units)")
        params.insert(0, "units")
    if with_person:
        reach.append(f"f.{q('person_id')} = %s")
        params.append("person")
    # Only quoted table and column names of the models go into the text.
    sql = (
        f"SELECT {', '.join(columns)} FROM {q(model._meta.db_table)} f{joins}"  # noqa: S608  # nosec B608: model names, quoted
        f" WHERE f.{q('campaign_id')} = %s AND ({' OR '.join(reach)})"
        f" ORDER BY f.{q('id')}"
    )
    return sql, ["campaign", *params]


def own_pledges(scope: Scope, campaign) -> list[Pledge]:
    """One's pledges in the campaign with their items (once per GET request)."""

    def load() -> list[Pledge]:
        found = _home_rows(scope, campaign)
        person_at, person_id = found.person_at, scope.person.pk
        own = found.where(lambda row: row[person_at] == person_id)
        _attach_items(own)
        return own

    return memo(("own_pledges", scope.user_id, campaign.pk), load)


def _attach_items(pledges: list[Pledge]) -> None:
    """``prefetch_related_objects(pledges, "items")`` in a query written once per
    process (the prefetch's queryset compiled on every home page was a tenth of a
    member's home): each pledge's ``items.all()`` reads them without a query."""
    if not pledges:
        return
    from django.db import connection

    db = connection.alias
    load = rows.loader(PledgeItem, db)
    found: dict[int, list] = {p.pk: [] for p in pledges}
    with connection.cursor() as cursor:
        cursor.execute(
            _items_sql(connection.vendor),
            [rows.ids_param(connection.vendor, found)],
        )
        for row in cursor.fetchall():
            item, _end = rows.instance(load, db, row, 0)
            found[item.pledge_id].append(item)
    for pledge in pledges:
        items = found[pledge.pk]
        for item in items:
            _ITEM_PLEDGE.set_cached_value(item, pledge)
        queryset = PledgeItem.objects.filter(pledge_id=pledge.pk)
        queryset._result_cache, queryset._prefetch_done = items, True
        pledge._prefetched_objects_cache = {
            **getattr(pledge, "_prefetched_objects_cache", {}),
            "items": queryset,
        }


_ITEM_PLEDGE = PledgeItem._meta.get_field("pledge")


@functools.cache
def _items_sql(vendor: str) -> str:
    from django.db import connection

    q = connection.ops.quote_name
    columns = ", ".join(rows.columns(PledgeItem, "i", q))
    # Only quoted table and column names of the model go into the text; the order is
    # the model's (Meta.ordering: pledge, order, key).
    return (
        f"SELECT {columns} FROM {q(PledgeItem._meta.db_table)} i"  # noqa: S608  # nosec B608: model names, quoted
        f" WHERE i.{q('pledge_id')}{rows.in_ids(vendor)}"
        f" ORDER BY i.{q('pledge_id')}, i.{q('order')}, i.{q('id')}"
    )


def secretary_panel(scope: Scope) -> dict | None:
    """Plan and pledge states of the units the secretary looks after."""
    campaign = _campaign(scope)
    if campaign is None:
        return None
    units = _managed_units(scope)
    unit_ids = {u.pk for u in units}
    # The units' plans and the submitted plans one may approve: one query.
    plan_rows = _Filed(Plan, ("unit__parent",), campaign, [u.pk for u in units], scope)
    unit_at, status_at, change_at = (
        plan_rows.unit_at,
        plan_rows.status_at,
        plan_rows.change_at,
    )
    plans = {
        p.unit_id: p for p in plan_rows.where(lambda row: row[unit_at] in unit_ids)
    }
    pledge_rows = _home_rows(scope, campaign)
    counts: dict[int, dict] = {}
    p_unit, p_status = pledge_rows.unit_at, pledge_rows.status_at
    for row in pledge_rows.rows:
        if row[p_unit] not in unit_ids:
            continue
        count = counts.setdefault(
            row[p_unit],
            {"unit_id": row[p_unit], "total": 0, "published": 0, "submitted": 0},
        )
        count["total"] += 1
        count["published"] += row[p_status] == Status.PUBLISHED
        count["submitted"] += row[p_status] == Status.SUBMITTED
    rows_ = []
    for unit in units:
        rows_.append(
            {
                "unit": unit,
                "plan": plans.get(unit.pk),
                "can_plan": unit.kind in PLAN_UNIT_KINDS,
                "below": None
                if unit.kind in PLAN_UNIT_KINDS
                else institute_figure(
                    None,
                    f"pledges_below:{unit.pk}:{campaign.pk}",
                    lambda unit=unit: _below(unit, campaign),
                ),
                "pledges": counts.get(unit.pk, {}),
                "missing": _missing(campaign, unit) if unit.kind == "branch" else [],
            }
        )

    def awaits(status_at, change_at):
        # What awaiting_among looks at first: only these rows become instances.
        return lambda row: row[status_at] == Status.SUBMITTED or row[change_at]

    awaiting = selectors.awaiting_among(
        scope,
        plan_rows.where(awaits(status_at, change_at)),
        pledge_rows.light_where(awaits(p_status, pledge_rows.change_at), campaign),
    )
    # Links as (URL, name), each URL reversed once for all (a 党总支 may have dozens).
    awaiting = {
        "plans": _links(
            "pledges:plan", [(p.pk, p.unit.name) for p in awaiting["plans"]]
        ),
        "pledges": _links(
            "pledges:pledge", [(p.pk, p.person.name) for p in awaiting["pledges"]]
        ),
    }
    return {
        "campaign": campaign,
        "rows": rows_,
        "awaiting": awaiting,
        # The links written at once (core.pk_urls.anchors), as the template's loop
        # wrote them: some forty on a 党总支 secretary's home cost 0.4 ms there.
        "awaiting_html": {kind: anchors(links) for kind, links in awaiting.items()},
    }


MISSING_SHOWN = 20


def _missing(campaign, branch) -> list[dict]:
    """The names of the first members of the branch (by staff number) without a
    pledge in it (``selectors.members_without_pledge``), in a query written once
    per process."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            _missing_sql(),
            [
                branch.institute_id,
                branch.pk,
                *Person.PARTY_STATUSES,
                campaign.pk,
                branch.pk,
                MISSING_SHOWN,
            ],
        )
        return [{"name": name} for (name,) in cursor.fetchall()]


@functools.cache
def _missing_sql() -> str:
    from django.db import connection

    q = connection.ops.quote_name
    statuses = ", ".join(["%s"] * len(Person.PARTY_STATUSES))
    # Only quoted table and column names of the models go into the text.
    return (
        f"SELECT pe.{q('name')} FROM {q(Person._meta.db_table)} pe"  # noqa: S608  # nosec B608: model names, quoted
        f" WHERE pe.{q('is_active')} AND pe.{q('institute_id')} = %s"
        f" AND pe.{q('branch_id')} = %s AND pe.{q('political_status')} IN ({statuses})"
        f" AND NOT (pe.{q('id')} IN (SELECT f.{q('person_id')}"
        f" FROM {q(Pledge._meta.db_table)} f"
        f" WHERE f.{q('campaign_id')} = %s AND f.{q('unit_id')} = %s))"
        f" ORDER BY pe.{q('staff_no')} LIMIT %s"
    )


def _links(url_name: str, rows: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """Each (key, name) as (the object's URL, name), the URL reversed once for all."""
    if not rows:
        return []
    url = pk_url(url_name)
    return [(url(pk), name) for pk, name in rows]


def _below(unit, campaign) -> dict:
    """A unit that files no plan itself (a 党总支): its branches' plans and pledges, in
    one query (distinct counts: a branch's plans and pledges are joined side by side);
    the same for everyone, kept in the shared cache by the panel."""
    P = Status

    def count(rows: str, **only) -> Count:
        q = Q(**{f"{rows}__campaign": campaign})
        for field, value in only.items():
            q &= Q(**{f"{rows}__{field}": value})
        return Count(f"{rows}__pk", filter=q, distinct=True)

    figures = Organization.objects.filter(
        path__startswith=unit.path, kind=Organization.Kind.BRANCH, is_active=True
    ).aggregate(
        branches=Count("pk", distinct=True),
        plans_filed=count("plans"),
        plans_published=count("plans", status=P.PUBLISHED),
        plans_submitted=count("plans", status=P.SUBMITTED),
        pledges_total=count("pledges"),
        pledges_published=count("pledges", status=P.PUBLISHED),
        pledges_submitted=count("pledges", status=P.SUBMITTED),
    )
    return {
        "branches": figures["branches"],
        "plans": {
            "filed": figures["plans_filed"],
            "published": figures["plans_published"],
            "submitted": figures["plans_submitted"],
        },
        "pledges": {
            "total": figures["pledges_total"],
            "published": figures["pledges_published"],
            "submitted": figures["pledges_submitted"],
        },
    }


def member_panel(scope: Scope) -> dict | None:
    """The member's own pledge and its progress."""
    campaign = _campaign(scope)
    if campaign is None or scope.person is None:
        return None
    pledges = own_pledges(scope, campaign)
    return {"campaign": campaign, "pledges": pledges, "branch": scope.person.branch}


def staff_panel(scope: Scope) -> dict | None:
    """A pointer to the public board, with how much is on it."""
    campaign = _campaign(scope)
    if campaign is None:
        return None
    # The board's counts depend on what the board shows (pledges.access.board_unit_q:
    # the read paths, one's own units and department), not on who asks: kept for
    # everyone whose board is the same (the two counts' queries were most of a
    # member's panel).
    board = (campaign.pk, *board_key(scope))
    return {
        "campaign": campaign,
        **institute_figure(
            None,
            f"board_counts:{board!r}",
            lambda: {
                "pledge_count": selectors.board_pledge_count(scope, campaign),
                "plan_count": selectors.board_plan_count(scope, campaign),
            },
        ),
    }


def office_panel(scope: Scope) -> dict | None:
    """Filing progress by state in the office's scope."""
    campaign = _campaign(scope)
    if campaign is None:
        return {"campaign": None}
    return {"campaign": campaign, "counts": selectors.filing_counts(scope, campaign)}
