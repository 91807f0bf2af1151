"""Notifications (通知): the in-app centre and the emails that carry it.

``notify`` is what every app calls; it is idempotent through the dedupe key, so the
scheduler may call it on every tick. Email goes out from Celery: at once for people who
asked for it, else as at most one digest a day (``digest_send``), which also picks up
anything an immediate send missed while the broker was down.
"""

import functools
import logging
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.enqueue import enqueue
from core.request_cache import memo
from organizations.models import DigestLog, Notification, NotificationSetting, Person

logger = logging.getLogger(__name__)

CHUNK = 500


def _ids(recipients: Iterable) -> list[int]:
    ids = set()
    for r in recipients:
        ids.add(r.pk if isinstance(r, Person) else int(r))
    ids.discard(None)
    return sorted(ids)


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
) -> int:
    """Notify people (发送通知); returns how many new notifications were stored.

    ``recipients`` are Persons or their ids. With a ``dedupe_key`` a person who already
    has a notification under that key gets no second one, even from a concurrent call.
    """
    if kind not in Notification.Kind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    ids = _ids(recipients)
    if not ids:
        return 0
    if dedupe_key:
        done: set[int] = set()
        for chunk in _chunks(ids):
            done.update(
                Notification.objects.filter(
                    recipient_id__in=chunk, dedupe_key=dedupe_key
                ).values_list("recipient_id", flat=True)
            )
        ids = [i for i in ids if i not in done]
    else:
        dedupe_key = None
    if not ids:
        return 0
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=i,
                kind=kind,
                title=title[:200],
                body=body,
                url=url[:500],
                dedupe_key=dedupe_key,
            )
            for i in ids
        ],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    immediate: list[int] = []
    for chunk in _chunks(ids):
        immediate.extend(
            NotificationSetting.objects.filter(
                person_id__in=chunk,
                email_enabled=True,
                email_frequency=NotificationSetting.Frequency.IMMEDIATE,
            ).values_list("person_id", flat=True)
        )
    if immediate:
        from organizations.tasks import send_notification_emails

        for chunk in _chunks(immediate):
            enqueue(send_notification_emails, chunk)
    return len(ids)


def unread_count(user_id: int) -> int:
    """How many unread notifications the account's person has (one COUNT a request).

    Every page's navigation bar shows it: the COUNT is written out once per process
    (``Notification.objects.filter(recipient__user_id=user_id,
    read_at__isnull=True).count()``), compiling the queryset cost more than running
    it."""
    return memo(("unread", user_id), lambda: _count_unread(user_id))


