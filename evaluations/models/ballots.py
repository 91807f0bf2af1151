"""The secret mass evaluation (群众评议) and democratic evaluation (党员民主评议).

Secrecy by construction (DESIGN.md "Secret ballots"):

- ``Participation`` records *that* a person rated a target (has-voted, 已评议); it holds no
  answer. Ballots live in other tables that hold no voter, no key to the participation
  row, a random UUID key and no date at all.
- A cast writes the participation row and a ``StagedBallot`` in one short transaction.
  Inserting both together ties them through PostgreSQL's hidden ``xmin`` and through
  physical row order, so ``round_mix`` later moves staged ballots, in batches of at least
  k per target and in random order, into ``Ballot`` / ``BallotAnswer`` in a transaction of
  its own, then empties the staging table with ``TRUNCATE``.
- Paper slips (``Slip``) are bound to nobody: only a hash of the code, the unit they were
  printed for and whether they were used. ``SlipIssue`` records who was handed one
  (staff without an account, one each), which uses up that person's vote.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.pk_urls import url_for
from organizations.models import Organization, Person

__all__ = [
    "TransitionError",
    "AlreadyVotedError",
    "DEFAULT_SCALE",
    "default_scale",
    "Round",
    "TargetRule",
    "Target",
    "Question",
    "Participation",
    "StagedBallot",
    "Ballot",
    "BallotAnswer",
    "Slip",
    "SlipIssue",
    "TargetTally",
    "QuestionTally",
]


class TransitionError(ValidationError):
    """A workflow step that the round's current state does not allow."""


class AlreadyVotedError(ValidationError):
    """The voter (or the slip) has already rated this target in this round."""


# The rating scale 好 / 较好 / 一般 / 差 as data: value → label, best first.
DEFAULT_SCALE = [
    {"value": 4, "label": "好"},
    {"value": 3, "label": "较好"},
    {"value": 2, "label": "一般"},
    {"value": 1, "label": "差"},
]


def default_scale() -> list[dict]:
    return [dict(level) for level in DEFAULT_SCALE]


