"""DATABASE_URL → Django's DATABASES entry: prepared statements, their plans and the
opt-outs."""

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


def test_prepared_statements_are_planned_once_for_any_parameters_by_default():
    options = database_from_url(URL)["OPTIONS"]
    assert options["options"] == "-c plan_cache_mode=force_generic_plan"
    # Other startup options given in the URL are kept.
    options = database_from_url(URL + "?options=-c%20work_mem%3D8MB")["OPTIONS"]
    assert options["options"] == "-c work_mem=8MB -c plan_cache_mode=force_generic_plan"


def test_the_plan_cache_mode_can_be_postgresqls_default_or_is_not_sent_to_a_pooler():
    assert "options" not in database_from_url(URL + "?plan_cache_mode=auto")["OPTIONS"]
    assert (
        "options" not in (database_from_url(URL + "?prepare_threshold=none")["OPTIONS"])
    )
    options = database_from_url(URL + "?plan_cache_mode=force_custom_plan")["OPTIONS"]
    assert options["options"] == "-c plan_cache_mode=force_custom_plan"
    assert "plan_cache_mode" not in options
    with pytest.raises(ImproperlyConfigured, match="plan_cache_mode"):
        database_from_url(URL + "?plan_cache_mode=sometimes")


@pytest.mark.django_db
def test_the_test_database_plans_prepared_statements_once(settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    expected = settings.DATABASES["default"]["OPTIONS"].get("options", "")
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        mode = cursor.fetchone()[0]
    assert mode == (
        "force_generic_plan" if "force_generic_plan" in expected else "auto"
    )
    assert "plan_cache_mode=force_generic_plan" in expected  # the default: no opt-out
