"""Campaigns, branch plans, member pledges and their fulfilment (争创计划, 承诺书, 践诺)."""

import datetime
import uuid
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.pk_urls import url_for
from organizations.models import Family, Organization
from pledges.uploads import IMAGE_TYPES, RandomPath

__all__ = [
    "TransitionError",
    "ConflictError",
    "PHASES",
    "PLAN_UNIT_KINDS",
    "EDITABLE_STATES",
    "Campaign",
    "CriteriaSet",
    "Criterion",
    "PlanTemplate",
    "TemplateMeasure",
    "Status",
    "Plan",
    "PlanMeasure",
    "PlanMilestone",
    "PlanVersion",
    "Pledge",
    "PledgeItem",
    "PledgeVersion",
    "SupervisionComment",
    "ProgressStatus",
    "ProgressUpdate",
    "Evidence",
]


class TransitionError(ValidationError):
    """A workflow step that the object's current state does not allow."""


class ConflictError(ValidationError):
    """Someone else changed the object since the form was opened (optimistic lock)."""


# The five phases of a campaign year (seed 003 §五). Names are the seed's own words.
PHASES = [
    (1, "动员部署，公开承诺"),
    (2, "积极争创，扎实推进"),
    (3, "领导点评，群众评议"),
    (4, "组织考核，评选表彰"),
    (5, "巩固成果，完善机制"),
]

# Units that file striving plans: party branches and every mass-organisation unit.
PLAN_UNIT_KINDS = [Organization.Kind.BRANCH, *sorted(Organization.MASS_KINDS)]


