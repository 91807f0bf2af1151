"""Scoring sheets, scores, 五带头 assessment (量化考核评分, 综合得分, 五带头专项考核).

The quantified scoring sheet hangs its lines under the criteria (``pledges.Criterion``)
of a campaign's criteria set; once scoring starts the set is frozen, each freeze kept as
a numbered version with a snapshot. A unit's sheet carries the branch's self-assessment
and the office's marks; scores are stored computations, each with the inputs it was
computed from and the breakdown that explains it; a snapshot copies them for the awards.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organization, Person

__all__ = [
    "ScoringTransitionError",
    "FrozenError",
    "Grade",
    "ScoringLine",
    "CriteriaVersion",
    "ScoringRule",
    "ScoreSheet",
    "SheetMark",
    "MarkEvidence",
    "DaitouRating",
    "ScoreRun",
    "Score",
    "ScoreSnapshot",
    "SnapshotScore",
]

POINTS = {"max_digits": 6, "decimal_places": 2}


class DocumentField(models.JSONField):
    """A JSON document that PostgreSQL bulk-inserts as one parameter per row.

    Django 5.2 bulk-inserts through ``UNNEST`` of one array per column on PostgreSQL,
    and psycopg then quotes every JSON document of the array in Python, character by
    character: for 10 000 scores with their breakdowns that was most of a full
    recomputation. A field with ``get_placeholder`` opts out of ``UNNEST``
    (``django/db/backends/postgresql/compiler.py``); ``%s`` is the placeholder every
    field has anyway.
    """

    def get_placeholder(self, value, compiler, connection):
        return "%s"


class ScoringTransitionError(ValidationError):
    """A sheet step that the sheet's current state does not allow."""


class FrozenError(ValidationError):
    """A change to a criteria set or its scoring lines after scoring started."""


