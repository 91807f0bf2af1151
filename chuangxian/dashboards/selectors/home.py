"""Personal home panels."""

from django.db.models import Count, Window

from organizations.models import Notification, Person
from organizations.notifications.services import remember_unread_count


def my_notifications(person: Person, *, limit: int = 5) -> dict:
    """The newest unread notifications and how many there are (one query: the count is
    a window over the unread rows, and the navigation bar's count is taken from it)."""
    latest = list(
        Notification.objects.filter(recipient=person, read_at__isnull=True)
        .annotate(unread_total=Window(Count("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )
    count = latest[0].unread_total if latest else 0
    if person.user_id is not None:
        count = remember_unread_count(person.user_id, count)
    return {"latest": latest, "count": count}
