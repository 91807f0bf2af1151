"""DATABASE_URL → Django's DATABASES entry: prepared statements and their opt-out."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from chuangxian.settings import database_from_url

URL = "postgres://cx@db.example.org:5433/chuangxian"


def test_statements_run_five_times_on_a_connection_are_prepared_by_default():
    # Django turns psycopg's preparing off unless OPTIONS set it; planning was most
    # of PostgreSQL's time for the pages' queries.
    options = database_from_url(URL)["OPTIONS"]
    assert options["prepare_threshold"] == 5
    assert options["server_side_binding"] is True


def test_a_pooler_turns_preparing_off_or_changes_the_threshold():
    assert (
        database_from_url(URL + "?prepare_threshold=none")["OPTIONS"][
            "prepare_threshold"
        ]
        is None
    )
    assert (
        database_from_url(URL + "?prepare_threshold=2")["OPTIONS"]["prepare_threshold"]
        == 2
    )


def test_a_threshold_that_is_not_a_number_is_refused():
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        database_from_url(URL + "?prepare_threshold=often")


@pytest.mark.django_db
def test_the_test_database_prepares_a_repeated_statement():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    connection.ensure_connection()
    assert connection.connection.prepare_threshold == 5
