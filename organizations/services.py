"""Workflows on the organisation tree, people and roles (组织与人员)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from organizations.models import BranchCategory, Organization, Person, Role, User

DEFAULT_CATEGORIES = [
    # Seed 003 §六(二): what each kind of branch strives in.
    (
        BranchCategory.Code.RESEARCH,
        "事业部/产业中心",
        "在更新观念、服从大局、弘扬军工精神、争当业务骨干中创先争优。",
    ),
    (
        BranchCategory.Code.ORGAN,
        "机关",
        "在进一步提升业务能力、协调能力、带头提高服务质量、工作效率中创先争优。",
    ),
    (
        BranchCategory.Code.SUPPORT,
        "保障服务",
        "从热情优质服务、参与支持改革以及维护稳定和谐中创先争优。",
    ),
    (
        BranchCategory.Code.RETIRED,
        "离退休",
        "从维护稳定、关心发展、支持改革、服从大局中创先争优。",
    ),
]


def _place(unit: Organization) -> None:
    """Set path, depth and institute from the parent (the unit has a primary key)."""
    parent = unit.parent
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.depth = parent.depth + 1 if parent else 0
    if unit.kind == Organization.Kind.INSTITUTE:
        unit.institute_id = unit.pk
    else:
        unit.institute_id = parent.institute_id if parent else None


@transaction.atomic
def organization_create(
    *, name: str, kind: str, parent: Organization | None, **fields
) -> Organization:
    """Create a unit under ``parent`` after checking that it may sit there."""
    unit = Organization(name=name, kind=kind, parent=parent, **fields)
    unit.full_clean(exclude=["path", "institute"])
    unit.save()
    _place(unit)
    unit.save(update_fields=["path", "depth", "institute"])
    if kind == Organization.Kind.INSTITUTE:
        categories_ensure(institute=unit)
    return unit


@transaction.atomic
def organization_update(*, unit: Organization, **fields) -> Organization:
    """Change a unit's own fields (not its place in the tree: see organization_move)."""
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.full_clean(exclude=["path", "institute", "parent"])
    unit.save()
    return unit


@transaction.atomic
def organization_move(*, unit: Organization, new_parent: Organization) -> Organization:
    """Move a unit and its subtree under ``new_parent``; the history records the move."""
    unit = Organization.objects.select_for_update().get(pk=unit.pk)
    if new_parent.path.startswith(unit.path):
        raise ValidationError(
            _("A unit cannot move under itself or one of its own units.")
        )
    if new_parent.institute_id != unit.institute_id:
        raise ValidationError(_("A unit cannot move to another institute."))
    old_path, old_depth = unit.path, unit.depth
    unit.parent = new_parent
    unit.full_clean(exclude=["path", "institute"])
    _place(unit)
    unit._change_reason = _("Moved from %(old)s") % {"old": old_path}
    unit.save()
    # Rewrite every descendant's path prefix in one statement.
    Organization.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
        path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
        depth=F("depth") - old_depth + unit.depth,
    )
    return unit


@transaction.atomic
def organization_merge(*, source: Organization, target: Organization) -> Organization:
    """Merge ``source`` into ``target`` (合并): its units, people and roles move over.

    The source stays in the database, inactive and pointing at the target, so its history
    and anything filed under it remain readable.
    """
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different units to merge."))
    if source.kind != target.kind:
        raise ValidationError(_("Only units of the same kind can be merged."))
    if source.institute_id != target.institute_id:
        raise ValidationError(_("Units of different institutes cannot be merged."))
    if target.path.startswith(source.path):
        raise ValidationError(_("A unit cannot merge into one of its own units."))
    if not source.is_active:
        raise ValidationError(_("This unit was already merged or closed."))
    for child in list(source.children.filter(is_active=True)):
        organization_move(unit=child, new_parent=target)
    Person.objects.filter(branch=source).update(branch=target)
    Person.objects.filter(department=source).update(department=target)
    Organization.objects.filter(department=source).update(department=target)
    Organization.objects.filter(led_by=source).update(led_by=target)
    for membership in source.massmembership_set.all():
        membership_target_exists = target.massmembership_set.filter(
            person_id=membership.person_id
        ).exists()
        if membership_target_exists:
            membership.delete()
        else:
            membership.unit = target
            membership.save()
    for role in source.roles.all():
        if Role.objects.filter(
            person_id=role.person_id, kind=role.kind, node=target
        ).exists():
            role.delete()
        else:
            role.node = target
            role.save()
    source.is_active = False
    source.merged_into = target
    source._change_reason = _("Merged into %(target)s") % {"target": target.name}
    source.save()
    return target