def _count_unread(user_id: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(unread_sql(), [user_id])
        return cursor.fetchone()[0]


@functools.cache
def unread_sql() -> str:
    """The COUNT of :func:`unread_count`, the account's key its one parameter (also
    a column of the sign-in query, ``organizations.access.user_with_scope``)."""
    from django.db import connection

    q = connection.ops.quote_name
    table = q(Notification._meta.db_table)
    count = f"SELECT COUNT(*) FROM {table} n"  # noqa: S608  # nosec B608: a model table, quoted
    # The person by their account (unique) first, then their unread rows by the
    # (recipient, read_at) index: not every unread row of the table joined to persons.
    person = f"SELECT p.{q('id')} FROM {q(Person._meta.db_table)} p"  # noqa: S608  # nosec B608: a model table, quoted
    return (
        f"{count} WHERE n.{q('read_at')} IS NULL"
        f" AND n.{q('recipient_id')} = ({person} WHERE p.{q('user_id')} = %s)"
    )


def remember_unread_count(user_id: int, count: int) -> int:
    """Hand a count of the account's unread notifications, read along with them, to
    :func:`unread_count` for the rest of the GET request; returns the count it keeps."""
    return memo(("unread", user_id), lambda: count)


@transaction.atomic
def notification_mark_read(*, person: Person, pk: int | None = None) -> int:
    """Mark one of a person's notifications read, or all of them; returns how many.

    Only the person's own notifications are touched: another person's pk marks nothing.
    """
    rows = Notification.objects.filter(recipient=person, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())


def get_notification_for(user, pk: int) -> Notification:
    """Load one of the user's own notifications; anybody else's is a 404."""
    notification = (
        Notification.objects.filter(
            pk=pk, recipient__user=user, recipient__user__isnull=False
        )
        .select_related("recipient")
        .first()
    )
    if notification is None:
        raise Http404
    return notification


def setting_for(person: Person) -> NotificationSetting:
    """The person's settings, or the unsaved defaults when they never changed them."""
    return NotificationSetting.objects.filter(
        person=person
    ).first() or NotificationSetting(person=person)


@transaction.atomic
def notification_setting_update(
    *,
    person: Person,
    email_enabled: bool,
    email_frequency: str,
    muted_kinds: list[str],
) -> NotificationSetting:
    """Save a person's notification settings (通知设置)."""
    muted = sorted(set(muted_kinds) & set(Notification.Kind.values))
    setting, _created = NotificationSetting.objects.update_or_create(
        person=person,
        defaults={
            "email_enabled": email_enabled,
            "email_frequency": email_frequency,
            "muted_kinds": muted,
        },
    )
    return setting


def _absolute(url: str) -> str:
    if url.startswith("/"):
        return settings.SITE_URL + url
    return url


def _mail(person: Person, rows: list[Notification], subject: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "notifications/email.txt",
            {
                "person": person,
                "rows": [
                    {"n": n, "link": _absolute(n.url) if n.url else ""} for n in rows
                ],
                "centre": _absolute(reverse("notifications:list")),
                "settings_url": _absolute(reverse("notifications:settings")),
            },
        )
    subject = " ".join(subject.split())  # a header must stay on one line
    EmailMessage(subject=subject, body=body, to=[person.email]).send()


def _pending(person: Person, setting: NotificationSetting | None):
    """The person's unread, not yet emailed, not muted notifications, locked."""
    muted = set(setting.muted_kinds) if setting else set()
    rows = (
        Notification.objects.select_for_update()
        .filter(recipient=person, read_at__isnull=True, emailed_at__isnull=True)
        .order_by("created_at", "pk")
    )
    return [n for n in rows if n.kind not in muted]


def _candidates():
    """People with an address and email on who have unread, unemailed notifications."""
    with_pending = Notification.objects.filter(
        read_at__isnull=True, emailed_at__isnull=True
    ).values("recipient_id")
    return (
        Person.objects.filter(pk__in=with_pending, is_active=True)
        .exclude(email="")
        .exclude(notification_setting__email_enabled=False)
        .select_related("notification_setting")
        .order_by("pk")
    )


def _setting(person: Person) -> NotificationSetting | None:
    try:
        return person.notification_setting
    except NotificationSetting.DoesNotExist:
        return None


def digest_send(*, day: date) -> int:
    """Send each person at most one digest email (通知摘要) for ``day``; returns how many.

    Each person is one transaction: the DigestLog row (unique per person and day) is
    written before the email is sent, so a second run, even a concurrent one, finds it
    and sends nothing. If sending fails the transaction rolls back and a later run that
    day tries again. Not atomic as a whole: one bad address must not stop the rest.
    """
    sent = 0
    done_today = DigestLog.objects.filter(day=day).values("person_id")
    for person in _candidates().exclude(pk__in=done_today):
        setting = _setting(person)
        try:
            with transaction.atomic():
                rows = _pending(person, setting)
                if not rows:
                    continue
                try:
                    with transaction.atomic():
                        DigestLog.objects.create(
                            person=person, day=day, count=len(rows)
                        )
                except IntegrityError:
                    continue  # another run sent today's digest
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("Your notifications for %(day)s") % {
                        "day": day.isoformat()
                    }
                _mail(person, rows, subject)
                Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                    emailed_at=timezone.now()
                )
                sent += 1
        except Exception as exc:
            logger.warning(
                "Digest email to person %s failed (%s); a later run will retry.",
                person.pk,
                type(exc).__name__,
            )
    return sent


def notification_emails_send(*, person_ids: list[int]) -> int:
    """Email people who asked for it at once their pending notifications; returns count.

    Rows are locked and marked emailed in the transaction that sends them, so two
    concurrent runs never send one notification twice.
    """
    sent = 0
    people = _candidates().filter(
        pk__in=person_ids,
        notification_setting__email_frequency=NotificationSetting.Frequency.IMMEDIATE,
    )
    for person in people:
        setting = _setting(person)
        try:
            with transaction.atomic():
                rows = _pending(person, setting)
                if not rows:
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    if len(rows) == 1:
                        subject = rows[0].title
                    else:
                        subject = _("%(count)s new notifications") % {
                            "count": len(rows)
                        }
                _mail(person, rows, subject)
                Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                    emailed_at=timezone.now()
                )
                sent += 1
        except Exception as exc:
            logger.warning(
                "Notification email to person %s failed (%s); the digest will retry.",
                person.pk,
                type(exc).__name__,
            )
    return sent
