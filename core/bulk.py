"""Insert many new rows at once: on PostgreSQL, one JSON parameter per batch.

``bulk_create`` builds one ``INSERT`` with a placeholder per value (15 per score, up
to 1 000 scores a statement); with large JSON documents in the rows (a score's inputs
and breakdown) the time goes into Django compiling that statement and psycopg
splitting and quoting it in Python, not into PostgreSQL: a full recomputation of
10 000 scores spent about 5 s there. ``bulk_insert`` sends each batch as ONE
parameter, a JSON array of the rows, and lets PostgreSQL unpack it::

    INSERT INTO "t" ("a", "b", …) SELECT "a", "b", … FROM jsonb_populate_recordset(NULL::"t", %s)

Each value is prepared as ``bulk_create`` prepares it (``pre_save`` then
``get_db_prep_save``), JSON fields go in as documents (PostgreSQL stores them as
they are), other values as their text (``str`` of a Decimal, ``isoformat`` of a
datetime, to the microsecond), which PostgreSQL reads with the column's own type.

Like ``bulk_create`` it sends no signals and calls no ``save()``; unlike it, it does
not set the primary keys on the objects (the caller must not need them). On another
database (SQLite, the embedded default) it is ``bulk_create``.
"""

import datetime
import decimal
import json
import uuid

from django.db import connections, models, router


def _plain(value):
    """A prepared database value as JSON can carry it (see the module docstring)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot send {type(value).__name__} through bulk_insert")


def bulk_insert(model: type[models.Model], objs, *, batch_size: int = 2000) -> int:
    """Insert the unsaved ``objs`` of ``model``; returns how many."""
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
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    # Quoted table and column names of the model only; the rows go as a parameter.
    sql = (
        f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608  # nosec B608
        f"FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb)"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            rows = []
            for obj in objs[start : start + batch_size]:
                row = {}
                for f in fields:
                    value = f.pre_save(obj, True)
                    if f.column not in documents:
                        value = f.get_db_prep_save(value, connection)
                    row[f.column] = value
                rows.append(row)
            cursor.execute(sql, [json.dumps(rows, default=_plain, ensure_ascii=False)])
    return len(objs)
