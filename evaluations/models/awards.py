"""Award selection and the rest of phases 3 to 5 (评选表彰, 述职述廉, 党员示范岗, 先进事迹, 经验交流).

- ``AwardQuota``: how many of each title (a criteria set's ``title``) a category gets.
- ``AwardList``: the campaign's award list and its state, draft → proposed → submitted
  for sign-off → signed off → published, with the score snapshot it was proposed from.
- ``AwardCandidate``: one unit or person on the list, proposed by the product or added
  by the office, selected, excluded by a rule (with its reasons) or removed by the office.
- ``AwardAdjustment``: every change the office made to the proposal, with its reason.
- ``Nomination``: the nomination form with the 先进事迹 of a candidate.
- ``DutyReport``, ``ModelPost``, ``ExchangeSession``: phases 3 and 5.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.pk_urls import url_for
from organizations.models import Organization, Person
from pledges.models.activity import StoredFile
from pledges.uploads import RandomPath

__all__ = [
    "AwardTransitionError",
    "AwardQuota",
    "AwardList",
    "AwardCandidate",
    "AwardAdjustment",
    "Nomination",
    "DutyReport",
    "ModelPost",
    "ExchangeSession",
    "ExchangeFile",
]


class AwardTransitionError(ValidationError):
    """An award-list step that the list's current state does not allow."""


