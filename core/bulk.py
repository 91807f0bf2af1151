"""Insert many new rows at once: on PostgreSQL, one ``COPY … FROM STDIN``.

``bulk_create`` builds one ``INSERT`` with a placeholder per value (15 per score, up
to 1 000 scores a statement); with large JSON documents in the rows (a score's inputs
and breakdown) the time goes into Django compiling that statement and psycopg
splitting and quoting it in Python, not into PostgreSQL: a full recomputation of
10 000 scores spent about 5 s there. A JSON array of the rows unpacked by
``jsonb_populate_recordset`` made PostgreSQL parse every document twice (the array,
then each column); ``bulk_insert`` streams the rows with ``COPY`` instead, each
value as psycopg writes it in COPY's text format, each document as its JSON text,
which PostgreSQL parses once, with the column's own type.

Each value is prepared as ``bulk_create`` prepares it (``pre_save`` then
``get_db_prep_save``); JSON fields go in as documents (their JSON text). The COPY
runs through the connection's execute wrappers (``core.versioned_cache`` sees the
write) and, when queries are recorded, is one query of the log.

Like ``bulk_create`` it sends no signals and calls no ``save()``; unlike it, it does
not set the primary keys on the objects (the caller must not need them). On another
database (SQLite, the embedded default) it is ``bulk_create``.

Two shortcuts keep the Python per row small: a value of a plain field (integer,
foreign key, text, boolean) that already has the column's Python type is sent as it
is, without the field's prepare calls (which would return it unchanged); and a JSON
document the caller has already written as JSON text (``encoded``: column → one text
per object, e.g. the canonical text a digest was taken of) is sent as it
is instead of being encoded again (PostgreSQL stores the same ``jsonb`` either way).
"""

import contextlib
import datetime
import decimal
import json
import uuid
from collections.abc import Mapping, Sequence

from django.db import connections, models, router

# Fields (exact classes) whose prepared value is the value itself when it already has
# one of these types (or is None).
_PLAIN = {
    models.IntegerField: (int,),
    models.BigIntegerField: (int,),
    models.SmallIntegerField: (int,),
    models.PositiveIntegerField: (int,),
    models.PositiveBigIntegerField: (int,),
    models.PositiveSmallIntegerField: (int,),
    models.ForeignKey: (int,),
    models.CharField: (str,),
    models.TextField: (str,),
    models.BooleanField: (bool,),
}


def _plain(value):
    """A prepared database value as JSON can carry it (see the module docstring)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot send {type(value).__name__} through bulk_insert")


def _simple_types(field) -> tuple[type, ...]:
    """The value types ``field`` sends unprepared; () for a field always prepared."""
    types = _PLAIN.get(type(field), ())
    if type(field) is models.ForeignKey and type(field.target_field) not in (
        models.AutoField,
        models.BigAutoField,
        models.SmallAutoField,
        models.IntegerField,
        models.BigIntegerField,
    ):
        return ()
    if types and type(field).pre_save is not models.Field.pre_save:
        return ()
    return types


def bulk_insert(
    model: type[models.Model],
    objs,
    *,
    batch_size: int = 2000,
    encoded: Mapping[str, Sequence[str]] | None = None,
) -> int:
    """Insert the unsaved ``objs`` of ``model``; returns how many. ``encoded``: for
    JSON columns, the JSON text of each object's document (in ``objs``' order)."""
    objs = list(objs)
    if not objs:
        return 0
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
        return len(objs)
    opts = model._meta
    returning = set(opts.db_returning_fields)
    fields = [f for f in opts.concrete_fields if f not in returning]
    documents = {f.column for f in fields if isinstance(f, models.JSONField)}
    encoded = {c: texts for c, texts in (encoded or {}).items() if c in documents}
    if any(len(texts) != len(objs) for texts in encoded.values()):
        raise ValueError("bulk_insert: one encoded document per object")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    # Quoted table and column names of the model only; the rows go as COPY data.
    sql = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
    plan = [
        (f, f.attname, _simple_types(f), f.column in documents, encoded.get(f.column))
        for f in fields
    ]
    dumps = json.JSONEncoder(default=_plain, ensure_ascii=False).encode

    def rows():
        for i, obj in enumerate(objs):
            row = []
            for f, attname, simple, document, texts in plan:
                if texts is not None:
                    row.append(texts[i])
                    continue
                if simple:
                    value = getattr(obj, attname)
                    if value is None or type(value) in simple:
                        row.append(value)
                        continue
                value = f.pre_save(obj, True)
                if document:
                    row.append(None if value is None else dumps(value))
                else:
                    row.append(f.get_db_prep_save(value, connection))
            yield row

    def copy(sql, params, many, context):
        with context["cursor"].cursor.copy(sql) as stream:
            for row in rows():
                stream.write_row(row)

    with connection.cursor() as cursor:
        # Through the connection's execute wrappers (core.versioned_cache sees the
        # write) and, when queries are recorded, into the query log.
        debug = getattr(cursor, "debug_sql", None)
        with debug(sql) if debug else contextlib.nullcontext():
            with connection.wrap_database_errors:
                cursor._execute_with_wrappers(sql, None, False, copy)
    return len(objs)
