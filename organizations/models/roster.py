"""Roster imports (名册导入)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models.people import User
from organizations.models.tree import Organization


class RosterImport(models.Model):
    """An uploaded roster file (花名册) awaiting or past its all-or-nothing apply."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")

    institute = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_imports"
    )
    uploaded_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEW
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
