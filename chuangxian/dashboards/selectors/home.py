"""Personal home panels."""

from django.db.models import Count, Window

from core import request_cache, rows
from organizations.models import Notification, Person
from organizations.notifications.services import remember_unread_count

#: A primary key no person has: the panel's SQL is compiled once per process for it
#: (``core.rows.compiled``), then run with the reader's key in its place.
_ANY_PERSON = -7_140_002


def my_notifications(person: Person, *, limit: int = 5) -> dict:
    """The newest unread notifications and how many there are, in one query compiled
    once per process (the shape never changes). In a GET request the sign-in query
    has already counted them (``organizations.access.user_with_scope``); elsewhere
    the count is a window over the unread rows and is handed on to the navigation
    bar."""
    known = (
        request_cache.peek(("unread", person.user_id))
        if person.user_id is not None
        else None
    )
    counted = known is None

    def compile_sql():
        unread = Notification.objects.filter(
            recipient_id=_ANY_PERSON, read_at__isnull=True
        )
        if counted:
            unread = unread.annotate(unread_total=Window(Count("pk")))
        return unread.order_by("-created_at", "-pk")[:limit].query.sql_with_params()

    sql, params = rows.compiled(("my_notifications", limit, counted), compile_sql)
    latest = list(
        Notification.objects.raw(sql, rows.with_keys(params, {_ANY_PERSON: person.pk}))
    )
    if not counted:
        return {"latest": latest, "count": known}
    count = latest[0].unread_total if latest else 0
    if person.user_id is not None:
        count = remember_unread_count(person.user_id, count)
    return {"latest": latest, "count": count}
