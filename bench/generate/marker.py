"""The cache marker."""

import json
from dataclasses import asdict

from django.db import connection

from bench.generate.scale import GENERATOR_VERSION, META_TABLE, Scale


def _meta_table() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} "  # noqa: S608  # nosec B608: a constant
            "(key VARCHAR(50) PRIMARY KEY, value TEXT NOT NULL)"
        )


def meta_read() -> dict | None:
    """What the last complete generation recorded, or None."""
    _meta_table()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608  # nosec B608: a constant
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _meta_write(meta: dict) -> None:
    _meta_table()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {META_TABLE} WHERE key = 'dataset'")  # noqa: S608  # nosec B608: a constant
        cursor.execute(
            f"INSERT INTO {META_TABLE} (key, value) VALUES ('dataset', %s)",  # noqa: S608  # nosec B608: a constant
            [json.dumps(meta, ensure_ascii=False)],
        )


def meta_clear() -> None:
    _meta_table()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {META_TABLE}")  # noqa: S608  # nosec B608: a constant


def is_complete(scale: Scale, institutes: int | None = None) -> bool:
    """Whether the database holds a complete dataset of this version and scale (an
    academy of ``institutes`` institutes at that scale, or else one institute)."""
    meta = meta_read()
    return bool(
        meta
        and meta.get("version") == GENERATOR_VERSION
        and meta.get("scale") == asdict(scale)
        and (meta.get("academy") or {}).get("institutes") == institutes
    )