def _user_fk(**kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class AwardQuota(models.Model):
    """Award quota (表彰名额): how many of one title a category gets.

    ``category_key`` is a ranking group of the scores (``category:<id>`` for a branch
    category, ``family:<family>`` for mass-organisation units); empty means one quota
    across all categories of the title.
    """

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="award_quotas"
    )
    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("title"),
        on_delete=models.CASCADE,
        related_name="award_quotas",
    )
    category_key = models.CharField(_("ranking group"), max_length=40, blank=True)
    category_label = models.CharField(_("category"), max_length=100, blank=True)
    count = models.PositiveSmallIntegerField(_("number of awards"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = _user_fk()

    class Meta:
        verbose_name = _("award quota")
        verbose_name_plural = _("award quotas")
        ordering = ["campaign_id", "criteria_set__order", "category_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "category_key"], name="uniq_award_quota"
            )
        ]

    def __str__(self):
        return (
            f"{self.criteria_set.title} · {self.category_label or '*'} · {self.count}"
        )


class AwardList(models.Model):
    """Award list (评选表彰名单) of a campaign and its way to publication.

    draft → proposed (the product proposes; the office adjusts and may propose again) →
    submitted (for the leading group's sign-off) → signed off (one member of the
    leading group signs; a leader may instead return it to proposed, with a reason) →
    published (the commendation list, 表彰名单). Published after the campaign's award
    deadline is allowed and flagged as late.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PROPOSED = "proposed", _("Proposed")
        SUBMITTED = "submitted", _("Submitted for sign-off")
        SIGNED_OFF = "signed_off", _("Signed off")
        PUBLISHED = "published", _("Published")

    # step → (states it leaves from, state it arrives at)
    TRANSITIONS = {
        "propose": ({Status.DRAFT, Status.PROPOSED}, Status.PROPOSED),
        "submit": ({Status.PROPOSED}, Status.SUBMITTED),
        "return": ({Status.SUBMITTED}, Status.PROPOSED),
        "recall": ({Status.SUBMITTED}, Status.PROPOSED),
        "sign_off": ({Status.SUBMITTED}, Status.SIGNED_OFF),
        "publish": ({Status.SIGNED_OFF}, Status.PUBLISHED),
    }
    EDITABLE = {Status.DRAFT, Status.PROPOSED}

    campaign = models.OneToOneField(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="award_list"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    snapshot = models.ForeignKey(
        "evaluations.ScoreSnapshot",
        verbose_name=_("score snapshot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    proposed_by = _user_fk()
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk()
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = _user_fk()
    return_reason = models.TextField(_("reason for returning"), blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = _user_fk()
    signoff_note = models.TextField(_("sign-off note"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = _user_fk()
    publish_override_reason = models.TextField(
        _("why published with deeds missing"), blank=True
    )
    signoff_conflicts = models.JSONField(
        _("conflicts of interest declared at sign-off"), default=list, blank=True
    )
    published_late = models.BooleanField(
        _("published after the deadline"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("award list")
        verbose_name_plural = _("award lists")
        ordering = ["-campaign__year"]

    def __str__(self):
        return f"{self.campaign} · {self.get_status_display()}"

    def get_absolute_url(self):
        return url_for("awards:list", self.campaign_id)

    @property
    def is_editable(self) -> bool:
        """The office may still propose and adjust."""
        return self.status in self.EDITABLE

    @property
    def deeds_open(self) -> bool:
        """Deeds (先进事迹) may still be written: until the list is published, so that
        missing ones can be completed after sign-off without changing who is on it."""
        return self.status != self.Status.PUBLISHED

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def can(self, step: str) -> bool:
        return self.status in self.TRANSITIONS[step][0]

    def check_step(self, step: str) -> None:
        if not self.can(step):
            raise AwardTransitionError(
                _("An award list that is %(status)s cannot be %(step)s.")
                % {"status": self.get_status_display(), "step": STEP_NAMES[step]},
                code="transition",
            )


STEP_NAMES = {
    "propose": _("proposed"),
    "submit": _("submitted for sign-off"),
    "return": _("returned"),
    "recall": _("recalled"),
    "sign_off": _("signed off"),
    "publish": _("published"),
}


class AwardCandidate(models.Model):
    """Candidate (拟表彰对象) for one title: a unit or a person.

    The product proposes candidates (``origin=system``) from a score snapshot: the best
    within each quota group, leaving out, with a reason per rule (``exclusions``), those
    vetoed, with open rectification or graded below 良好. The office adds or removes
    candidates with a reason (``adjusted_at`` set): a new proposal replaces only the
    system's rows that the office never touched.
    """

    class Origin(models.TextChoices):
        SYSTEM = "system", _("Proposed by the product")
        OFFICE = "office", _("Added by the office")
        COMMITTEE = "committee", _("Proposed by the mass committee")
        RECOMMENDED = "recommended", _("Recommended by an institute")

    class State(models.TextChoices):
        SELECTED = "selected", _("On the list")
        EXCLUDED = "excluded", _("Left out by a rule")
        REMOVED = "removed", _("Removed by the office")

    award_list = models.ForeignKey(
        AwardList, on_delete=models.CASCADE, related_name="candidates"
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
    category_key = models.CharField(_("ranking group"), max_length=40, blank=True)
    category_label = models.CharField(_("category"), max_length=100, blank=True)
    score = models.DecimalField(
        _("score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    grade = models.CharField(_("grade"), max_length=10, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    snapshot_score = models.ForeignKey(
        "evaluations.SnapshotScore",
        verbose_name=_("frozen breakdown"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    committee = models.ForeignKey(
        Organization,
        verbose_name=_("proposed by the committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    exclusions = models.JSONField(_("reasons left out"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True)
    adjusted_by = _user_fk()
    adjust_reason = models.TextField(_("office's reason"), blank=True)

    class Meta:
        verbose_name = _("award candidate")
        verbose_name_plural = _("award candidates")
        ordering = ["award_list_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="award_candidate_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["award_list", "criteria_set", "unit"],
                condition=Q(unit__isnull=False),
                name="uniq_award_candidate_unit",
            ),
            models.UniqueConstraint(
                fields=["award_list", "criteria_set", "person"],
                condition=Q(person__isnull=False),
                name="uniq_award_candidate_person",
            ),
        ]
        indexes = [models.Index(fields=["award_list", "state"])]

    def __str__(self):
        return f"{self.name} · {self.get_state_display()}"

    @property
    def subject(self):
        return self.unit if self.unit_id else self.person

    @property
    def is_adjusted(self) -> bool:
        return self.adjusted_at is not None

    @property
    def is_selected(self) -> bool:
        return self.state == self.State.SELECTED

    @property
    def grade_label(self) -> str:
        from evaluations.models.scoring import Grade

        return str(Grade(self.grade).label) if self.grade in Grade.values else ""

    def reason_lines(self) -> list[str]:
        """Each exclusion as a sentence in the reader's language."""
        return [exclusion_text(e) for e in self.exclusions or []]


EXCLUSION_TEXTS = {
    "veto": _("excluded: veto line %(detail)s"),
    "rectification": _("excluded: open rectification item %(detail)s"),
    "grade": _("excluded: graded %(detail)s, below Good"),
}


def exclusion_text(entry: dict) -> str:
    """One stored exclusion (``{"code", "detail"}``) as a sentence."""
    from evaluations.models.scoring import Grade

    code, detail = entry.get("code"), entry.get("detail", "")
    if code == "grade":
        detail = str(Grade(detail).label) if detail in Grade.values else "—"
    template = EXCLUSION_TEXTS.get(code, "%(detail)s")
    return str(template) % {"detail": detail}


class AwardAdjustment(models.Model):
    """An adjustment (调整记录) the office made to the proposal, with its reason."""

    class Action(models.TextChoices):
        ADD = "add", _("Added")
        INCLUDE = "include", _("Put back on the list")
        REMOVE = "remove", _("Removed")

    award_list = models.ForeignKey(
        AwardList, on_delete=models.CASCADE, related_name="adjustments"
    )
    candidate = models.ForeignKey(
        AwardCandidate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adjustments",
    )
    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("title"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    reason = models.TextField(_("reason"))
    by = _user_fk()
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("award adjustment")
        verbose_name_plural = _("award adjustments")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} · {self.name}"


class Nomination(models.Model):
    """Nomination form (推荐审批表) with the candidate's 先进事迹 (deeds).

    Kept by subject and title, not by candidate row, so a new proposal never loses
    what a secretary wrote.
    """

    award_list = models.ForeignKey(
        AwardList, on_delete=models.CASCADE, related_name="nominations"
    )
    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("title"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deeds = models.TextField(_("deeds (先进事迹)"))
    recommendation = models.CharField(
        _("recommendation (推荐意见)"), max_length=500, blank=True
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = _user_fk()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["award_list_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="nomination_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["award_list", "criteria_set", "unit"],
                condition=Q(unit__isnull=False),
                name="uniq_nomination_unit",
            ),
            models.UniqueConstraint(
                fields=["award_list", "criteria_set", "person"],
                condition=Q(person__isnull=False),
                name="uniq_nomination_person",
            ),
        ]

    def __str__(self):
        return f"{self.criteria_set_id} · {self.unit_id or self.person_id}"


class DutyReport(models.Model):
    """Duty report (述职述廉报告) of a secretary or leader in a campaign.

    Written by the person; submitted reports are rated in a round of kind duty-report
    rating whose targets are their authors (``duty_round_sync``).
    """

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="duty_reports"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="duty_reports",
    )
    role_label = models.CharField(_("post"), max_length=100, blank=True)
    text = models.TextField(_("report (述职述廉)"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")
        ordering = ["campaign_id", "person__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person"], name="uniq_duty_report"
            )
        ]

    def __str__(self):
        return f"{self.person.name} · {self.campaign_id}"

    def get_absolute_url(self):
        return url_for("awards:duty_report", self.campaign_id, self.pk)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ModelPost(models.Model):
    """Member model post (党员示范岗) designated by the office after the awards."""

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="model_posts"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("party member"),
        on_delete=models.PROTECT,
        related_name="model_posts",
    )
    post_name = models.CharField(_("post"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    since = models.DateField(_("since"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    designated_by = _user_fk()
    designated_at = models.DateTimeField(_("designated at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("member model post")
        verbose_name_plural = _("member model posts")
        ordering = ["campaign_id", "-since", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "post_name"], name="uniq_model_post"
            )
        ]

    def __str__(self):
        return f"{self.post_name} · {self.person.name}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class ExchangeSession(models.Model):
    """Experience-exchange session (经验交流) between departments, as recorded."""

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="exchange_sessions"
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    units = models.ManyToManyField(
        Organization,
        verbose_name=_("units presenting"),
        related_name="exchange_sessions",
        blank=True,
    )
    summary = models.TextField(_("summary"))
    recorded_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("experience-exchange session")
        verbose_name_plural = _("experience-exchange sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("awards:exchange", self.pk)


class ExchangeFile(StoredFile):
    """A file of an exchange session (交流材料), e.g. the slides presented."""

    session = models.ForeignKey(
        ExchangeSession, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("awards/exchanges"), max_length=255
    )

    class Meta:
        verbose_name = _("exchange file")
        verbose_name_plural = _("exchange files")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("awards:exchange_file", self.session_id, self.pk)
