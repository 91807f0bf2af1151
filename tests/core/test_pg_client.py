"""psycopg as the pages need it (core.pg_client): timestamps read by its compiled
loader give exactly what Django's own loader gives; long query texts are converted
once."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg._cmodule import _psycopg

from core import pg_client
from organizations.models import User

pytestmark = pytest.mark.django_db

VALUES = [
    "2026-12-07 12:00:00+00",
    "2026-06-30 23:59:59.999999+08",  # another offset: the same instant in UTC
    "1999-01-01 00:00:00.5-05:30",
    "2024-02-29 08:15:42.000001+00",
]


def _read(values):
    sql = ", ".join(f"%s::timestamptz AS v{n}" for n in range(len(values)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", values)  # noqa: S608  # nosec B608: placeholders only
        loader = cursor.cursor.adapters.get_loader(1184, 0)
        return list(cursor.fetchone()), loader


def _read_with_djangos_loader(values):
    """The same values as Django's loader reads them (registered on one cursor)."""
    sql = ", ".join(f"%s::timestamptz AS v{n}" for n in range(len(values)))
    with connection.cursor() as cursor:

        class DjangosLoader(BaseTzLoader):
            timezone = connection.timezone

        cursor.cursor.adapters.register_loader("timestamptz", DjangosLoader)
        cursor.execute(f"SELECT {sql}", values)  # noqa: S608  # nosec B608: placeholders only
        return list(cursor.fetchone())


def test_timestamps_read_compiled_equal_djangos_to_the_microsecond(require_postgres):
    found, loader = _read(VALUES)
    assert loader is pg_client._loader_class(connection.timezone)
    assert loader.timezone is datetime.UTC
    expected = _read_with_djangos_loader(VALUES)
    assert found == expected
    assert [v.tzinfo for v in found] == [datetime.UTC] * len(VALUES)
    assert found[1] == datetime.datetime(2026, 6, 30, 15, 59, 59, 999999, datetime.UTC)
    # The compiled loader does the reading (the instance's load is not Django's).
    with connection.cursor() as cursor:
        instance = loader(1184, cursor.cursor)
        assert "load" in vars(instance)
        assert type(instance.load.__self__) is _psycopg.TimestamptzLoader


def test_models_read_their_dates_as_before(require_postgres):
    user = User.objects.create(username="timestamps")
    again = User.objects.get(pk=user.pk)
    assert again.date_joined == user.date_joined
    assert again.date_joined.tzinfo is datetime.UTC


def test_another_session_time_zone_falls_back_to_djangos_loader(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'Asia/Shanghai'")
    try:
        found, _loader = _read(VALUES)
        expected = _read_with_djangos_loader(VALUES)
        assert found == expected
        with connection.cursor() as cursor:
            instance = _loader(1184, cursor.cursor)
            assert "load" not in vars(instance)  # Django's Python load, unchanged
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")


def test_long_query_texts_are_converted_once():
    from psycopg import _queries

    from core.pg_client import QUERY_PARAMS, QUERY_TEXT_BYTES

    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= QUERY_TEXT_BYTES
    assert _queries.MAX_CACHED_STATEMENT_PARAMS >= QUERY_PARAMS
    # Beyond psycopg's own limits: 4 096 bytes and 50 parameters.
    long_query = (
        "SELECT " + ", ".join(f"%s AS c{n}" for n in range(60)) + " -- " + "x" * 5000
    ).encode()
    before = _queries._query2pg.cache_info()
    for _ in range(3):
        query = _queries.PostgresQuery(connection_transformer())
        query.convert(long_query, list(range(60)))
        assert query.query.startswith(b"SELECT $1 AS c0, $2 AS c1")
    after = _queries._query2pg.cache_info()
    assert after.misses == before.misses + 1
    assert after.hits == before.hits + 2


def connection_transformer():
    from psycopg.adapt import Transformer

    return Transformer()


@pytest.mark.django_db
def test_queries_with_many_parameters_still_run(require_postgres):
    # Beyond the parameter limit (200): converted afresh, as before.
    ids = list(range(1, 260))
    values = ", ".join(["(%s)"] * len(ids))
    sql = f"SELECT count(*) FROM (VALUES {values}) AS v(n) WHERE n > %s"  # noqa: S608  # nosec B608: placeholders only
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, 40])
        assert cursor.fetchone()[0] == 219
