"""Progress of a background job (后台任务进度), written to its row for the page to poll.

Both the exports and the roster import report through ``ProgressReporter``: it clamps the
percentage to 1–99 (0 is "not started", 100 is "done", both set by the job itself) and
writes only when the number moved. A job that writes all-or-nothing runs inside one
transaction, whose updates no one sees before it commits; such a job asks for ``aside``
and the reporter writes on a connection of its own (PostgreSQL), so the page still moves. SQLite has one writer at a
time, so inside a transaction there it stays silent until the end.
"""

import logging

from django.db import connection, connections

logger = logging.getLogger(__name__)


class ProgressReporter:
    """Call with a percentage; ``close()`` (or ``with``) releases its own connection."""

    def __init__(self, model, pk: int, *, aside: bool = False, **only_when):
        """``aside``: the job writes inside one long transaction; report from aside."""
        self.model, self.pk, self.only_when, self.aside = model, pk, only_when, aside
        self.last = -1
        self._side = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __call__(self, percent: int) -> None:
        percent = max(1, min(int(percent), 99))
        if percent == self.last:
            return
        self.last = percent
        if not (self.aside and connection.in_atomic_block):
            self.model.objects.filter(pk=self.pk, **self.only_when).update(
                progress=percent
            )
        elif connection.vendor == "postgresql":
            self._write_aside(percent)

    def _write_aside(self, percent: int) -> None:
        try:
            if self._side is None:
                self._side = connections.create_connection("default")
                with self._side.cursor() as cursor:
                    # Never wait on a row the job itself holds.
                    cursor.execute("SET lock_timeout = '500ms'")
            quote = self._side.ops.quote_name
            with self._side.cursor() as cursor:
                # Identifiers come from the model, never from input.
                sql = (
                    f"UPDATE {quote(self.model._meta.db_table)} SET "  # noqa: S608  # nosec B608
                    f"{quote('progress')} = %s WHERE {quote('id')} = %s"
                )
                cursor.execute(sql, [percent, self.pk])
        except Exception:  # progress is a courtesy: it never fails the job
            logger.warning("Could not report progress of %s %s", self.model, self.pk)

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None
