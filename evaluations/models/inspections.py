"""Quarterly inspections, spot checks, half-year reviews and rectification (督查, 抽查, 半年点评, 督促整改)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.pk_urls import url_for
from evaluations.models.ballots import TransitionError
from pledges.models.activity import StoredFile
from pledges.uploads import RandomPath

__all__ = [
    "InspectionKind",
    "InspectionRound",
    "SpotCheckDraw",
    "Finding",
    "FindingFile",
    "RectificationItem",
    "RectificationStep",
    "RectificationFile",
    "HelpItem",
    "FieldVisit",
    "FieldVisitFile",
    "ReviewRound",
    "Review",
]


class InspectionKind(models.TextChoices):
    """How the office inspected (督查方式), seed 003 §五(三)."""

    ROUTINE = "routine", _("Routine inspection")  # 经常督查
    SPOT = "spot", _("Random spot check")  # 随机抽查
    FIELD = "field", _("Field research")  # 实地调研
    REPORTING = "reporting", _("Information reporting")  # 信息报送
    LIFE_MEETING = "life_meeting", _("Attending an organisational life meeting")
    FORUM = "forum", _("Forum")  # 座谈会
    SECRETARIES = "secretaries", _("Secretaries' regular meeting")  # 书记例会
    BRIEFING = "briefing", _("Briefing meeting")  # 情况通报会


def _user_fk(**kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **kwargs,
    )


class InspectionRound(models.Model):
    """Quarterly inspection round (季度督查) of one campaign quarter.

    The spot-check settings (``sample_mode``, ``sample_total``, ``stratum_sizes``) say how
    the random sample is drawn: a fixed number per branch category, or a total shared in
    proportion to the categories' sizes. A new round copies them from the round before.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class SampleMode(models.TextChoices):
        NONE = "none", _("No spot check")
        PER_STRATUM = "per_stratum", _("A fixed number per branch category")
        PROPORTIONAL = (
            "proportional",
            _("A total shared in proportion to category size"),
        )

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="inspection_rounds",
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    sample_mode = models.CharField(
        _("spot check"),
        max_length=16,
        choices=SampleMode.choices,
        default=SampleMode.NONE,
    )

    class SampleScope(models.TextChoices):
        PARTY = "party", _("Party units")
        MASS = "mass", _("Mass-organisation units")
        ALL = "all", _("Party and mass-organisation units")

    sample_scope = models.CharField(
        _("units to spot-check"),
        max_length=8,
        choices=SampleScope.choices,
        default=SampleScope.PARTY,
    )
    sample_total = models.PositiveIntegerField(_("sample size in total"), default=0)
    stratum_sizes = models.JSONField(
        _("sample size per category"), default=dict, blank=True
    )
    note = models.TextField(_("focus of this round"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    opened_by = _user_fk()
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection round")
        verbose_name_plural = _("inspection rounds")
        ordering = ["campaign", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "quarter"], name="uniq_inspection_round_quarter"
            )
        ]

    def __str__(self):
        return _("%(year)s quarter %(quarter)s inspection") % {
            "year": self.campaign.year,
            "quarter": self.quarter,
        }

    def get_absolute_url(self):
        return url_for("inspections:round", self.pk)

    @property
    def span(self):
        """First and last day of the campaign quarter this round inspects."""
        return self.campaign.quarter_span(self.quarter)

    @property
    def has_sampling(self) -> bool:
        """Strata are configured: a draw would ask for at least one unit."""
        if self.sample_mode == self.SampleMode.PROPORTIONAL:
            return self.sample_total > 0
        if self.sample_mode == self.SampleMode.PER_STRATUM:
            return any(int(n or 0) > 0 for n in (self.stratum_sizes or {}).values())
        return False

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class SpotCheckDraw(models.Model):
    """Random spot-check draw (随机抽查抽签): seed, rule and sample, all stored.

    ``rule`` holds everything the draw used: the mode, the strata with their sizes and
    the sorted list of eligible unit ids at draw time. Anyone may recompute the sample
    from ``seed`` and ``rule`` with ``evaluations.inspections.sampling.draw`` and compare it with
    ``sample``. A draw is never changed; a mistaken one is voided (with a reason, kept
    on view) and a new one drawn. A round has at most one draw that is not voided.
    """

    class SeedSource(models.TextChoices):
        GENERATED = "generated", _("Chosen by the product at random")
        TYPED = "typed", _("Typed in by the office")

    round = models.ForeignKey(
        InspectionRound,
        verbose_name=_("inspection round"),
        on_delete=models.CASCADE,
        related_name="draws",
    )
    seed = models.CharField(_("seed"), max_length=20)
    seed_source = models.CharField(
        _("seed from"), max_length=12, choices=SeedSource.choices
    )
    algorithm = models.CharField(_("algorithm"), max_length=60)
    rule = models.JSONField(_("rule"))
    sample = models.JSONField(_("sample"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    witnesses = models.TextField(_("witnesses"), blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = _user_fk()
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = _user_fk()
    void_reason = models.TextField(_("why it was voided"), blank=True)

    class Meta:
        verbose_name = _("spot-check draw")
        verbose_name_plural = _("spot-check draws")
        ordering = ["round", "-drawn_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(voided_at__isnull=True),
                name="uniq_current_draw_per_round",
            )
        ]

    def __str__(self):
        return f"{self.round} · {self.seed}"

    def get_absolute_url(self):
        return url_for("inspections:round", self.round_id) + "#draw"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def sample_ids(self) -> list[int]:
        """Every drawn unit id, stratum by stratum in code order."""
        return [
            int(pk) for code in sorted(self.sample) for pk in self.sample[code] or []
        ]


class Finding(models.Model):
    """Inspection finding (督查发现) on one unit, rated 好 / 一般 / 差.

    Another module (scoring) reads findings per unit and campaign through
    ``round__campaign``, ``unit``, ``kind``, ``rating``, ``text`` and ``found_on``: keep
    those names.
    """

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")  # 好
        AVERAGE = "average", _("Average")  # 一般
        POOR = "poor", _("Poor")  # 差

    round = models.ForeignKey(
        InspectionRound,
        verbose_name=_("inspection round"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="inspection_findings",
    )
    kind = models.CharField(
        _("inspection kind"), max_length=16, choices=InspectionKind.choices
    )
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    text = models.TextField(_("what was found"))
    found_on = models.DateField(_("date"))
    inspector = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    record = models.ForeignKey(
        "pledges.ActivityRecord",
        verbose_name=_("striving record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    meeting = models.ForeignKey(
        "pledges.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    news = models.ForeignKey(
        "pledges.NewsReport",
        verbose_name=_("news report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reinspects = models.ForeignKey(
        "RectificationItem",
        verbose_name=_("re-inspection of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reinspections",
    )
    recorded_by = _user_fk()
    commendation = models.TextField(_("commendation"), blank=True)
    commended_at = models.DateTimeField(_("commended at"), null=True, blank=True)
    commended_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["-found_on", "-pk"]
        indexes = [
            models.Index(fields=["round", "unit"]),
            models.Index(fields=["unit", "found_on"]),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_rating_display()} · {self.found_on}"

    def get_absolute_url(self):
        return url_for("inspections:finding", self.pk)

    @property
    def is_commended(self) -> bool:
        return self.commended_at is not None


class FindingFile(StoredFile):
    """Evidence file of an inspection finding (督查佐证材料)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("file"), upload_to=RandomPath("inspections/findings"), max_length=255
    )

    class Meta:
        verbose_name = _("finding file")
        verbose_name_plural = _("finding files")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("inspections:finding_file", self.finding_id, self.pk)


class RectificationItem(models.Model):
    """Rectification item (督促整改事项): what a weak unit must put right, by when.

    open → answered (the owner answers with text and evidence) → closed by a
    re-inspection finding; answered or closed → open again (re-opened, with a new
    deadline). An open item past its deadline is escalated once per deadline to the
    general-branch secretary and the office (``escalated_at``).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        FINDING = "finding", _("Inspection finding")
        GRADE = "grade", _("Assessment grade")
        OTHER = "other", _("Other")

    # action → the states it may start from
    TRANSITIONS = {
        "answer": {Status.OPEN},
        "close": {Status.ANSWERED},
        "reopen": {Status.ANSWERED, Status.CLOSED},
    }

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="rectification_items",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100)
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    title = models.CharField(_("what to rectify"), max_length=200)
    text = models.TextField(_("details"), blank=True)
    evidence_required = models.TextField(_("evidence required"), blank=True)
    owner = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_items",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    opened_by = _user_fk()
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by_finding = models.ForeignKey(
        Finding,
        verbose_name=_("closed by re-inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rectification item")
        verbose_name_plural = _("rectification items")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "source_ref", "title"],
                name="uniq_rectification_per_source",
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self):
        return f"{self.unit} · {self.title}"

    def get_absolute_url(self):
        return url_for("inspections:rectification", self.pk)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.deadline < today

    def can(self, action: str) -> bool:
        return self.status in self.TRANSITIONS[action]

    def check_transition(self, action: str) -> None:
        if not self.can(action):
            raise TransitionError(
                _("This item is %(status)s; it cannot be %(action)s now.")
                % {
                    "status": self.get_status_display(),
                    "action": {
                        "answer": _("answered"),
                        "close": _("closed"),
                        "reopen": _("re-opened"),
                    }[action],
                },
                code="transition",
            )


class RectificationStep(models.Model):
    """One step in a rectification item's history (整改记录)."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Opened")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed by re-inspection")
        REOPENED = "reopened", _("Re-opened")
        ESCALATED = "escalated", _("Escalated as overdue")

    item = models.ForeignKey(
        RectificationItem, on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    text = models.TextField(_("text"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = _user_fk()
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("rectification step")
        verbose_name_plural = _("rectification steps")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.item} · {self.get_action_display()}"


class RectificationFile(StoredFile):
    """Evidence of a rectification answer (整改佐证材料)."""

    step = models.ForeignKey(
        RectificationStep, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("inspections/rectification"), max_length=255
    )

    class Meta:
        verbose_name = _("rectification file")
        verbose_name_plural = _("rectification files")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("inspections:rectification_file", self.step.item_id, self.pk)


class HelpItem(models.Model):
    """Help item (帮助指导): what help an average unit gets, and who gives it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDERWAY = "underway", _("Under way")
        DONE = "done", _("Done")

    # target state → the states it may be reached from
    TRANSITIONS = {
        Status.UNDERWAY: {Status.PLANNED},
        Status.DONE: {Status.PLANNED, Status.UNDERWAY},
    }

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="help_items",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="help_items",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_items",
    )
    what = models.TextField(_("what help"))
    helper = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("who helps"),
        on_delete=models.PROTECT,
        related_name="help_given",
    )
    due_on = models.DateField(pgettext_lazy("deadline", "by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("help item")
        verbose_name_plural = _("help items")
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.unit} · {self.what[:40]}"

    def get_absolute_url(self):
        return url_for("inspections:help_item", self.pk)

    def can_move_to(self, status: str) -> bool:
        return self.status in self.TRANSITIONS.get(status, set())


class FieldVisit(models.Model):
    """A field visit (实地调研) or forum (座谈会) of the office among supervised units."""

    class Kind(models.TextChoices):
        FIELD_VISIT = "field_visit", _("Field visit")  # 实地调研
        FORUM = "forum", _("Forum")  # 座谈会

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="field_visits",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    units = models.ManyToManyField(
        "organizations.Organization",
        verbose_name=_("units visited"),
        related_name="field_visits",
    )
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"))
    recorded_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("field visit or forum")
        verbose_name_plural = _("field visits and forums")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["campaign", "held_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.held_on}"

    def get_absolute_url(self):
        return url_for("inspections:visit", self.pk)


class FieldVisitFile(StoredFile):
    """An attachment of a field visit or forum (调研、座谈材料)."""

    visit = models.ForeignKey(
        FieldVisit, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("inspections/visits"), max_length=255
    )

    class Meta:
        verbose_name = _("field visit file")
        verbose_name_plural = _("field visit files")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("inspections:visit_file", self.visit_id, self.pk)


class ReviewRound(models.Model):
    """Half-year review round (半年点评) of one campaign half."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="review_rounds",
    )
    half = models.PositiveSmallIntegerField(
        _("half year"), validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = _user_fk()
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = _user_fk()

    class Meta:
        verbose_name = _("half-year review round")
        verbose_name_plural = _("half-year review rounds")
        ordering = ["campaign", "half"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "half"], name="uniq_review_round_half"
            )
        ]

    def __str__(self):
        return _("%(year)s half-year review %(half)s") % {
            "year": self.campaign.year,
            "half": self.half,
        }

    def get_absolute_url(self):
        return url_for("inspections:review_round", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Review(models.Model):
    """Half-year review (半年点评) of one branch or one party member.

    What was achieved (成绩), what problems remain (问题), which direction to take
    (努力方向). The reviewed party (the branch's secretary, or the member) acknowledges
    it; once acknowledged it no longer changes.
    """

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("review round"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="half_year_reviews",
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="half_year_reviews",
    )
    achievements = models.TextField(_("achievements"))
    problems = models.TextField(_("problems"))
    direction = models.TextField(_("direction of effort"))
    reviewer = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_by = _user_fk()
    written_at = models.DateTimeField(_("written at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = _user_fk()
    response = models.TextField(
        _("response of the reviewed"),
        blank=True,
        help_text=_("What the branch or member answers: agreement, facts, plans."),
    )

    class Meta:
        verbose_name = _("half-year review")
        verbose_name_plural = _("half-year reviews")
        ordering = ["round", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="review_of_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["round", "unit"],
                condition=Q(unit__isnull=False),
                name="uniq_review_per_unit",
            ),
            models.UniqueConstraint(
                fields=["round", "person"],
                condition=Q(person__isnull=False),
                name="uniq_review_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.unit or self.person}"

    def get_absolute_url(self):
        return url_for("inspections:review", self.pk)

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    @property
    def subject(self):
        return self.unit if self.unit_id else self.person
