"""Reports of mass-organisation units to the party organisation leading them (请示报告)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.pk_urls import url_for
from pledges.models.activity import StoredFile
from pledges.uploads import RandomPath

__all__ = ["MassReport", "MassReportAttachment", "MassReportMessage"]


class MassReport(models.Model):
    """Request or report (请示报告) of a mass unit to its leading party organisation.

    ``lead`` is the leading party unit when it was filed (``pledges.leadership.rules``),
    kept so the report stays with whom it was sent to if the tree changes later.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="mass_reports",
    )
    lead = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="mass_reports_received",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request or report to the party")
        verbose_name_plural = _("requests and reports to the party")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lead", "status"])]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return url_for("leadership:report", self.pk)


class MassReportAttachment(StoredFile):
    """Attachment of a request or report (请示报告附件)."""

    report = models.ForeignKey(
        MassReport, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("leadership/reports"), max_length=255
    )

    class Meta:
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("leadership:report_file", self.report_id, self.pk)


class MassReportMessage(models.Model):
    """A reply in the thread of a request or report (批复, 补充说明)."""

    report = models.ForeignKey(
        MassReport, on_delete=models.CASCADE, related_name="messages"
    )
    body = models.TextField(_("reply"))
    is_answer = models.BooleanField(
        _("answer of the party organisation"), default=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report reply")
        verbose_name_plural = _("report replies")
        ordering = ["report_id", "created_at", "pk"]

    def __str__(self):
        return self.body[:30]
