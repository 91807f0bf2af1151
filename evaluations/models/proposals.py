"""Mass organisations' own proposals and the academy's recommendations (群团推荐, 院级推荐).

- ``CommitteeSubmission``: a mass committee (工会, 团委, 妇委会) has proposed its
  candidates for its own titles onto the campaign's award list and handed them to the
  activity office (the candidates are ``AwardCandidate`` rows with ``committee`` set).
- ``NominationFile``: an attachment of a nomination's 先进事迹.
- ``RecommendationQuota``: how many of one academy title an institute may recommend.
- ``Recommendation``: one candidate an institute's office recommends up to the academy.
- ``RecommendationSubmission``: the institute has sent its recommendations up.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.models.awards import AwardCandidate, AwardList, Nomination
from organizations.models import Organization, Person
from pledges.models.activity import StoredFile
from pledges.uploads import RandomPath

__all__ = [
    "CommitteeSubmission",
    "NominationFile",
    "RecommendationQuota",
    "Recommendation",
    "RecommendationSubmission",
]


def _user_fk(**kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class CommitteeSubmission(models.Model):
    """A mass committee has submitted its proposals to the activity office."""

    award_list = models.ForeignKey(
        AwardList, on_delete=models.CASCADE, related_name="committee_submissions"
    )
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = _user_fk()

    class Meta:
        verbose_name = _("committee submission")
        verbose_name_plural = _("committee submissions")
        ordering = ["award_list_id", "committee__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_list", "committee"], name="uniq_committee_submission"
            )
        ]

    def __str__(self):
        return f"{self.committee_id} · {self.award_list_id}"


class NominationFile(StoredFile):
    """An attachment of a nomination's deeds (先进事迹材料)."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("awards/nominations"), max_length=255
    )

    class Meta:
        verbose_name = _("nomination file")
        verbose_name_plural = _("nomination files")
        ordering = ["pk"]

    def get_absolute_url(self):
        return reverse(
            "awards:nomination_file",
            args=[self.nomination.award_list.campaign_id, self.pk],
        )


class RecommendationQuota(models.Model):
    """How many of one academy title (a criteria set of the academy's campaign) an
    institute beneath the academy may recommend."""

    campaign = models.ForeignKey(
        "pledges.Campaign",
        on_delete=models.CASCADE,
        related_name="recommendation_quotas",
    )
    institute = models.ForeignKey(
        Organization,
        verbose_name=_("institute"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("title"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(_("number of recommendations"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = _user_fk()

    class Meta:
        verbose_name = _("recommendation quota")
        verbose_name_plural = _("recommendation quotas")
        ordering = ["campaign_id", "institute__path", "criteria_set__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "institute", "criteria_set"],
                name="uniq_recommendation_quota",
            )
        ]

    def __str__(self):
        return f"{self.institute_id} · {self.criteria_set_id} · {self.count}"


class Recommendation(models.Model):
    """A candidate an institute recommends for one of the academy's titles, with its
    deeds; ``candidate`` is set once the academy's office has received it."""

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="recommendations"
    )
    institute = models.ForeignKey(
        Organization,
        verbose_name=_("institute"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("title"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    deeds = models.TextField(_("deeds (先进事迹)"))
    candidate = models.ForeignKey(
        AwardCandidate,
        verbose_name=_("received as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = _user_fk()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["campaign_id", "institute__path", "criteria_set__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="recommendation_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["campaign", "criteria_set", "unit"],
                condition=Q(unit__isnull=False),
                name="uniq_recommendation_unit",
            ),
            models.UniqueConstraint(
                fields=["campaign", "criteria_set", "person"],
                condition=Q(person__isnull=False),
                name="uniq_recommendation_person",
            ),
        ]

    def __str__(self):
        return self.name


class RecommendationSubmission(models.Model):
    """An institute has sent its recommendations up to the academy."""

    campaign = models.ForeignKey(
        "pledges.Campaign",
        on_delete=models.CASCADE,
        related_name="recommendation_submissions",
    )
    institute = models.ForeignKey(
        Organization,
        verbose_name=_("institute"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = _user_fk()

    class Meta:
        verbose_name = _("recommendation submission")
        verbose_name_plural = _("recommendation submissions")
        ordering = ["campaign_id", "institute__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "institute"], name="uniq_recommendation_submission"
            )
        ]

    def __str__(self):
        return f"{self.institute_id} · {self.campaign_id}"