def categories_ensure(*, institute: Organization) -> list[BranchCategory]:
    """Give an institute the four branch categories of seed 003, keeping edited texts."""
    result = []
    for order, (code, name, emphasis) in enumerate(DEFAULT_CATEGORIES):
        category, _created = BranchCategory.objects.get_or_create(
            institute=institute,
            code=code,
            defaults={"name": name, "emphasis": emphasis, "order": order},
        )
        result.append(category)
    return result


@transaction.atomic
def role_grant(
    *, person: Person, kind: str, node: Organization, title: str = "", order: int = 0
) -> Role:
    """Give a person a role at a node (idempotent); office members get admin access."""
    role = Role(person=person, kind=kind, node=node, title=title, order=order)
    role.full_clean(validate_unique=False)
    if (
        kind == Role.Kind.LIAISON
        and not person.roles.filter(kind=Role.Kind.LEADER).exists()
    ):
        raise ValidationError(
            _("Only members of the leading group keep a liaison branch.")
        )
    role, created = Role.objects.update_or_create(
        person=person, kind=kind, node=node, defaults={"title": title, "order": order}
    )
    if kind == Role.Kind.OFFICE and person.user_id and not person.user.is_staff:
        User.objects.filter(pk=person.user_id).update(is_staff=True)
    return role


def last_office_member(role: Role) -> bool:
    """Whether ``role`` is the only office role of its activity office held by an
    active person: taking it away (or the person off the roster) would leave the
    institute with nobody to run the campaign or give the role again."""
    return role.kind == Role.Kind.OFFICE and not (
        Role.objects.filter(
            kind=Role.Kind.OFFICE, node_id=role.node_id, person__is_active=True
        )
        .exclude(pk=role.pk)
        .exists()
    )


@transaction.atomic
def role_revoke(*, role: Role) -> None:
    """Take a role away; an office member who holds no other office role loses admin.
    The activity office's last member keeps theirs (:func:`last_office_member`)."""
    if role.kind == Role.Kind.OFFICE:
        # Two members taking each other's roles at once: one waits for the other.
        list(
            Role.objects.select_for_update()
            .filter(kind=Role.Kind.OFFICE, node_id=role.node_id)
            .values_list("pk", flat=True)
        )
    if last_office_member(role):
        raise ValidationError(
            _(
                "This is the activity office's last member: give the office role "
                "to someone else first."
            )
        )
    person = role.person
    role.delete()
    if (
        role.kind == Role.Kind.OFFICE
        and person.user_id
        and not person.user.is_superuser
        and not person.roles.filter(kind=Role.Kind.OFFICE).exists()
    ):
        User.objects.filter(pk=person.user_id).update(is_staff=False)


@transaction.atomic
def person_account_create(*, person: Person, username: str, password: str) -> User:
    """Give a person a login account (账号)."""
    if person.user_id:
        raise ValidationError(_("This person already has an account."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            _("The user name %(name)s is taken.") % {"name": username}
        )
    user = User.objects.create_user(
        username=username,
        password=password,
        first_name=person.name,
        email=person.email,
        is_staff=person.roles.filter(kind=Role.Kind.OFFICE).exists(),
    )
    person.user = user
    person.save(update_fields=["user"])
    return user
