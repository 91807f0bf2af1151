"""Personal home panels."""

from django.db.models import Count, Window

from core import rows
from organizations.models import Notification, Person
from organizations.notifications.services import remember_unread_count

#: A primary key no person has: the panel's SQL is compiled once per process for it
#: (``core.rows.compiled``), then run with the reader's key in its place.
_ANY_PERSON = -7_140_002


def my_notifications(person: Person, *, limit: int = 5) -> dict:
    """The newest unread notifications and how many there are (one query: the count is
    a window over the unread rows, and the navigation bar's count is taken from it;
    compiled once per process, as the shape never changes)."""
    sql, params = rows.compiled(
        ("my_notifications", limit),
        lambda: (
            Notification.objects.filter(recipient_id=_ANY_PERSON, read_at__isnull=True)
            .annotate(unread_total=Window(Count("pk")))
            .order_by("-created_at", "-pk")[:limit]
            .query.sql_with_params()
        ),
    )
    latest = list(
        Notification.objects.raw(sql, rows.with_keys(params, {_ANY_PERSON: person.pk}))
    )
    count = latest[0].unread_total if latest else 0
    if person.user_id is not None:
        count = remember_unread_count(person.user_id, count)
    return {"latest": latest, "count": count}
