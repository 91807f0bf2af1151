"""Django's PostgreSQL backend with a health check that asks the socket, not the server.

With ``CONN_HEALTH_CHECKS`` Django checks a persistent connection at the first query
of every request, by running ``SELECT 1`` on it: a round trip to PostgreSQL on every
page, a fifth of those the signed-in frame makes. When the server ends a connection
(a restart, ``pg_terminate_backend``, an idle timeout) it sends its last message and
closes the socket, which then reads as ready; an idle connection that is still good
has nothing to read. So the check polls the socket without waiting: nothing to read
is usable; anything to read (or a socket that cannot be polled) goes on to Django's
``SELECT 1``, which reads the closing message and fails as before. A connection in a
transaction, or one psycopg already knows is closed or broken, is judged as Django
judges it.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self):
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != pq.TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poller = select.poll()
            poller.register(connection.pgconn.socket, select.POLLIN | select.POLLPRI)
            ready = poller.poll(0)
        except (OSError, ValueError, AttributeError):
            return super().is_usable()
        return True if not ready else super().is_usable()
