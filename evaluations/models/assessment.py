"""Yearly performance assessment of leading bodies (领导班子实绩考核, seed 003 §六(三)).

- ``LeadershipAssessment``: one per campaign, opened by the office, with its grade
  thresholds; open → published.
- ``AssessmentItem``: an item (考核项目) with its weight and where its value comes from:
  the office's marks, the body's duty report (述职述廉), the published satisfaction
  tally (群众满意度) or the fulfilment of its pledges (承诺兑现). Weights sum to 100.
- ``BodyAssessment``: one leading body's row: its achievements (实绩材料), the marks,
  and the stored result with the breakdown it was computed from.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.pk_urls import url_for
from organizations.models import Organization

__all__ = [
    "AssessmentTransitionError",
    "AssessmentGrade",
    "LeadershipAssessment",
    "AssessmentItem",
    "BodyAssessment",
]


class AssessmentTransitionError(ValidationError):
    """An assessment step that its current state does not allow."""


class AssessmentGrade(models.TextChoices):
    """Grade of a leading body (考核等次), best first."""

    EXCELLENT = "excellent", pgettext_lazy("assessment grade", "Excellent")
    GOOD = "good", pgettext_lazy("assessment grade", "Good")
    AVERAGE = "average", pgettext_lazy("assessment grade", "Fair")
    POOR = "poor", pgettext_lazy("assessment grade", "Poor")


def _user_fk():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class LeadershipAssessment(models.Model):
    """The campaign's assessment of leading bodies (领导班子实绩考核): open → published."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("assessment status", "Open")
        PUBLISHED = "published", pgettext_lazy("assessment status", "Published")

    campaign = models.OneToOneField(
        "pledges.Campaign",
        on_delete=models.CASCADE,
        related_name="leadership_assessment",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    excellent_from = models.DecimalField(
        _("Excellent from"), max_digits=5, decimal_places=2, default=Decimal(90)
    )
    good_from = models.DecimalField(
        _("Good from"), max_digits=5, decimal_places=2, default=Decimal(80)
    )
    average_from = models.DecimalField(
        _("Fair from"), max_digits=5, decimal_places=2, default=Decimal(60)
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = _user_fk()
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = _user_fk()

    class Meta:
        verbose_name = _("leadership assessment")
        verbose_name_plural = _("leadership assessments")
        ordering = ["-campaign__year"]

    def __str__(self):
        return f"{self.campaign} · {self.get_status_display()}"

    def get_absolute_url(self):
        return url_for("assessment:list", self.campaign_id)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def thresholds(self) -> dict[str, Decimal]:
        return {
            AssessmentGrade.EXCELLENT: self.excellent_from,
            AssessmentGrade.GOOD: self.good_from,
            AssessmentGrade.AVERAGE: self.average_from,
        }

    def check_open(self) -> None:
        if self.is_published:
            raise AssessmentTransitionError(
                _("The assessment is published: it can no longer change."),
                code="transition",
            )


class AssessmentItem(models.Model):
    """Assessment item (考核项目) with its weight and the source of its value."""

    class Source(models.TextChoices):
        MARKS = "marks", _("Marks of the office and leading group")
        DUTY = "duty", _("Duty report (述职述廉) submitted")
        SATISFACTION = "satisfaction", _("Published satisfaction tally (群众满意度)")
        PLEDGES = "pledges", _("Pledges fulfilled (承诺兑现)")

    assessment = models.ForeignKey(
        LeadershipAssessment, on_delete=models.CASCADE, related_name="items"
    )
    name = models.CharField(_("item"), max_length=100)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        ordering = ["assessment_id", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.weight})"


class BodyAssessment(models.Model):
    """One leading body's assessment: its achievements (实绩材料), marks and result.

    ``marks`` maps an item's id to the office's points (0–100); ``breakdown`` is the
    stored computation (``evaluations.assessment.compute``) the page shows.
    """

    assessment = models.ForeignKey(
        LeadershipAssessment, on_delete=models.CASCADE, related_name="bodies"
    )
    body = models.ForeignKey(
        Organization,
        verbose_name=_("leading body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    achievements = models.TextField(_("achievements (实绩材料)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk()
    marks = models.JSONField(_("marks"), default=dict, blank=True)
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    marked_by = _user_fk()
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(
        _("grade"), max_length=10, choices=AssessmentGrade.choices, blank=True
    )
    breakdown = models.JSONField(_("breakdown"), default=list, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment of a leading body")
        verbose_name_plural = _("assessments of leading bodies")
        ordering = ["assessment_id", "body__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "body"], name="uniq_body_assessment"
            )
        ]

    def __str__(self):
        return f"{self.body.name} · {self.assessment_id}"

    def get_absolute_url(self):
        return url_for("assessment:body", self.assessment.campaign_id, self.body_id)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