class Grade(models.TextChoices):
    """Grade (等次), best first: the order ``scoring.GRADES`` uses."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    AVERAGE = "average", _("Average")
    POOR = "poor", _("Poor")


class ScoringLine(models.Model):
    """Scoring line (评分细则条目): content, rubric and points under a criterion.

    Regular lines sit under a 五个好 item or sub-item; bonus and penalty lines (加分 /
    减分) carry the most points one line may add or take; a veto line (一票否决) caps the
    grade of a unit for which the office marks it.
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Scored line")
        BONUS = "bonus", _("Bonus (加分)")
        PENALTY = "penalty", _("Penalty (减分)")
        VETO = "veto", _("Veto (一票否决)")

    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("criteria set"),
        on_delete=models.CASCADE,
        related_name="scoring_lines",
    )
    criterion = models.ForeignKey(
        "pledges.Criterion",
        verbose_name=_("item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scoring_lines",
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.REGULAR
    )
    text = models.CharField(_("content and indicator"), max_length=300)
    rubric = models.TextField(_("rubric (评分标准)"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"),
        **POINTS,
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("For a bonus or penalty line: the most it may add or take."),
    )
    grade_cap = models.CharField(
        _("grade at most"),
        max_length=10,
        choices=[(Grade.AVERAGE, Grade.AVERAGE.label), (Grade.POOR, Grade.POOR.label)],
        blank=True,
        help_text=_("For a veto line: the best grade a unit marked on it can get."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("scoring line")
        verbose_name_plural = _("scoring lines")
        ordering = ["criteria_set_id", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="regular") | Q(criterion__isnull=False),
                name="scoring_line_regular_has_item",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def is_regular(self) -> bool:
        return self.kind == self.Kind.REGULAR

    @property
    def is_veto(self) -> bool:
        return self.kind == self.Kind.VETO


class CriteriaVersion(models.Model):
    """Frozen version (冻结版本) of a criteria set: a numbered copy of items and lines.

    The set is frozen while its latest version has not been reopened. Reopening (for a
    correction, with a reason) lets the office edit again; the next freeze is the next
    version. Scores name the version they were computed under.
    """

    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    snapshot = models.JSONField(_("items and lines"))

    class Meta:
        verbose_name = _("criteria version")
        verbose_name_plural = _("criteria versions")
        ordering = ["criteria_set_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="uniq_criteria_version"
            )
        ]

    def __str__(self):
        return f"{self.criteria_set_id} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.reopened_at is None


def default_inspection_points() -> dict:
    return {"good": 100, "average": 70, "poor": 40}


def default_ballot_points() -> dict:
    return {"4": 100, "3": 80, "2": 60, "1": 40}


def default_daitou_points() -> dict:
    return {"good": 100, "fair": 85, "average": 70, "poor": 50}


class ScoringRule(models.Model):
    """Scoring rule (评分办法) of a campaign for units or for members.

    The weights of each source (relative, adding up to 100), the bonus factor and limits,
    the grade thresholds, and how ratings turn into points: all data the office edits.
    """

    class Audience(models.TextChoices):
        UNIT = "unit", _("Organisations")
        PERSON = "person", _("Party members")

    # Which weights apply to which audience.
    SOURCES = {
        Audience.UNIT: ("office", "self", "inspection", "mass", "democratic"),
        Audience.PERSON: ("daitou", "democratic", "mass"),
    }

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="scoring_rules"
    )
    audience = models.CharField(_("for"), max_length=8, choices=Audience.choices)
    weight_office = models.DecimalField(
        _("office marks"), max_digits=5, decimal_places=2, default=0
    )
    weight_self = models.DecimalField(
        _("self-assessment"), max_digits=5, decimal_places=2, default=0
    )
    weight_inspection = models.DecimalField(
        _("inspection findings"), max_digits=5, decimal_places=2, default=0
    )
    weight_mass = models.DecimalField(
        _("mass evaluation"), max_digits=5, decimal_places=2, default=0
    )
    weight_democratic = models.DecimalField(
        _("democratic evaluation"), max_digits=5, decimal_places=2, default=0
    )
    weight_daitou = models.DecimalField(
        _("五带头 assessment"), max_digits=5, decimal_places=2, default=0
    )
    bonus_factor = models.DecimalField(
        _("bonus and penalty factor"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("Bonus minus penalty points are added to the score times this."),
    )
    bonus_limit = models.DecimalField(
        _("bonus at most"), **POINTS, default=5, validators=[MinValueValidator(0)]
    )
    penalty_limit = models.DecimalField(
        _("penalty at most"), **POINTS, default=10, validators=[MinValueValidator(0)]
    )
    excellent_min = models.DecimalField(_("excellent from"), **POINTS, default=90)
    good_min = models.DecimalField(_("good from"), **POINTS, default=80)
    average_min = models.DecimalField(_("average from"), **POINTS, default=60)
    inspection_points = models.JSONField(
        _("points per inspection rating"), default=default_inspection_points
    )
    ballot_points = models.JSONField(
        _("points per ballot rating"), default=default_ballot_points
    )
    daitou_points = models.JSONField(
        _("points per 五带头 rating"), default=default_daitou_points
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scoring rule")
        verbose_name_plural = _("scoring rules")
        ordering = ["campaign_id", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "audience"], name="uniq_scoring_rule"
            )
        ]

    def __str__(self):
        return f"{self.campaign} · {self.get_audience_display()}"

    def inspection_points_shown(self) -> list[tuple[str, object]]:
        """(rating label, points) of the inspection ratings: 好 100 · 一般 70 · 差 40."""
        from evaluations.models.inspections import Finding

        labels = dict(Finding.Rating.choices)
        return [(labels.get(k, k), v) for k, v in self.inspection_points.items()]

    def daitou_points_shown(self) -> list[tuple[str, object]]:
        """(rating label, points) of the 五带头 ratings, as the page shows them."""
        labels = dict(DaitouRating.Rating.choices)
        return [(labels.get(k, k), v) for k, v in self.daitou_points.items()]

    def weights(self) -> dict[str, str]:
        return {
            source: str(getattr(self, f"weight_{source}"))
            for source in self.SOURCES[self.audience]
        }

    def as_inputs(self) -> dict:
        """The rule as the pure scoring module reads it."""
        return {
            "weights": self.weights(),
            "bonus_factor": str(self.bonus_factor),
            "bonus_limit": str(self.bonus_limit),
            "penalty_limit": str(self.penalty_limit),
            "thresholds": {
                "excellent": str(self.excellent_min),
                "good": str(self.good_min),
                "average": str(self.average_min),
            },
            "inspection_points": {k: str(v) for k, v in self.inspection_points.items()},
            "ballot_points": {k: str(v) for k, v in self.ballot_points.items()},
            "daitou_points": {k: str(v) for k, v in self.daitou_points.items()},
        }


class ScoreSheet(models.Model):
    """Unit scoring sheet (考核评分表): the branch's self-assessment and the office's marks.

    Status moves not started → self-assessed (the branch submits) → marked (the office
    submits its marks) → done, one step at a time through ``sheet_step``; the office
    may return a sheet one step, or skip a self-assessment the branch never made.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        SELF_ASSESSED = "self_assessed", _("Self-assessed")
        MARKED = "marked", _("Marked by the office")
        DONE = "done", _("Done")

    # step → (states it leaves from, state it arrives at)
    TRANSITIONS = {
        "submit": ({Status.NOT_STARTED}, Status.SELF_ASSESSED),
        "skip": ({Status.NOT_STARTED}, Status.SELF_ASSESSED),
        "return": ({Status.SELF_ASSESSED}, Status.NOT_STARTED),
        "mark": ({Status.SELF_ASSESSED}, Status.MARKED),
        "finish": ({Status.MARKED}, Status.DONE),
        "reopen": ({Status.MARKED, Status.DONE}, Status.SELF_ASSESSED),
    }

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="score_sheets"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="score_sheets",
    )
    criteria_set = models.ForeignKey(
        "pledges.CriteriaSet",
        verbose_name=_("criteria"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    self_skipped = models.BooleanField(_("self-assessment skipped"), default=False)
    submitted_at = models.DateTimeField(_("self-assessed at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")
        ordering = ["campaign_id", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="uniq_score_sheet_per_unit"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.unit} · {self.get_status_display()}"

    def check_step(self, step: str) -> None:
        sources, _target = self.TRANSITIONS[step]
        if self.status not in sources:
            raise ScoringTransitionError(
                _("A sheet that is %(status)s cannot be %(step)s.")
                % {"status": self.get_status_display(), "step": STEP_NAMES[step]},
                code="transition",
            )

    @property
    def self_open(self) -> bool:
        """The branch may still change its self-assessment."""
        return self.status == self.Status.NOT_STARTED

    @property
    def office_open(self) -> bool:
        """The office may change its marks."""
        return self.status == self.Status.SELF_ASSESSED


STEP_NAMES = {
    "submit": _("submitted"),
    "skip": _("moved on without a self-assessment"),
    "return": _("returned to the branch"),
    "mark": _("marked"),
    "finish": _("finished"),
    "reopen": _("reopened"),
}


class SheetMark(models.Model):
    """Mark (评分) on one line of a sheet, by the branch (自评) or the office (评定).

    A regular, bonus or penalty line gets points; a veto line is marked as triggered or
    not. Every mark carries a comment; ``poor`` flags a line completed poorly.
    """

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessment")
        OFFICE = "office", _("Office")

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="marks"
    )
    line = models.ForeignKey(
        ScoringLine, on_delete=models.PROTECT, related_name="marks"
    )
    source = models.CharField(
        pgettext_lazy("mark source", "by"), max_length=8, choices=Source.choices
    )
    points = models.DecimalField(_("points"), **POINTS, null=True, blank=True)
    triggered = models.BooleanField(_("applies"), default=False)
    poor = models.BooleanField(_("completed poorly"), default=False)
    comment = models.TextField(_("comment"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"))

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        ordering = ["sheet_id", "line__order", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "line", "source"], name="uniq_mark_per_line_source"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="mark_points_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.line} · {self.points}"


class MarkEvidence(models.Model):
    """Evidence (佐证) a mark links to: a pledge item, plan measure, record, meeting or
    news report of the sheet's unit."""

    mark = models.ForeignKey(
        SheetMark, on_delete=models.CASCADE, related_name="evidence"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("evidence"), max_length=300)

    class Meta:
        verbose_name = _("mark evidence")
        verbose_name_plural = _("mark evidence")
        ordering = ["mark_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mark", "content_type", "object_id"], name="uniq_mark_evidence"
            )
        ]

    def __str__(self):
        return self.label


