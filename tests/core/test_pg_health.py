"""The PostgreSQL backend's health check (core.postgresql): no round trip for a good
connection, a closed one still found and replaced."""

import time

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other(require_postgres):
    """A connection of its own (the test's own one stays untouched)."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.fixture
def statements(monkeypatch):
    """Every statement psycopg is asked to run, Django's ``SELECT 1`` included."""
    seen: list[str] = []
    run = psycopg.Cursor.execute

    def counting(self, query, *args, **kwargs):
        seen.append(str(query))
        return run(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "execute", counting)
    return seen


def _terminate(wrapper) -> None:
    pid = wrapper.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True


def test_a_good_idle_connection_is_usable_without_a_statement(other, statements):
    assert other.is_usable() is True
    assert statements == []


def test_a_connection_the_server_ended_is_found_and_replaced(other, statements):
    old_pid = other.connection.info.backend_pid
    _terminate(other)
    deadline = time.monotonic() + 10
    while other.is_usable() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert other.is_usable() is False
    # What Django does at a request's first query: close it, then connect anew.
    other.health_check_done = False
    other.close_if_health_check_failed()
    assert other.connection is None
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


def test_in_a_transaction_it_asks_the_server(other, statements):
    other.set_autocommit(False)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT 2")
        statements.clear()
        assert other.is_usable() is True
        assert statements == ["SELECT 1"]
    finally:
        other.rollback()
        other.set_autocommit(True)


def test_the_project_uses_it():
    assert type(connections["default"]).__module__ == (
        "core.postgresql.base"
        if connection.vendor == "postgresql"
        else "django.db.backends.sqlite3.base"
    )