class Round(models.Model):
    """Evaluation round (评议轮次): a window in which voters rate targets in secret.

    Status moves draft → open → closed → tallied → published, one step at a time through
    the services (``round_open`` …); ``k`` is both the smallest tally shown and the
    smallest mixing batch per target.
    """

    class Kind(models.TextChoices):
        MASS = "mass", _("Mass evaluation (群众评议)")
        DEMOCRATIC = "democratic", _("Democratic evaluation of members (党员民主评议)")
        SATISFACTION = "satisfaction", _("Staff satisfaction survey (群众满意度测评)")
        DUTY_REPORT = "duty_report", _("Duty report rating (述职述廉)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        TALLIED = "tallied", _("Tallied")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Which status each step leaves from and arrives at.
    TRANSITIONS = {
        "open": (Status.DRAFT, Status.OPEN),
        "close": (Status.OPEN, Status.CLOSED),
        "tally": (Status.CLOSED, Status.TALLIED),
        "publish": (Status.TALLIED, Status.PUBLISHED),
    }

    scope = models.ForeignKey(
        Organization,
        verbose_name=_("held for"),
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
        help_text=_("Usually the institute: voters and targets come from its subtree."),
    )
    institute = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    campaign = models.ForeignKey(
        "pledges.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_rounds",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    k = models.PositiveSmallIntegerField(
        _("minimum ballots per target (k)"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
        help_text=_(
            "No tally is shown for a target with fewer ballots; also the smallest "
            "batch in which ballots are mixed."
        ),
    )
    scale = models.JSONField(_("rating scale"), default=default_scale)
    instructions = models.TextField(_("instructions to voters"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    tallied_on = models.DateField(_("tallied on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-opens_on", "-pk"]
        indexes = [models.Index(fields=["institute", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("evaluations:round", self.pk)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        """Closed or later: ballots are final and receipts may be checked."""
        return self.status in (
            self.Status.CLOSED,
            self.Status.TALLIED,
            self.Status.PUBLISHED,
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_tallies(self) -> bool:
        return self.status in (self.Status.TALLIED, self.Status.PUBLISHED)

    def scale_values(self) -> list[int]:
        return [int(level["value"]) for level in self.scale]

    def scale_choices(self) -> list[tuple[str, str]]:
        return [(str(level["value"]), level["label"]) for level in self.scale]

    def in_window(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on

    def check_transition(self, step: str) -> None:
        source, _target = self.TRANSITIONS[step]
        if self.status != source:
            raise TransitionError(
                _("A round that is %(status)s cannot be %(step)s.")
                % {"status": self.get_status_display(), "step": STEP_NAMES[step]},
                code="transition",
            )

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError(
                {"closes_on": _("The window must close on or after the day it opens.")}
            )
        if not isinstance(self.scale, list) or not self.scale:
            raise ValidationError({"scale": _("The rating scale needs levels.")})


STEP_NAMES = {
    "open": _("opened"),
    "close": _("closed"),
    "tally": _("tallied"),
    "publish": _("published"),
}


class TargetRule(models.Model):
    """Who rates whom (评议关系): a rule the office sets; targets and voters follow."""

    class Kind(models.TextChoices):
        DEPARTMENT_BRANCHES = (
            "department_branches",
            _("Staff rate the party branches serving their department"),
        )
        BRANCH_MEMBERS = (
            "branch_members",
            _("Members rate the other members of their own branch"),
        )
        OWN_BRANCH = "own_branch", _("Members rate their own branch")
        MASS_UNITS = (
            "mass_units",
            _("Members of a mass-organisation unit rate that unit"),
        )
        FIXED_UNIT = "fixed_unit", _("Everyone in scope rates this unit")
        FIXED_PERSON = (
            "fixed_person",
            _("Everyone in scope rates this person (e.g. a duty report)"),
        )

    class Voters(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        PARTY = "party", _("Party members only")
        NON_PARTY = "non_party", _("Staff who are not party members")

    # Rules a paper slip (a voter known only by unit) can follow.
    SLIP_KINDS = {Kind.DEPARTMENT_BRANCHES, Kind.FIXED_UNIT, Kind.FIXED_PERSON}

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("rule"), max_length=24, choices=Kind.choices)
    voters = models.CharField(
        _("who votes"), max_length=12, choices=Voters.choices, default=Voters.EVERYONE
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit rated"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person rated"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation rule")
        verbose_name_plural = _("evaluation rules")
        ordering = ["round", "pk"]

    def __str__(self):
        label = self.get_kind_display()
        if self.unit_id:
            return f"{label}: {self.unit}"
        if self.person_id:
            return f"{label}: {self.person.name}"
        return str(label)

    def admits(self, *, is_party_member: bool | None) -> bool:
        """Whether a voter of this party status votes under the rule (None: unknown)."""
        if self.voters == self.Voters.EVERYONE:
            return True
        if is_party_member is None:  # a paper slip: assume plain staff
            return self.voters == self.Voters.NON_PARTY
        return is_party_member == (self.voters == self.Voters.PARTY)


class Target(models.Model):
    """Evaluation target (评议对象): a unit or a person rated in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("evaluation target")
        verbose_name_plural = _("evaluation targets")
        ordering = ["round", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="target_is_unit_or_person",
            ),
            models.UniqueConstraint(
                fields=["round", "unit"], name="uniq_target_unit_per_round"
            ),
            models.UniqueConstraint(
                fields=["round", "person"], name="uniq_target_person_per_round"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_person(self) -> bool:
        return self.person_id is not None


class Question(models.Model):
    """Evaluation question (测评项): one criterion rated on the round's scale."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=20)
    text = models.CharField(_("question"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    section = models.CharField(
        _("under item"),
        max_length=300,
        blank=True,
        help_text=_(
            "The item this question details, e.g. “1 班子建设好”: questions under one "
            "item are shown together beneath it. Leave empty for an item of its own."
        ),
    )

    class Meta:
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["round", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "code"], name="uniq_question_code_per_round"
            )
        ]

    def __str__(self):
        return self.text


class Participation(models.Model):
    """Has-voted record (已评议): that a person rated a target, never what they said.

    The unique constraint is what stops a second vote. Only the day is kept.
    """

    voter = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="evaluation_participations"
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="participations"
    )
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="participations"
    )
    voted_on = models.DateField(_("voted on"))

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["voter", "round", "target"], name="uniq_vote_per_target"
            )
        ]
        indexes = [models.Index(fields=["round", "target"])]

    def __str__(self):
        return f"{self.voter_id} · {self.target_id}"


class StagedBallot(models.Model):
    """A cast ballot waiting to be mixed (待混洗选票). Emptied by TRUNCATE after mixing."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="+")
    receipt = models.CharField(max_length=16)
    answers = models.JSONField()  # {"<question id>": rating}
    comment = models.TextField(blank=True)
    # HMAC-SHA-256 over receipt and answers under a secret shown once to the voter.
    commitment = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("staged ballot")
        verbose_name_plural = _("staged ballots")

    def __str__(self):
        return str(self.id)


class Ballot(models.Model):
    """Ballot (选票): the answers to one target, with no voter and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="ballots")
    receipt = models.CharField(_("receipt code"), max_length=16)
    comment = models.TextField(_("comment"), blank=True)
    # Published beside the receipt: HMAC-SHA-256(secret, receipt and answers), where
    # only the voter holds the secret (shown once at cast time, never stored).
    commitment = models.CharField(_("check value"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        # Receipts are random and not unique by constraint: a collision (about one in
        # 10^15 per pair) must never refuse a vote or block mixing.
        indexes = [
            models.Index(fields=["round", "target"]),
            models.Index(fields=["round", "receipt"]),
        ]

    def __str__(self):
        return self.receipt


class BallotAnswer(models.Model):
    """One rating on a ballot (评价), for one question."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(_("rating"))

    class Meta:
        verbose_name = _("ballot answer")
        verbose_name_plural = _("ballot answers")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "question"], name="uniq_answer_per_question"
            )
        ]

    def __str__(self):
        return str(self.rating)


class Slip(models.Model):
    """One-time paper slip (纸质评议票) for staff without an account, bound to nobody.

    Only a SHA-256 hash of the printed code is kept; the unit says whose turnout it
    counts in and which rules apply.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slips")
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    code_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("paper slip")
        verbose_name_plural = _("paper slips")
        indexes = [models.Index(fields=["round", "unit"])]

    def __str__(self):
        return f"{self.unit} · {self.pk}"


class SlipIssue(models.Model):
    """That a person without an account was given a paper slip (已领纸质票): their vote.

    One per person and round (the unique constraint): the slip replaces voting online,
    so a person with a slip cannot vote online and a person who voted online gets no
    slip. Nothing here says which slip: the codes are bound to nobody.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="evaluation_slips"
    )
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("paper slip handed out")
        verbose_name_plural = _("paper slips handed out")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="uniq_slip_per_person"
            )
        ]

    def __str__(self):
        return f"{self.person_id} · {self.round_id}"


class TargetTally(models.Model):
    """Tally of one target (评议结果): ballots counted and, from k ballots up, the mean."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tallies")
    target = models.OneToOneField(
        Target, on_delete=models.CASCADE, related_name="tally"
    )
    ballots = models.PositiveIntegerField(_("ballots"))
    withheld = models.BooleanField(
        _("withheld"), help_text=_("Fewer than k ballots: nothing is shown.")
    )
    mean = models.DecimalField(
        _("mean score"), max_digits=5, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("target tally")
        verbose_name_plural = _("target tallies")
        ordering = ["round", "target__name"]

    def __str__(self):
        return f"{self.target} · {self.ballots}"


class QuestionTally(models.Model):
    """Tally of one question for one target: how many chose each level, and the mean."""

    tally = models.ForeignKey(
        TargetTally, on_delete=models.CASCADE, related_name="questions"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    counts = models.JSONField(_("counts per rating"))  # {"4": n, "3": n, …}
    answered = models.PositiveIntegerField(_("answers"))
    mean = models.DecimalField(_("mean score"), max_digits=5, decimal_places=3)

    class Meta:
        verbose_name = _("question tally")
        verbose_name_plural = _("question tallies")
        ordering = ["tally", "question__order", "question__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["tally", "question"], name="uniq_question_tally"
            )
        ]

    def __str__(self):
        return f"{self.question} · {self.mean}"
