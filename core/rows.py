"""Model instances from the rows of a hand-written query, as the ORM builds them.

Some queries run on every page (the user's scope, the campaigns over their institute):
compiling their querysets, with their joins and orderings, costs more Python than the
rest of a signed-in page's frame. Such a query is written once per process from the
models' metadata (:func:`columns`), run with its parameters, and its rows turned into
instances here (:func:`instance`): each field's database converters, then the
instance as ``Model.from_db`` makes it (:func:`from_db`), exactly what ``QuerySet``
iteration does for a ``select_related`` row.
"""

import functools
import json

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute

# Class attributes under which ``Model.__init__`` stores a column's value in the
# instance's ``__dict__`` and nothing else (a fresh instance caches no relation).
_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


@functools.cache
def _plain_attnames(model) -> tuple[str, ...] | None:
    """The concrete fields' attribute names in order, where ``model.from_db`` is
    Django's and every one of them is a plain ``__dict__`` entry (not a file field's
    descriptor, say): then :func:`from_db` may fill the ``__dict__`` itself; else None."""
    if (
        model.from_db.__func__ is not Model.from_db.__func__
        or model.__init__ is not Model.__init__
    ):
        return None
    fields = model._meta.concrete_fields
    for f in fields:
        descriptor = model.__dict__.get(f.attname, getattr(model, f.attname, None))
        if type(descriptor) not in _PLAIN_DESCRIPTORS:
            return None
    return tuple(f.attname for f in fields)


def from_db(model, db: str, attnames: list[str], values):
    """``model.from_db(db, attnames, values)``, for a row of every concrete field
    (in the model's order, as ``from_db`` reads such a row), without
    ``Model.__init__``'s ``setattr`` through each field's descriptor and the signals
    it sends: the same ``__dict__`` (``_state``, then the fields), at a fraction of
    the cost. Django's ``from_db`` wherever that could differ: a model with its own
    ``__init__``/``from_db`` or a field with another descriptor, deferred fields, or a
    ``pre_init``/``post_init`` receiver anywhere."""
    names = _plain_attnames(model)
    if (
        names is None
        or len(values) != len(names)
        or signals.pre_init.receivers
        or signals.post_init.receivers
    ):
        return model.from_db(db, attnames, values)
    obj = object.__new__(model)
    state = ModelState()
    state.adding = False
    state.db = db
    fields = obj.__dict__
    fields["_state"] = state
    fields.update(zip(names, values, strict=True))
    return obj


def columns(model, alias: str, quote) -> list[str]:
    """The model's concrete columns, in ``from_db`` order, as ``alias."column"``."""
    return [f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields]


@functools.cache
def loader(model, db: str) -> tuple[type, list[str], list | None]:
    """The model, its column attribute names, and each field's database converters
    (None if no field has any) for rows read from the database ``db``."""
    connection = connections[db]
    fields = model._meta.concrete_fields
    # As the ORM's compiler: the backend's converters (SQLite's datetimes made
    # aware), then the field's, each called with the column's expression.
    table = model._meta.db_table
    converters = [
        (
            col := f.get_col(table),
            connection.ops.get_db_converters(col) + f.get_db_converters(connection),
        )
        for f in fields
    ]
    return (
        model,
        [f.attname for f in fields],
        converters if any(c for _f, c in converters) else None,
    )


def instance(load: tuple, db: str, row, start: int):
    """The instance whose columns start at ``row[start]`` (``load``: :func:`loader`),
    None where a LEFT JOIN found no row; and where the next columns start."""
    model, attnames, converters = load
    end = start + len(attnames)
    if row[start] is None:  # the primary key: a join that found no row
        return None, end
    values = row[start:end]
    if converters:
        connection = connections[db]
        values = [
            _convert(value, field, funcs, connection)
            for value, (field, funcs) in zip(values, converters, strict=True)
        ]
    return from_db(model, db, attnames, values), end


def _convert(value, field, funcs, connection):
    for convert in funcs:
        value = convert(value, field, connection)
    return value


def in_ids(vendor: str) -> str:
    """``column`` + this: the column is one of a list of ids given as one parameter
    (:func:`ids_param`), so a query's text stays the same whatever the list's length:
    an array on PostgreSQL, a JSON list on SQLite (the embedded default)."""
    if vendor == "postgresql":
        return " = ANY(%s)"
    return " IN (SELECT value FROM json_each(%s))"


def ids_param(vendor: str, ids) -> list[int] | str:
    """The parameter of :func:`in_ids` for ``ids``."""
    ids = [int(i) for i in ids]
    return ids if vendor == "postgresql" else json.dumps(ids)