class Campaign(models.Model):
    """Campaign year (创先争优活动年度) held at one organisation node, covering its subtree.

    The calendar is data: the scheduler (``chuangxian.calendar``) reads the phase dates, quarter starts,
    half-year reviews, mass-evaluation window, award deadline and monthly check day.
    """

    scope = models.ForeignKey(
        Organization,
        verbose_name=_("held at"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    theme = models.CharField(_("theme"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)

    phase1_start = models.DateField(_("phase 1 starts"))
    phase1_end = models.DateField(_("phase 1 ends"))
    phase2_start = models.DateField(_("phase 2 starts"))
    phase2_end = models.DateField(_("phase 2 ends"))
    phase3_start = models.DateField(_("phase 3 starts"))
    phase3_end = models.DateField(_("phase 3 ends"))
    phase4_start = models.DateField(_("phase 4 starts"))
    phase4_end = models.DateField(_("phase 4 ends"))
    phase5_start = models.DateField(_("phase 5 starts"))
    phase5_end = models.DateField(_("phase 5 ends"))

    quarter1_on = models.DateField(_("first quarterly inspection opens"))
    quarter2_on = models.DateField(_("second quarterly inspection opens"))
    quarter3_on = models.DateField(_("third quarterly inspection opens"))
    quarter4_on = models.DateField(_("fourth quarterly inspection opens"))
    review1_on = models.DateField(_("first half-year review"))
    review2_on = models.DateField(_("second half-year review"))
    evaluation_opens_on = models.DateField(_("mass evaluation opens"))
    evaluation_closes_on = models.DateField(_("mass evaluation closes"))
    award_deadline = models.DateField(
        _("award list published by"),
        help_text=_("No later than 30 June, before 七一."),
    )
    news_check_day = models.PositiveSmallIntegerField(
        _("monthly news check day"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "Day of each month on which last month's news reports are checked."
        ),
    )
    min_ballots = models.PositiveSmallIntegerField(
        _("minimum ballots for a tally (k)"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(100)],
    )
    separate_duties = models.BooleanField(
        _("separation of duties"),
        default=True,
        help_text=_(
            "Nobody approves a plan or pledge they filed or submitted; the next level "
            "up does. Untick only if your institute decides otherwise."
        ),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # An institute's campaign beneath an academy's: it inherits the academy campaign's
    # calendar and criteria and may only tighten them (pledges.services.academy).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("academy campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="institute_campaigns",
    )

    DATE_FIELDS = [
        *[f"phase{n}_{end}" for n in range(1, 6) for end in ("start", "end")],
        "quarter1_on",
        "quarter2_on",
        "quarter3_on",
        "quarter4_on",
        "review1_on",
        "review2_on",
        "evaluation_opens_on",
        "evaluation_closes_on",
        "award_deadline",
    ]
    SETTING_FIELDS = ["theme", "news_check_day", "min_ballots", "separate_duties"]

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "scope__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "year"], name="uniq_campaign_per_scope_year"
            )
        ]
        indexes = [models.Index(fields=["phase1_start", "phase5_end"])]

    def __str__(self):
        return f"{self.year} · {self.theme}"

    def get_absolute_url(self):
        return url_for("pledges:campaign", self.pk)

    def phases(self) -> list[dict]:
        """The five phases with their dates, in order."""
        return [
            {
                "number": n,
                "name": name,
                "start": getattr(self, f"phase{n}_start"),
                "end": getattr(self, f"phase{n}_end"),
            }
            for n, name in PHASES
        ]

    def phase_on(self, day: datetime.date) -> dict | None:
        for phase in self.phases():
            if (
                phase["start"]
                and phase["end"]
                and phase["start"] <= day <= phase["end"]
            ):
                return phase
        return None

    @property
    def current_phase(self) -> dict | None:
        return self.phase_on(timezone.localdate())

    def quarter_starts(self) -> list[datetime.date]:
        return [getattr(self, f"quarter{n}_on") for n in range(1, 5)]

    def quarter_span(self, n: int) -> tuple[datetime.date, datetime.date]:
        """First and last day of the campaign's quarter ``n`` (1–4).

        The one definition of a campaign quarter (campaign years need not be calendar
        years): quarter n runs from its inspection's opening day (``quarter<n>_on``) to
        the day before the next one opens; the fourth runs three months.
        """
        starts = self.quarter_starts()
        start = starts[n - 1]
        if n < 4:
            return start, starts[n] - datetime.timedelta(days=1)
        month = start.month + 3
        year = start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        day = min(start.day, 28)
        return start, datetime.date(year, month, day) - datetime.timedelta(days=1)

    def quarter_of(self, day: datetime.date) -> int | None:
        """The campaign quarter (1–4) that ``day`` falls in, or None outside them."""
        for n in range(1, 5):
            start, end = self.quarter_span(n)
            if start <= day <= end:
                return n
        return None

    def calendar(self) -> list[dict]:
        """Every dated step of the year, in date order: what the scheduler runs."""
        events = []
        for phase in self.phases():
            events.append(
                {"on": phase["start"], "key": f"phase{phase['number']}", "label": phase}
            )
        for n, day in enumerate(self.quarter_starts(), start=1):
            events.append({"on": day, "key": f"quarter{n}", "label": n})
        events += [
            {"on": self.review1_on, "key": "review1", "label": 1},
            {"on": self.review2_on, "key": "review2", "label": 2},
            {"on": self.evaluation_opens_on, "key": "evaluation_opens", "label": ""},
            {"on": self.evaluation_closes_on, "key": "evaluation_closes", "label": ""},
            {"on": self.award_deadline, "key": "award_deadline", "label": ""},
        ]
        return sorted(events, key=lambda e: (e["on"], e["key"]))

    @staticmethod
    def award_limit_for(start: datetime.date) -> datetime.date:
        """The first 30 June on or after ``start`` (the last day before that 七一)."""
        limit = datetime.date(start.year, 6, 30)
        return limit if limit >= start else datetime.date(start.year + 1, 6, 30)

    def clean(self):
        if any(getattr(self, f) is None for f in self.DATE_FIELDS):
            return  # the form reports missing dates field by field
        errors: dict[str, list] = {}
        for field, message in (
            *self._phase_errors(),
            *self._schedule_errors(),
            *self._award_deadline_errors(),
        ):
            errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def _phase_errors(self):
        """The five phases follow one another, the first in the campaign's year."""
        previous_end = None
        for n in range(1, 6):
            start = getattr(self, f"phase{n}_start")
            end = getattr(self, f"phase{n}_end")
            if end < start:
                yield (
                    f"phase{n}_end",
                    _("Phase %(n)s must end on or after the day it starts.") % {"n": n},
                )
            if previous_end is not None and start <= previous_end:
                yield (
                    f"phase{n}_start",
                    _("Phase %(n)s must start after phase %(prev)s ends.")
                    % {"n": n, "prev": n - 1},
                )
            previous_end = end
        if self.year and self.phase1_start.year != self.year:
            yield (
                "phase1_start",
                _("Phase 1 must start in the campaign's year %(year)s.")
                % {"year": self.year},
            )

    def _schedule_errors(self):
        """Inspections, reviews and the mass evaluation come in order."""
        quarters = self.quarter_starts()
        for n in range(1, 4):
            if quarters[n] <= quarters[n - 1]:
                yield (
                    f"quarter{n + 1}_on",
                    _("Each quarterly inspection must open after the one before."),
                )
        if self.review2_on <= self.review1_on:
            yield (
                "review2_on",
                _("The second half-year review must come after the first."),
            )
        if self.evaluation_closes_on < self.evaluation_opens_on:
            yield (
                "evaluation_closes_on",
                _("The mass evaluation must close on or after the day it opens."),
            )

    def _award_deadline_errors(self):
        """Awards fall before 七一, after the evaluation, within the phases."""
        if (self.award_deadline.month, self.award_deadline.day) > (6, 30):
            yield (
                "award_deadline",
                _(
                    "Awards are commended before 七一: the award deadline must be no "
                    "later than 30 June."
                ),
            )
        elif self.year and self.award_deadline.year > self.year + 1:
            yield (
                "award_deadline",
                _(
                    "The award deadline must be no later than 30 June %(year)s, the "
                    "七一 after the campaign year."
                )
                % {"year": self.year + 1},
            )
        if self.award_deadline < self.evaluation_closes_on:
            yield (
                "award_deadline",
                _("The award deadline must come after the mass evaluation closes."),
            )
        if not (self.phase1_start <= self.award_deadline <= self.phase5_end):
            yield (
                "award_deadline",
                _("The award deadline must fall within the campaign's phases."),
            )


class CriteriaSet(models.Model):
    """Criteria set (评价标准) of a campaign, e.g. 五带头 优秀共产党员.

    Sets for a person (``audience=person``) are the 带头 lists pledge items serve; sets
    for a unit are what plans and unit scoring are measured against; scoring keeps its
    points, weights and versions on the same rows, so one set serves both.
    """

    class Audience(models.TextChoices):
        UNIT = "unit", _("Organisation")
        PERSON = "person", _("Person")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="criteria_sets"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(
        _("award title"), max_length=100, help_text=_("e.g. 优秀共产党员")
    )
    family = models.CharField(
        _("organisation system"), max_length=8, choices=Family.choices
    )
    audience = models.CharField(_("for"), max_length=8, choices=Audience.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["campaign_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="uniq_criteria_set_code"
            )
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    """Criterion (评价项), e.g. 带头学习提高; sub-items hang under their parent."""

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent item"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set_id", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="uniq_criterion_code"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # Every form over the model (the admin's inline included) meets the academy's
        # tighten-only weight; the scoring page's service checks it too.
        from pledges.services.academy import criterion_check_weight

        if self.criteria_set_id:
            criterion_check_weight(self, self.weight)


class PlanTemplate(models.Model):
    """Plan template (分类指导模板) of one branch category or mass-organisation system."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="plan_templates"
    )
    category = models.ForeignKey(
        "organizations.BranchCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    family = models.CharField(
        _("organisation system"),
        max_length=8,
        choices=Family.choices,
        default=Family.PARTY,
    )
    focus = models.TextField(_("focus (争创重点)"), blank=True)
    targets = models.TextField(_("target results (效果目标)"), blank=True)
    pledge_plans = models.TextField(_("pledge: concrete plans (具体打算)"), blank=True)
    pledge_direction = models.TextField(
        _("pledge: direction of effort (努力方向)"), blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["campaign_id", "family", "category__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category"],
                condition=Q(category__isnull=False),
                name="uniq_template_per_category",
            ),
            models.UniqueConstraint(
                fields=["campaign", "family"],
                condition=Q(category__isnull=True),
                name="uniq_template_per_family",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.category_id:
            return self.category.name
        return str(Family(self.family).label)


class TemplateMeasure(models.Model):
    """A default measure (具体措施) offered by a plan template."""

    template = models.ForeignKey(
        PlanTemplate, on_delete=models.CASCADE, related_name="measures"
    )
    text = models.CharField(_("measure"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("template measure")
        verbose_name_plural = _("template measures")
        ordering = ["template_id", "order", "pk"]

    def __str__(self):
        return self.text


class Status(models.TextChoices):
    """Workflow state of a plan or pledge."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATES = {Status.DRAFT, Status.RETURNED, Status.PUBLISHED}


class Filed(models.Model):
    """What plans and pledges share: the approval workflow and the version counters.

    ``revision`` changes on every write and guards edit forms (optimistic lock);
    ``version`` counts published versions, each kept as a snapshot row.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="%(class)ss"
    )
    unit = models.ForeignKey(
        Organization,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # A change to a published plan or pledge waits here for approval; the published
    # content (its rows) stays as it is, and on the board, until the change is approved.
    change = models.JSONField(_("change awaiting approval"), null=True, blank=True)
    change_submitted_at = models.DateTimeField(
        _("change submitted at"), null=True, blank=True
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATES

    @property
    def change_awaits_approval(self) -> bool:
        return self.change_submitted_at is not None

    @property
    def change_returned(self) -> bool:
        return bool(self.change) and self.change_submitted_at is None

    def filer_user_ids(self) -> set[int]:
        """The accounts that filed it: who started it and who submitted it."""
        return {pk for pk in (self.created_by_id, self.submitted_by_id) if pk}

    def is_filed_by(self, scope) -> bool:
        """Separation of duties (the campaign's rule): the filer may not approve."""
        return scope.user_id in self.filer_user_ids() and self.campaign.separate_duties


class Plan(Filed):
    """Striving plan (争创计划) of a party branch or a mass-organisation unit."""

    focus = models.TextField(_("focus (争创重点)"))
    targets = models.TextField(_("target results (效果目标)"))

    class Meta:
        verbose_name = _("striving plan")
        verbose_name_plural = _("striving plans")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="uniq_plan_per_unit"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return str(_("Striving plan of %(unit)s") % {"unit": self.unit.name})

    def get_absolute_url(self):
        return url_for("pledges:plan", self.pk)

    def can_edit(self, scope) -> bool:
        """Those who manage the unit (its secretary or officer, and above)."""
        return scope.can_manage_unit(self.unit)

    @cached_property
    def approving_unit(self) -> Organization | None:
        """Whose plan approval (审核) it is: a branch's parent (总支, 党委); for a
        mass-organisation unit, the party organisation leading it (党建带群建,
        ``pledges.leadership.rules``). Lists set it for many plans at once."""
        if self.unit.is_mass:
            from pledges.leadership.rules import leading_party_unit

            return leading_party_unit(self.unit)
        return self.unit.parent

    def can_approve(self, scope) -> bool:
        """Those who manage the approving unit: the 总支书记 for a branch, the leading
        party organisation's secretary for a mass unit, the office; never the filer."""
        unit = self.approving_unit
        return (
            unit is not None
            and scope.can_manage_unit(unit)
            and not self.is_filed_by(scope)
        )


class PlanMeasure(models.Model):
    """Measure (具体措施) of a plan, with its owner and due date."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    text = models.CharField(_("measure"), max_length=300)
    owner = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_measures",
    )
    due_on = models.DateField(_("due date"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    progress_status = models.CharField(
        _("progress"), max_length=10, blank=True, default=""
    )
    progress_percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    progress_at = models.DateTimeField(_("last reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan measure")
        verbose_name_plural = _("plan measures")
        ordering = ["plan_id", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.due_on < timezone.localdate() and self.progress_status != "done"


class PlanMilestone(models.Model):
    """Milestone (时间进度) of a plan: a date and what is due by it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("date"))
    text = models.CharField(_("what is due"), max_length=300)

    class Meta:
        verbose_name = _("plan milestone")
        verbose_name_plural = _("plan milestones")
        ordering = ["plan_id", "due_on", "pk"]

    def __str__(self):
        return f"{self.due_on} {self.text}"


class PlanVersion(models.Model):
    """A published version of a plan, kept for the record (who changed what, when)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="uniq_plan_version")
        ]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"


class Pledge(Filed):
    """Member pledge (承诺书): concrete plans, direction of effort and committed items.

    Filed by the member, or by the secretary on the member's behalf (``on_behalf``).
    ``unit`` is the branch, or the mass-organisation unit for its own titles.
    """

    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    plans = models.TextField(_("concrete plans (具体打算)"))
    direction = models.TextField(_("direction of effort (努力方向)"))
    on_behalf = models.BooleanField(_("filed on the member's behalf"), default=False)

    class Meta:
        verbose_name = _("member pledge")
        verbose_name_plural = _("member pledges")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit", "person"], name="uniq_pledge_per_person"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return str(_("Pledge of %(name)s") % {"name": self.person.name})

    def get_absolute_url(self):
        return url_for("pledges:pledge", self.pk)

    @property
    def filed_by(self):
        return self.created_by

    def is_own(self, scope) -> bool:
        return scope.person is not None and scope.person.pk == self.person_id

    def can_edit(self, scope) -> bool:
        """The member themself, or whoever manages the unit (on the member's behalf)."""
        return self.is_own(scope) or scope.can_manage_unit(self.unit)

    def can_approve(self, scope) -> bool:
        """The unit's secretary or officer (or above), never for their own pledge nor
        one they filed on the member's behalf (then the level above approves)."""
        return (
            scope.can_manage_unit(self.unit)
            and not self.is_own(scope)
            and not self.is_filed_by(scope)
        )


class PledgeItem(models.Model):
    """Committed item (承诺事项): a measurable target, a due date and the 带头 it serves."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("committed item"), max_length=300)
    target = models.CharField(_("measurable target"), max_length=300)
    due_on = models.DateField(_("due date"))
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("serves (带头)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledge_items",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    progress_status = models.CharField(
        _("progress"), max_length=10, blank=True, default=""
    )
    progress_percent = models.PositiveSmallIntegerField(_("percent done"), default=0)
    progress_at = models.DateTimeField(_("last reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("committed item")
        verbose_name_plural = _("committed items")
        ordering = ["pledge_id", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.due_on < timezone.localdate() and self.progress_status != "done"


class PledgeVersion(models.Model):
    """A published version of a pledge, kept for the record."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("pledge version")
        verbose_name_plural = _("pledge versions")
        ordering = ["pledge_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["pledge", "number"], name="uniq_pledge_version"
            )
        ]

    def __str__(self):
        return f"{self.pledge_id} v{self.number}"


class SupervisionComment(models.Model):
    """Supervision comment (群众监督意见) on a published plan or pledge, and its answer.

    An anonymous comment keeps no link to its author: no account, no address, a random
    key and no time finer than the day.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    pledge = models.ForeignKey(
        Pledge,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    text = models.TextField(_("comment"))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_on = models.DateField(_("date"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision comment")
        verbose_name_plural = _("supervision comments")
        ordering = ["-created_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(plan__isnull=False, pledge__isnull=True)
                    | Q(plan__isnull=True, pledge__isnull=False)
                ),
                name="comment_on_plan_or_pledge",
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True),
                name="anonymous_comment_has_no_author",
            ),
        ]

    def __str__(self):
        return self.text[:30]

    @property
    def target(self):
        return self.plan if self.plan_id else self.pledge


class ProgressStatus(models.TextChoices):
    """How a committed item or measure stands (践诺进度)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class ProgressUpdate(models.Model):
    """Progress report (践诺情况) on a committed item or a plan measure."""

    item = models.ForeignKey(
        PledgeItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    measure = models.ForeignKey(
        PlanMeasure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ProgressStatus.choices
    )
    percent = models.PositiveSmallIntegerField(
        _("percent done"), validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("what was done"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(item__isnull=False, measure__isnull=True)
                    | Q(item__isnull=True, measure__isnull=False)
                ),
                name="progress_on_item_or_measure",
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="progress_percent_max_100"
            ),
        ]

    def __str__(self):
        return f"{self.get_status_display()} {self.percent}%"

    @property
    def subject(self):
        return self.item if self.item_id else self.measure


class Evidence(models.Model):
    """Evidence file (佐证材料) of a progress report, checked by content."""

    update = models.ForeignKey(
        ProgressUpdate, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=RandomPath("evidence"), max_length=255)
    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("pledges:evidence", self.pk)

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES
