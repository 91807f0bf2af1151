"""Enqueue Celery work from web requests without ever breaking them.

Work is published only once the surrounding transaction commits, so a worker never reads
rows that are not there yet. Publishing must not hang or fail a request: the broker
transport options in settings bound a dead or hung Redis to about two seconds
(``socket_connect_timeout``/``socket_timeout`` 2, ``max_retries`` 0, no publish retry),
and any error is logged and swallowed here. Nothing is lost: every task we enqueue is an
idempotent step that the next scheduler tick (or daily run) also finds and does.

After a network failure the broker counts as down for ``COOL_DOWN`` seconds in this
process: further enqueues skip it at once, so a request that enqueues several tasks, or a
web worker serving many requests, waits for the timeout once, not every time.
"""

import logging
import threading
import time

from django.db import transaction

logger = logging.getLogger(__name__)

# Errors whose message speaks of the network only, so it is safe to log. Anything else
# (an encoding error, say) may quote the arguments, which can be ballot content.
_NETWORK_ERRORS: tuple[type[BaseException], ...] = (OSError, TimeoutError)
try:  # kombu wraps socket errors in its OperationalError
    from kombu.exceptions import OperationalError

    _NETWORK_ERRORS += (OperationalError,)
except ImportError:  # pragma: no cover - kombu comes with celery
    pass


COOL_DOWN = 30.0
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def _broker_key(task) -> str:
    """Which broker the task publishes to (a dict key only: it may hold a password).

    Empty for objects that are not Celery tasks and for eager mode: those never trip
    the cool-down.
    """
    try:
        conf = task.app.conf
        return "" if conf.task_always_eager else str(conf.broker_url or "")
    except Exception:
        return ""


def reset_broker_state() -> None:
    """Forget brokers marked down (for tests)."""
    with _lock:
        _down_until.clear()


def _publish(task, args: tuple, kwargs: dict) -> bool:
    """Publish now; log and swallow any failure. True when the broker took it."""
    name = getattr(task, "name", None) or repr(task)
    key = _broker_key(task)
    if key and time.monotonic() < _down_until.get(key, 0.0):
        logger.warning(
            "Broker recently unreachable: task %s not enqueued; the next scheduler "
            "tick will do it.",
            name,
        )
        return False
    try:
        task.apply_async(args, kwargs)
    except Exception as exc:
        if key and isinstance(exc, _NETWORK_ERRORS):
            with _lock:
                _down_until[key] = time.monotonic() + COOL_DOWN
        # Log the task name and the kind of failure only: never args, which may carry
        # ballot content or personal data.
        reason = str(exc) if isinstance(exc, _NETWORK_ERRORS) else ""
        logger.warning(
            "Could not enqueue task %s (%s%s); the next scheduler tick will do it.",
            name,
            type(exc).__name__,
            f": {reason}" if reason else "",
        )
        return False
    return True


def enqueue(task, *args, **kwargs) -> None:
    """Publish ``task(*args, **kwargs)`` once the current transaction commits.

    Outside a transaction it publishes at once. It never raises: with the broker down or
    hung the failure is logged (task name only) and the caller carries on.
    """
    try:
        transaction.on_commit(lambda: _publish(task, args, kwargs))
    except Exception as exc:
        # on_commit itself only fails if the database is unusable; still never raise.
        logger.warning(
            "Could not schedule task %s (%s)",
            getattr(task, "name", None) or repr(task),
            type(exc).__name__,
        )
