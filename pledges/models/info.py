"""Information reports (信息报送) of mass-organisation units to the activity office."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.pk_urls import url_for

__all__ = ["InfoReport"]


class InfoReport(models.Model):
    """A mass-organisation unit's report for one month (信息报送): what it did, how its
    campaign goes. One per unit and month; filed again, it is brought up to date."""

    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="info_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("information report")
        verbose_name_plural = _("information reports")
        ordering = ["-year", "-month", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "month"], name="uniq_info_report_month"
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.year}-{self.month:02d}"

    def get_absolute_url(self):
        return url_for("activity:info_report", self.pk)

    @property
    def period(self) -> str:
        return f"{self.year}-{self.month:02d}"