class DaitouRating(models.Model):
    """五带头 rating (五带头评定) of one member on one 带头, by the office or secretary."""

    class Rating(models.TextChoices):
        GOOD = "good", _("Good (好)")
        FAIR = "fair", _("Fairly good (较好)")
        AVERAGE = "average", _("Average (一般)")
        POOR = "poor", _("Poor (差)")

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="daitou_ratings"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="daitou_ratings"
    )
    criterion = models.ForeignKey(
        "pledges.Criterion",
        verbose_name=_("带头"),
        on_delete=models.PROTECT,
        related_name="daitou_ratings",
    )
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    comment = models.TextField(_("comment"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("五带头 rating")
        verbose_name_plural = _("五带头 ratings")
        ordering = ["campaign_id", "person_id", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "criterion"], name="uniq_daitou_rating"
            )
        ]

    def __str__(self):
        return f"{self.person_id} · {self.criterion_id} · {self.rating}"


class ScoreRun(models.Model):
    """Score computation (综合得分计算) of a campaign: when, by whom, whether published.

    One per campaign; each compute updates it and the scores in place, so computing
    twice with the same inputs leaves the same state.
    """

    campaign = models.OneToOneField(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="score_run"
    )
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed = models.PositiveIntegerField(_("scores changed"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("score computation")
        verbose_name_plural = _("score computations")

    def __str__(self):
        return f"{self.campaign} · {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ScoreFields(models.Model):
    """What a score and its snapshot copy share."""

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
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)
    category_key = models.CharField(_("ranking group"), max_length=40)
    category_label = models.CharField(_("category"), max_length=100)
    score = models.DecimalField(_("score"), **POINTS, null=True, blank=True)
    grade = models.CharField(
        _("grade"), max_length=10, choices=Grade.choices, blank=True
    )
    vetoed = models.BooleanField(_("vetoed"), default=False)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    inputs_digest = models.CharField(_("inputs digest"), max_length=64)
    inputs = DocumentField(_("inputs"))
    breakdown = DocumentField(_("breakdown"))

    class Meta:
        abstract = True

    @property
    def is_person(self) -> bool:
        return self.person_id is not None


class Score(ScoreFields):
    """Final score (综合得分) of a unit or a member in a campaign, with its breakdown."""

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="scores"
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["campaign_id", "category_key", "rank", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, person__isnull=True)
                | Q(unit__isnull=True, person__isnull=False),
                name="score_of_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                condition=Q(unit__isnull=False),
                name="uniq_score_per_unit",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person"],
                condition=Q(person__isnull=False),
                name="uniq_score_per_person",
            ),
        ]
        indexes = [models.Index(fields=["campaign", "category_key", "rank"])]

    def __str__(self):
        return f"{self.name} · {self.score}"


class ScoreSnapshot(models.Model):
    """Frozen snapshot (得分快照) of a campaign's scores when the awards are decided.

    Rows are copies; a later computation never changes them.
    """

    campaign = models.ForeignKey(
        "pledges.Campaign", on_delete=models.CASCADE, related_name="score_snapshots"
    )
    label = models.CharField(_("label"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("scores"), default=0)
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")
        ordering = ["-taken_at", "-pk"]

    def __str__(self):
        return self.label


class SnapshotScore(ScoreFields):
    """A score as it stood in a snapshot (快照得分)."""

    snapshot = models.ForeignKey(
        ScoreSnapshot, on_delete=models.CASCADE, related_name="scores"
    )

    class Meta:
        verbose_name = _("snapshot score")
        verbose_name_plural = _("snapshot scores")
        ordering = ["snapshot_id", "category_key", "rank", "name"]
        indexes = [models.Index(fields=["snapshot", "category_key", "rank"])]

    def __str__(self):
        return f"{self.name} · {self.score}"