#: Queries compiled once per process (:func:`compiled`, :func:`instances`,
#: :func:`values`), by database connection and key; shapes that vary (a voter's
#: rounds) may make many: the store is emptied past ``_KEPT_AT_MOST``.
_kept: dict = {}
_KEPT_AT_MOST = 512


def _once(full, make):
    """``make()`` once per process for ``full`` (``_kept``)."""
    if full not in _kept:
        if len(_kept) > _KEPT_AT_MOST:
            _kept.clear()
        _kept[full] = make()
    return _kept[full]


def compiled(key, build):
    """``build()`` (a query's SQL and parameters, compiled for stand-in keys) once
    per process and database for ``key``; the caller runs it with the real keys put
    in place by :func:`with_keys`. Compiling a queryset with its joins and orderings
    costs more than running it, on queries every page asks with other keys."""
    from django.db import connection

    return _once((connection.alias, "sql", key), build)


def with_keys(params, real: dict[int, object]) -> list:
    """The parameters of a query compiled by :func:`compiled`, each stand-in key
    (negative, never a row's) replaced by the real one."""
    return [real.get(p, p) if type(p) is int else p for p in params]


def _prepared(kind: str, key, build, derive=lambda compiler: None):
    """``build()``'s query compiled once per process, connection and ``key``: its
    compiler (whose select, klass_info and converters the rows are read with), SQL,
    parameters and ``derive(compiler)``; SQL None for a filter no row can pass (an
    empty slice, say)."""
    from django.db import connection

    def prepare():
        query = build().query
        compiler = query.get_compiler(using=connection.alias)
        try:
            sql, params = compiler.as_sql()  # fills select, klass_info, annotations
        except EmptyResultSet:
            return compiler, None, [], None
        return compiler, sql, params, derive(compiler)

    return _once((connection.alias, id(connection), kind, key), prepare)


def _run(compiler, sql, params, real) -> list:
    """The rows of a prepared query run with the real keys, through the columns'
    converters (as the ORM reads them)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, with_keys(params, real))
        fetched = cursor.fetchall()
    return list(compiler.results_iter(results=[fetched]))


def instances(key, build, real: dict[int, object]) -> list:
    """The model instances of ``build()`` (a queryset whose keys are stand-ins:
    negative, never a row's) with the real keys of ``real`` in their place, as the
    ORM iterates them: ``select_related`` rows populated, annotations set.

    The queryset is compiled once per process, database connection and ``key``
    (:func:`_prepared`); each call runs the SQL and builds the instances only. For
    the one-object lookups every page of a kind makes (a pledge with its unit,
    member and campaign): compiling them cost more than the rest of the lookup.
    ``key`` must name everything ``build`` varies by besides the stand-ins;
    ``build`` must not use ``prefetch_related``, known related objects or
    ``values()``."""
    from django.db import connection
    from django.db.models.query import get_related_populators

    def checked():
        queryset = build()
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ValueError("instances(): no prefetch or known related objects")
        return queryset

    def derive(compiler) -> tuple:
        klass_info, select = compiler.klass_info, compiler.select
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return (
            klass_info["model"],
            start,
            end,
            [f[0].target.attname for f in select[start:end]],
            get_related_populators(klass_info, select, connection.alias),
        )

    compiler, sql, params, derived = _prepared("instances", key, checked, derive)
    if sql is None:
        return []
    model, start, end, names, populators = derived
    db, found = connection.alias, []
    for row in _run(compiler, sql, params, real):
        obj = from_db(model, db, names, row[start:end])
        for populator in populators:
            populator.populate(row, obj)
        for name, at in compiler.annotation_col_map.items():
            setattr(obj, name, row[at])
        found.append(obj)
    return found


#: The stand-in key of :func:`by_pk`'s lookups (no row has it).
_ANY_PK = -7_100_001


def by_pk(key, build, pk):
    """The one instance of ``build()`` (a queryset: its joins, no filter) whose
    primary key is ``pk``, or None: :func:`instances` of ``build().filter(pk=…)``."""
    found = instances(("by_pk", key), lambda: build().filter(pk=_ANY_PK), {_ANY_PK: pk})
    return found[0] if found else None


def values(key, build, real: dict[int, object]) -> list[dict]:
    """The rows of ``build()`` (a ``values()`` queryset whose keys are stand-ins, as
    for :func:`instances`) as the ORM gives them, compiled once per process,
    connection and ``key``."""

    def names(compiler) -> list[str]:
        query = compiler.query
        return [*query.extra_select, *query.values_select, *query.annotation_select]

    compiler, sql, params, columns = _prepared("values", key, build, names)
    if sql is None:
        return []
    return [
        dict(zip(columns, row, strict=True))
        for row in _run(compiler, sql, params, real)
    ]
