"""People, accounts and the roles they hold (人员与角色)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.pk_urls import url_for
from organizations.models.tree import Organization


class User(AbstractUser):
    """Login account (账号). Staff without an account exist as a Person only."""

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


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
        return url_for("organizations:person", self.pk)

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
            and not self._academy_body_above_person()
        ):
            raise ValidationError({"node": _("This unit is in another institute.")})

    def _academy_body_above_person(self) -> bool:
        """An academy's office or leading group, held by staff of an institute beneath."""
        from organizations.campaign_office import is_academy_body

        return is_academy_body(self.node) and self.person.institute.path.startswith(
            self.node.parent.path
        )
