"""Test data builders (factory_boy factories and a small institute)."""

from dataclasses import dataclass, field

import factory

from organizations import services
from organizations.models import BranchCategory, Organization, Person, Role, User

PASSWORD = "chuangxian"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人{n}")
    staff_no = factory.Sequence(lambda n: f"T{n:05d}")


def unit(name, kind, parent, **fields) -> Organization:
    return services.organization_create(name=name, kind=kind, parent=parent, **fields)


@dataclass
class Institute:
    """Handles on a small institute built for tests."""

    institute: Organization
    committee: Organization
    office_body: Organization
    leading_group: Organization
    gb: Organization
    branch: Organization
    other_branch: Organization
    lone_branch: Organization
    department: Organization
    other_department: Organization
    union: Organization
    category: BranchCategory
    people: dict[str, Person] = field(default_factory=dict)

    def user(self, key: str) -> User:
        return self.people[key].user


def person(inst_unit, key, *, prefix="", account=True, **fields) -> Person:
    p = PersonFactory(institute=inst_unit, name=fields.pop("name", key), **fields)
    if account:
        p.user = UserFactory(username=f"{prefix}{key}")
        p.save(update_fields=["user"])
    return p


def build_institute(name: str, prefix: str = "") -> Institute:
    """Institute → 党委 → 总支 → 2 支部, plus a branch directly under the committee.

    Accounts: office, leader, gsec (general-branch secretary), secretary, member, staff,
    othersec (secretary of the other branch), othermember; each prefixed for a second
    institute.
    """
    K = Organization.Kind
    inst = unit(name, K.INSTITUTE, None)
    cats = {c.code: c for c in BranchCategory.objects.filter(institute=inst)}
    research = cats[BranchCategory.Code.RESEARCH]
    committee = unit(f"{name}党委", K.PARTY_COMMITTEE, inst)
    dept = unit(f"{name}一部", K.DEPARTMENT, inst)
    dept2 = unit(f"{name}二部", K.DEPARTMENT, inst)
    gb = unit(f"{name}第一党总支", K.GENERAL_BRANCH, committee, category=research)
    branch = unit(f"{name}一支部", K.BRANCH, gb, category=research, department=dept)
    other = unit(f"{name}二支部", K.BRANCH, gb, category=research, department=dept2)
    lone = unit(
        f"{name}机关支部", K.BRANCH, committee, category=cats[BranchCategory.Code.ORGAN]
    )
    office = unit(f"{name}活动办公室", K.ACTIVITY_OFFICE, inst)
    group = unit(f"{name}领导小组", K.LEADING_GROUP, inst)
    union = unit(f"{name}工会", K.UNION, inst, led_by=committee)
    result = Institute(
        inst,
        committee,
        office,
        group,
        gb,
        branch,
        other,
        lone,
        dept,
        dept2,
        union,
        research,
    )
    party = Person.PoliticalStatus.PARTY_FULL
    P = result.people
    P["office"] = person(inst, "office", prefix=prefix, department=dept)
    P["leader"] = person(inst, "leader", prefix=prefix, department=dept)
    P["gsec"] = person(
        inst,
        "gsec",
        prefix=prefix,
        department=dept,
        political_status=party,
        branch=branch,
    )
    P["secretary"] = person(
        inst,
        "secretary",
        prefix=prefix,
        department=dept,
        political_status=party,
        branch=branch,
    )
    P["member"] = person(
        inst,
        "member",
        prefix=prefix,
        department=dept,
        political_status=party,
        branch=branch,
    )
    P["staff"] = person(inst, "staff", prefix=prefix, department=dept)
    P["othersec"] = person(
        inst,
        "othersec",
        prefix=prefix,
        department=dept2,
        political_status=party,
        branch=other,
    )
    P["othermember"] = person(
        inst,
        "othermember",
        prefix=prefix,
        department=dept2,
        political_status=party,
        branch=other,
    )
    P["paper"] = person(inst, "paper", prefix=prefix, department=dept, account=False)
    services.role_grant(
        person=P["office"], kind=Role.Kind.OFFICE, node=office, title="主任"
    )
    services.role_grant(
        person=P["leader"], kind=Role.Kind.LEADER, node=group, title="组长"
    )
    services.role_grant(person=P["leader"], kind=Role.Kind.LIAISON, node=branch)
    services.role_grant(person=P["gsec"], kind=Role.Kind.GENERAL_SECRETARY, node=gb)
    services.role_grant(person=P["secretary"], kind=Role.Kind.SECRETARY, node=branch)
    services.role_grant(person=P["othersec"], kind=Role.Kind.SECRETARY, node=other)
    for p in P.values():
        p.refresh_from_db()
    return result
