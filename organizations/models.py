"""Who: accounts, the organisation tree, people and the roles they hold (组织与人员)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """Login account (账号). Staff without an account exist as a Person only."""

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


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
        Kind.LEADING_GROUP: {Kind.INSTITUTE},
        Kind.ACTIVITY_OFFICE: {Kind.INSTITUTE},
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
        return reverse("organizations:unit", args=[self.pk])

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


class Person(models.Model):
    """Staff member (职工); party members (党员) carry their branch and status too."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class PoliticalStatus(models.TextChoices):
        PARTY_FULL = "party_full", _("Party member")
        PARTY_PROBATIONARY = "party_probationary", _("Probationary party member")
        LEAGUE = "league", _("Youth league member")
        OTHER_PARTY = "other_party", _("Member of a democratic party")
        MASSES = "masses", _("No party affiliation")

    PARTY_STATUSES = {PoliticalStatus.PARTY_FULL, PoliticalStatus.PARTY_PROBATIONARY}

    institute = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "institute"},
    )
    name = models.CharField(_("name"), max_length=50)
    staff_no = models.CharField(_("staff number"), max_length=32)
    gender = models.CharField(
        _("gender"), max_length=1, choices=Gender.choices, blank=True
    )
    department = models.ForeignKey(
        Organization,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
        limit_choices_to={"kind": "department"},
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    political_status = models.CharField(
        _("political status"),
        max_length=24,
        choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    branch = models.ForeignKey(
        Organization,
        verbose_name=_("party branch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="party_members",
        limit_choices_to={"kind": "branch"},
    )
    party_joined_on = models.DateField(_("joined the party on"), null=True, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("in service"), default=True)
    mass_units = models.ManyToManyField(
        Organization,
        verbose_name=_("mass-organisation units"),
        through="MassMembership",
        related_name="mass_members",
        blank=True,
    )
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["institute", "staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "staff_no"], name="uniq_staff_no_per_institute"
            )
        ]
        indexes = [models.Index(fields=["institute", "name"])]

    def __str__(self):
        return f"{self.name}（{self.staff_no}）"

    def get_absolute_url(self):
        return reverse("organizations:person", args=[self.pk])

    @property
    def is_party_member(self) -> bool:
        return self.political_status in self.PARTY_STATUSES

    def clean(self):
        if self.is_party_member and not self.branch_id:
            raise ValidationError(
                {"branch": _("A party member must belong to a branch.")}
            )
        if not self.is_party_member and (self.branch_id or self.party_joined_on):
            raise ValidationError(
                {
                    "political_status": _(
                        "Only party members have a branch and a date of joining."
                    )
                }
            )
        for field in ("department", "branch"):
            unit = getattr(self, field)
            if unit is not None and unit.institute_id != self.institute_id:
                raise ValidationError({field: _("This unit is in another institute.")})


class MassMembership(models.Model):
    """Membership of a mass-organisation unit (工会会员, 共青团员, 妇女组织成员)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    unit = models.ForeignKey(Organization, on_delete=models.CASCADE)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("mass-organisation membership")
        verbose_name_plural = _("mass-organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "unit"], name="uniq_mass_membership"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.unit}"


class Role(models.Model):
    """Role held at an organisation node (职务), reaching the node's subtree.

    Office and leading-group roles are held at the body (活动办公室 / 领导小组) and reach the
    body's parent, the institute. A liaison (联系点) is held by a leader at a branch.
    Party member and staff are not rows here: they follow from Person.branch/department.
    """

    class Kind(models.TextChoices):
        OFFICE = "office", _("Activity office")
        LEADER = "leader", _("Leading group")
        GENERAL_SECRETARY = "general_secretary", _("General-branch secretary")
        SECRETARY = "secretary", _("Branch secretary")
        COMMITTEE_MEMBER = "committee_member", _("Branch committee member")
        UNION_OFFICER = "union_officer", _("Union officer")
        LEAGUE_OFFICER = "league_officer", _("Youth league officer")
        WOMEN_OFFICER = "women_officer", _("Women's organisation officer")
        LIAISON = "liaison", _("Liaison branch")

    # The node kinds each role may be held at.
    NODE_KINDS = {
        Kind.OFFICE: {Organization.Kind.ACTIVITY_OFFICE},
        Kind.LEADER: {Organization.Kind.LEADING_GROUP},
        Kind.GENERAL_SECRETARY: {Organization.Kind.GENERAL_BRANCH},
        Kind.SECRETARY: {Organization.Kind.BRANCH},
        Kind.COMMITTEE_MEMBER: {
            Organization.Kind.BRANCH,
            Organization.Kind.GENERAL_BRANCH,
        },
        Kind.UNION_OFFICER: {
            Organization.Kind.UNION,
            Organization.Kind.UNION_BRANCH,
            Organization.Kind.UNION_GROUP,
        },
        Kind.LEAGUE_OFFICER: {
            Organization.Kind.LEAGUE_COMMITTEE,
            Organization.Kind.LEAGUE_BRANCH,
        },
        Kind.WOMEN_OFFICER: {
            Organization.Kind.WOMEN_COMMITTEE,
            Organization.Kind.WOMEN_GROUP,
        },
        Kind.LIAISON: {Organization.Kind.BRANCH},
    }
    # Roles that may change what lies in their scope; the rest only read it.
    MANAGING = {
        Kind.OFFICE,
        Kind.GENERAL_SECRETARY,
        Kind.SECRETARY,
        Kind.UNION_OFFICER,
        Kind.LEAGUE_OFFICER,
        Kind.WOMEN_OFFICER,
    }

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=24, choices=Kind.choices)
    node = models.ForeignKey(
        Organization,
        verbose_name=_("held at"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    title = models.CharField(
        _("title"), max_length=50, blank=True, help_text=_("组长, 副组长, 主任, 成员 …")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["node", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "node"], name="uniq_role_per_node"
            )
        ]

    def __str__(self):
        return f"{self.person.name} · {self.get_kind_display()} · {self.node}"

    @property
    def scope_node_id(self) -> int:
        """The node whose subtree this role reaches."""
        return self.node.parent_id if self.node.is_body else self.node_id

    def clean(self):
        allowed = self.NODE_KINDS.get(self.kind, set())
        if self.node_id and self.node.kind not in allowed:
            raise ValidationError(
                {"node": _("This role cannot be held at a unit of this kind.")}
            )
        if (
            self.person_id
            and self.node_id
            and self.person.institute_id != self.node.institute_id
        ):
            raise ValidationError({"node": _("This unit is in another institute.")})


class RosterImport(models.Model):
    """An uploaded roster file (花名册) awaiting or past its all-or-nothing apply."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Previewed")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")

    institute = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_imports"
    )
    uploaded_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEW
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename


