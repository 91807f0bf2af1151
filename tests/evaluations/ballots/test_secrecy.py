"""The database itself cannot re-link a ballot to its voter (DESIGN.md "Secret ballots").

The schema checks run on every database; the ``xmin``, row-order and on-disk checks need
PostgreSQL (run with DATABASE_URL=postgres://… and a DATABASE_TEST_NAME of your own).
Those cast each ballot in its own transaction, so they need ``transaction=True``.
"""

import pytest
from django.db import connection, models

from evaluations.ballots import services
from evaluations.models import (
    Ballot,
    BallotAnswer,
    Participation,
    Slip,
    StagedBallot,
)
from organizations.models import Person, User
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of

BALLOT_MODELS = [StagedBallot, Ballot, BallotAnswer]
SECRET_MODELS = [*BALLOT_MODELS, Participation, Slip]
VOTER_MODELS = {Person, User, Participation, Slip}
VOTER_WORDS = ("voter", "person", "user", "participation", "slip", "created", "ip")


def test_it_gives_ballot_tables_no_link_to_a_voter():
    for model in BALLOT_MODELS:
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model not in VOTER_MODELS, (model, field.name)
            assert not set(field.name.split("_")) & set(VOTER_WORDS), (
                model,
                field.name,
            )


def test_it_gives_has_voted_rows_no_link_to_a_ballot():
    for model in (Participation, Slip):
        for field in model._meta.get_fields():
            if field.is_relation:
                assert field.related_model not in BALLOT_MODELS, (model, field.name)


def test_it_keys_ballots_by_random_uuids():
    for model in (StagedBallot, Ballot):
        assert isinstance(model._meta.pk, models.UUIDField)


def test_it_keeps_no_time_finer_than_the_day():
    for model in SECRET_MODELS:
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.TimeField), (
                model,
                field.name,
            )
    for model in BALLOT_MODELS:
        assert not any(
            isinstance(f, models.DateField) for f in model._meta.concrete_fields
        ), model


# ---------------------------------------------------------------------------------------
# PostgreSQL: what the database keeps beyond the columns


def _tables(*models_):
    return [m._meta.db_table for m in models_]


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_has_no_foreign_key_from_a_ballot_table_to_a_voter_in_postgres(
    require_postgres,
):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT tc.table_name, ccu.table_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu
              ON ccu.constraint_name = tc.constraint_name
             AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name = ANY(%s)
            """,
            [_tables(*BALLOT_MODELS)],
        )
        links = cursor.fetchall()
    assert links  # round, target, question and ballot keys exist …
    forbidden = set(_tables(Person, User, Participation, Slip))
    assert not [link for link in links if link[1] in forbidden]  # … none to a voter


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_has_no_time_columns_in_postgres(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_name, column_name, data_type
            FROM information_schema.columns
            WHERE table_name = ANY(%s)
              AND (data_type LIKE 'time%%' OR data_type LIKE 'interval%%'
                   OR (data_type = 'date' AND table_name = ANY(%s)))
            """,
            [_tables(*SECRET_MODELS), _tables(*BALLOT_MODELS)],
        )
        assert cursor.fetchall() == []


def _xmins(model) -> set[str]:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


def _cast_many(inst, n):
    round = make_round(inst, k=5)
    target = target_of(round, unit=inst.branch)
    receipts = [
        cast(round, voter, target, rating=1 + i % 4)
        for i, voter in enumerate(staff_of(inst, n))
    ]
    return round, receipts


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_links_staged_ballots_by_xmin_which_is_why_they_are_mixed(
    require_postgres, inst
):
    _round, _receipts = _cast_many(inst, 20)
    assert _xmins(StagedBallot) == _xmins(Participation)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_shared_xmin_after_mixing(require_postgres, inst):
    round, _receipts = _cast_many(inst, 200)
    services.round_close(round=round)
    participations = _xmins(Participation)
    assert len(participations) == 200
    assert not participations & _xmins(Ballot)
    assert not participations & _xmins(BallotAnswer)
    assert Ballot.objects.count() == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_staged_row_on_disk_after_mixing(require_postgres, inst):
    round, _receipts = _cast_many(inst, 30)
    services.round_close(round=round)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s)", [StagedBallot._meta.db_table])
        assert cursor.fetchone()[0] == 0  # TRUNCATE: not even dead tuples remain


def _spearman(order_a: list, order_b: list) -> float:
    rank = {item: i for i, item in enumerate(order_b)}
    n = len(order_a)
    d2 = sum((i - rank[item]) ** 2 for i, item in enumerate(order_a))
    return 1 - 6 * d2 / (n * (n * n - 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_leaves_no_ordering_leak_after_mixing(require_postgres, inst):
    round, receipts = _cast_many(inst, 200)
    services.round_close(round=round)
    table = connection.ops.quote_name(Ballot._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT receipt FROM {table} ORDER BY ctid")  # noqa: S608
        physical = [row[0] for row in cursor.fetchall()]
    assert sorted(physical) == sorted(receipts)
    assert physical != receipts
    # A random order has |rho| around 0.07 for 200 items; 0.3 is over four sigma.
    assert abs(_spearman(physical, receipts)) < 0.3
