"""A job's progress is visible to the page even while its transaction is open."""

import pytest
from django.db import connection, connections, transaction

from chuangxian.models import ExportJob
from core.progress import ProgressReporter


def _seen_from_outside(pk: int) -> int:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"SELECT progress FROM {ExportJob._meta.db_table} WHERE id = %s",  # noqa: S608
                [pk],
            )
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_it_shows_progress_from_inside_an_open_transaction(django_user_model):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: progress waits for the commit there")
    user = django_user_model.objects.create(username="progress")
    job = ExportJob.objects.create(requested_by=user, kind=ExportJob.Kind.SCORES)
    with (
        transaction.atomic(),
        ProgressReporter(ExportJob, job.pk, aside=True) as progress,
    ):
        progress(42)
        assert _seen_from_outside(job.pk) == 42
        progress(250)
        assert _seen_from_outside(job.pk) == 99