class Notification(models.Model):
    """In-app notification (通知) to one person; email carries it as well, if wanted.

    ``dedupe_key`` names the occasion (``"pledge-due:42:2025-03"``): one person gets one
    notification per key however often the scheduler runs. Notifications without a key
    are never de-duplicated.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        APPROVAL_NEEDED = "approval_needed", _("Approval needed")
        RETURNED = "returned", _("Returned for revision")
        PUBLISHED = "published", _("Published")
        ROUND_OPENED = "round_opened", _("Round opened")
        ROUND_CLOSED = "round_closed", _("Round closed")
        AWARD = "award", _("Award")
        RECTIFICATION = "rectification", _("Rectification")
        COMMENT = "comment", _("Comment")
        ESCALATION = "escalation", _("Escalation")
        SYSTEM = "system", _("System")

    recipient = models.ForeignKey(
        Person,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="uniq_notification_dedupe"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["emailed_at", "read_at"], name="notification_unemailed"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationSetting(models.Model):
    """A person's notification preferences (通知设置): whether and when to email.

    Without a row a person gets a daily digest email, if they have an address. Muted kinds
    are not emailed; they still appear in the notification centre.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", _("One daily digest")
        IMMEDIATE = "immediate", _("At once")

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notification_setting",
    )
    email_enabled = models.BooleanField(_("send me email"), default=True)
    email_frequency = models.CharField(
        _("email me"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.DAILY,
    )
    muted_kinds = models.JSONField(_("kinds not to email"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.person)


class DigestLog(models.Model):
    """Record of one person's daily digest email (通知摘要): at most one per day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    count = models.PositiveIntegerField(_("notifications"), default=0)

    class Meta:
        verbose_name = _("digest email")
        verbose_name_plural = _("digest emails")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "day"], name="uniq_digest_per_day"
            )
        ]

    def __str__(self):
        return f"{self.person} · {self.day}"


from organizations.audit import AuditEvent  # noqa: E402,F401  (the audit log model lives beside its helper)
