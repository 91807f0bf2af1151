"""The organisation tree (组织树): units, their families and branch categories."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.pk_urls import url_for


class Family(models.TextChoices):
    """Which organisation system a unit belongs to (党 / 工会 / 共青团 / 妇女 / 行政)."""

    PARTY = "party", _("Party")
    UNION = "union", _("Trade union")
    LEAGUE = "league", _("Youth league")
    WOMEN = "women", _("Women's organisation")
    ADMIN = "admin", _("Administration")
    BODY = "body", _("Campaign body")


class Organization(models.Model):
    """Organisation unit (组织): one node of a tree of any depth.

    ``path`` is the materialised path of primary keys (``/1/5/23/``), so a subtree is one
    indexed ``startswith`` query. ``institute`` is the nearest institute at or above the
    node: the tenant boundary that scopes every query.
    """

    class Kind(models.TextChoices):
        ACADEMY = "academy", _("Academy")
        BRANCH_ACADEMY = "branch_academy", _("Branch academy")
        INSTITUTE = "institute", _("Institute")
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        GENERAL_BRANCH = "general_branch", _("General party branch")
        BRANCH = "branch", _("Party branch")
        DEPARTMENT = "department", _("Department")
        UNION = "union", _("Trade union")
        UNION_BRANCH = "union_branch", _("Union branch")
        UNION_GROUP = "union_group", _("Union group")
        LEAGUE_COMMITTEE = "league_committee", _("Youth league committee")
        LEAGUE_BRANCH = "league_branch", _("Youth league branch")
        WOMEN_COMMITTEE = "women_committee", _("Women's committee")
        WOMEN_GROUP = "women_group", _("Women's group")
        LEADING_GROUP = "leading_group", _("Leading group")
        ACTIVITY_OFFICE = "activity_office", _("Activity office")

    FAMILY_OF_KIND = {
        Kind.ACADEMY: Family.ADMIN,
        Kind.BRANCH_ACADEMY: Family.ADMIN,
        Kind.INSTITUTE: Family.ADMIN,
        Kind.DEPARTMENT: Family.ADMIN,
        Kind.PARTY_COMMITTEE: Family.PARTY,
        Kind.GENERAL_BRANCH: Family.PARTY,
        Kind.BRANCH: Family.PARTY,
        Kind.UNION: Family.UNION,
        Kind.UNION_BRANCH: Family.UNION,
        Kind.UNION_GROUP: Family.UNION,
        Kind.LEAGUE_COMMITTEE: Family.LEAGUE,
        Kind.LEAGUE_BRANCH: Family.LEAGUE,
        Kind.WOMEN_COMMITTEE: Family.WOMEN,
        Kind.WOMEN_GROUP: Family.WOMEN,
        Kind.LEADING_GROUP: Family.BODY,
        Kind.ACTIVITY_OFFICE: Family.BODY,
    }
    # Which kinds may sit directly under which. Depth varies; this only rules out nonsense.
    ALLOWED_PARENTS = {
        Kind.ACADEMY: {None},
        Kind.BRANCH_ACADEMY: {Kind.ACADEMY},
        Kind.INSTITUTE: {None, Kind.ACADEMY, Kind.BRANCH_ACADEMY},
        Kind.PARTY_COMMITTEE: {Kind.INSTITUTE},
        Kind.GENERAL_BRANCH: {Kind.PARTY_COMMITTEE},
        Kind.BRANCH: {Kind.PARTY_COMMITTEE, Kind.GENERAL_BRANCH},
        Kind.DEPARTMENT: {Kind.INSTITUTE, Kind.DEPARTMENT},
        Kind.UNION: {Kind.INSTITUTE},
        Kind.UNION_BRANCH: {Kind.UNION},
        Kind.UNION_GROUP: {Kind.UNION, Kind.UNION_BRANCH},
        Kind.LEAGUE_COMMITTEE: {Kind.INSTITUTE},
        Kind.LEAGUE_BRANCH: {Kind.LEAGUE_COMMITTEE},
        Kind.WOMEN_COMMITTEE: {Kind.INSTITUTE, Kind.UNION},
        Kind.WOMEN_GROUP: {Kind.WOMEN_COMMITTEE},
        # An academy or branch academy that holds a campaign has its own bodies too.
        Kind.LEADING_GROUP: {Kind.INSTITUTE, Kind.ACADEMY, Kind.BRANCH_ACADEMY},
        Kind.ACTIVITY_OFFICE: {Kind.INSTITUTE, Kind.ACADEMY, Kind.BRANCH_ACADEMY},
    }
    MASS_KINDS = {
        Kind.UNION,
        Kind.UNION_BRANCH,
        Kind.UNION_GROUP,
        Kind.LEAGUE_COMMITTEE,
        Kind.LEAGUE_BRANCH,
        Kind.WOMEN_COMMITTEE,
        Kind.WOMEN_GROUP,
    }
    BODY_KINDS = {Kind.LEADING_GROUP, Kind.ACTIVITY_OFFICE}

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    institute = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    category = models.ForeignKey(
        "BranchCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("For party branches and general branches: 分类指导 category."),
    )
    department = models.ForeignKey(
        "self",
        verbose_name=_("department served"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="served_by",
        limit_choices_to={"kind": "department"},
        help_text=_("The department (处/中心) whose staff this unit belongs to."),
    )
    led_by = models.ForeignKey(
        "self",
        verbose_name=_("led by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="leads",
        help_text=_("The party organisation leading this mass-organisation unit."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    history = HistoricalRecords(excluded_fields=["path", "depth"])

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["institute", "kind"]),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return url_for("organizations:unit", self.pk)

    @property
    def family(self) -> str:
        return self.FAMILY_OF_KIND[self.kind]

    @property
    def is_branch(self) -> bool:
        return self.kind == self.Kind.BRANCH

    @property
    def is_mass(self) -> bool:
        return self.kind in self.MASS_KINDS

    @property
    def is_body(self) -> bool:
        return self.kind in self.BODY_KINDS

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to the parent, read from the path."""
        return [int(p) for p in self.path.strip("/").split("/")[:-1] if p]

    def is_within(self, other: "Organization") -> bool:
        return self.path.startswith(other.path)

    def clean(self):
        allowed = self.ALLOWED_PARENTS.get(self.kind, set())
        parent_kind = self.parent.kind if self.parent_id else None
        if parent_kind not in allowed:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot sit under %(parent)s.")
                    % {
                        "kind": self.get_kind_display(),
                        "parent": self.parent.get_kind_display()
                        if self.parent_id
                        else _("nothing (top level)"),
                    }
                }
            )
        if self.category_id and self.kind not in (
            self.Kind.BRANCH,
            self.Kind.GENERAL_BRANCH,
        ):
            raise ValidationError(
                {
                    "category": _(
                        "Only party branches and general branches have a category."
                    )
                }
            )
        if self.kind == self.Kind.BRANCH and not self.category_id:
            raise ValidationError(
                {"category": _("Choose the category of this party branch.")}
            )
        if self.led_by_id and self.led_by.family != Family.PARTY:
            raise ValidationError(
                {"led_by": _("A unit can only be led by a party organisation.")}
            )


class BranchCategory(models.Model):
    """Branch category (分类指导类别) with the striving emphasis it carries."""

    class Code(models.TextChoices):
        RESEARCH = "research", _("Business division / industry centre")
        ORGAN = "organ", _("Administrative organ")
        SUPPORT = "support", _("Support services")
        RETIRED = "retired", _("Retirees")

    institute = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="branch_categories"
    )
    code = models.CharField(_("code"), max_length=16, choices=Code.choices)
    name = models.CharField(_("name"), max_length=50)
    emphasis = models.TextField(
        _("striving emphasis"),
        help_text=_("What this category strives in (seed 003 §六(二))."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("branch category")
        verbose_name_plural = _("branch categories")
        ordering = ["institute", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "code"], name="uniq_category_code_per_institute"
            )
        ]

    def __str__(self):
        return self.name
