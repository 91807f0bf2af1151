"""Notifications (通知)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models.people import Person


class Notification(models.Model):
    """In-app notification (通知) to one person; email carries it as well, if wanted.

    ``dedupe_key`` names the occasion (``"pledge-due:42:2025-03"``): one person gets one
    notification per key however often the scheduler runs. Notifications without a key
    are never de-duplicated.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        APPROVAL_NEEDED = "approval_needed", _("Approval needed")
        RETURNED = "returned", _("Returned for revision")
        PUBLISHED = "published", _("Published")
        ROUND_OPENED = "round_opened", _("Round opened")
        ROUND_CLOSED = "round_closed", _("Round closed")
        AWARD = "award", _("Award")
        RECTIFICATION = "rectification", _("Rectification")
        COMMENT = "comment", _("Comment")
        ESCALATION = "escalation", _("Escalation")
        SYSTEM = "system", _("System")

    recipient = models.ForeignKey(
        Person,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="uniq_notification_dedupe"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["emailed_at", "read_at"], name="notification_unemailed"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSetting(models.Model):
    """A person's notification preferences (通知设置): whether and when to email.

    Without a row a person gets a daily digest email, if they have an address. Muted kinds
    are not emailed; they still appear in the notification centre.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("One daily digest")
        IMMEDIATE = "immediate", _("At once")

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_setting",
    )
    email_enabled = models.BooleanField(_("send me email"), default=True)
    email_frequency = models.CharField(
        _("email me"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    muted_kinds = models.JSONField(_("kinds not to email"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.person)


class DigestLog(models.Model):
    """Record of one person's daily digest email (通知摘要): at most one per day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    count = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        verbose_name = _("digest email")
        verbose_name_plural = _("digest emails")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "day"], name="uniq_digest_per_day"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.day}"
