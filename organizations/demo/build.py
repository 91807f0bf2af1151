"""Writing the plan."""

import itertools

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from simple_history.utils import bulk_create_with_history

from organizations import services
from organizations.demo.accounts import (
    ACADEMY_NAME,
    BRANCH_ACADEMY_NAME,
    CAT,
    DEMO_ACADEMY,
    DEMO_PASSWORD,
    DEMO_USERNAMES,
    INSTITUTE_NAME,
    K,
)
from organizations.demo.institute import (
    BRANCHES,
    COMMITTEE_NAME,
    DEPARTMENTS,
    GENERAL_BRANCHES,
    LEADING_GROUP_NAME,
    LEAGUE_BRANCHES,
    LEAGUE_NAME,
    OFFICE_NAME,
    UNION_BRANCHES,
    UNION_GROUPS,
    UNION_NAME,
    WOMEN_GROUPS,
    WOMEN_NAME,
)
from organizations.demo.plan import Plan, demo_plan
from organizations.demo.second import (
    ACADEMY_OFFICE_NAME,
    CL_BRANCHES,
    CL_COMMITTEE_NAME,
    CL_DEPARTMENTS,
    CL_GENERAL_BRANCH,
    CL_INSTITUTE_NAME,
    CL_LEADING_GROUP_NAME,
    CL_LEAGUE_NAME,
    CL_OFFICE_NAME,
    CL_UNION_NAME,
    CL_USERNAMES,
    CL_WOMEN_NAME,
    second_plan,
)
from organizations.models import MassMembership, Organization, Person, Role, User


class _Units:
    """Get-or-create for units, keyed by parent, kind and name, through the services."""

    def __init__(self):
        self.known: dict[tuple[int | None, str, str], Organization] = {}
        self.by_name: dict[str, Organization] = {}
        self.order = itertools.count()
        self.loaded = False

    def load(self, institute: Organization) -> None:
        """Read the institute's units in one query; above it, ``get`` asks one by one."""
        for unit in Organization.objects.filter(institute=institute):
            self.known[(unit.parent_id, unit.kind, unit.name)] = unit
        self.loaded = True

    def get(
        self, name: str, kind: str, parent: Organization | None, **fields
    ) -> Organization:
        key = (parent.pk if parent else None, kind, name)
        unit = self.known.get(key)
        if unit is None and not self.loaded:
            unit = Organization.objects.filter(
                name=name, kind=kind, parent=parent
            ).first()
        if unit is None:
            unit = services.organization_create(
                name=name, kind=kind, parent=parent, order=next(self.order), **fields
            )
        else:
            next(self.order)
        self.known[key] = unit
        self.by_name[name] = unit
        return unit


@transaction.atomic
def demo_build() -> Organization:
    """Build the demo institute (or complete it) and return it; safe to run again."""
    plan = demo_plan()
    units = _Units()
    academy = units.get(ACADEMY_NAME, K.ACADEMY, None)
    branch_academy = units.get(BRANCH_ACADEMY_NAME, K.BRANCH_ACADEMY, academy)
    institute = units.get(INSTITUTE_NAME, K.INSTITUTE, branch_academy)
    units.load(institute)
    categories = {c.code: c for c in services.categories_ensure(institute=institute)}

    committee = units.get(COMMITTEE_NAME, K.PARTY_COMMITTEE, institute)
    for name, parent, _sector in DEPARTMENTS:
        units.get(name, K.DEPARTMENT, units.by_name[parent] if parent else institute)
    for name, code in GENERAL_BRANCHES:
        units.get(name, K.GENERAL_BRANCH, committee, category=categories[code])
    for name, gb, code, dept in BRANCHES:
        units.get(
            name,
            K.BRANCH,
            units.by_name[gb] if gb else committee,
            category=categories[code],
            department=units.by_name[dept],
        )
    units.get(LEADING_GROUP_NAME, K.LEADING_GROUP, institute)
    units.get(OFFICE_NAME, K.ACTIVITY_OFFICE, institute)
    union = units.get(UNION_NAME, K.UNION, institute, led_by=committee)
    for name, led_by, _sectors in UNION_BRANCHES:
        units.get(name, K.UNION_BRANCH, union, led_by=units.by_name[led_by])
    for name, union_branch, led_by, _depts in UNION_GROUPS:
        units.get(
            name,
            K.UNION_GROUP,
            units.by_name[union_branch],
            led_by=units.by_name[led_by],
        )
    league = units.get(LEAGUE_NAME, K.LEAGUE_COMMITTEE, institute, led_by=committee)
    for name, led_by, _sectors in LEAGUE_BRANCHES:
        units.get(name, K.LEAGUE_BRANCH, league, led_by=units.by_name[led_by])
    women = units.get(WOMEN_NAME, K.WOMEN_COMMITTEE, institute, led_by=committee)
    for name, led_by, _sectors in WOMEN_GROUPS:
        units.get(name, K.WOMEN_GROUP, women, led_by=units.by_name[led_by])

    people = _write_people(institute, plan, units.by_name)
    _write_roles(institute, plan, people, units.by_name)
    _write_memberships(institute, plan, people, units.by_name)
    _write_accounts(plan, people, DEMO_USERNAMES)
    _build_second(branch_academy)
    return institute


def _build_second(branch_academy: Organization) -> Organization:
    """The second, smaller institute beside the first and the branch academy's own
    activity office (organizations.demo.second); returns that institute."""
    plan = second_plan()
    units = _Units()
    institute = units.get(CL_INSTITUTE_NAME, K.INSTITUTE, branch_academy)
    units.load(institute)
    categories = {c.code: c for c in services.categories_ensure(institute=institute)}
    committee = units.get(CL_COMMITTEE_NAME, K.PARTY_COMMITTEE, institute)
    for name in CL_DEPARTMENTS:
        units.get(name, K.DEPARTMENT, institute)
    units.get(
        CL_GENERAL_BRANCH,
        K.GENERAL_BRANCH,
        committee,
        category=categories[CAT.RESEARCH],
    )
    for name, gb, code, dept in CL_BRANCHES:
        units.get(
            name,
            K.BRANCH,
            units.by_name[gb] if gb else committee,
            category=categories[code],
            department=units.by_name[dept],
        )
    units.get(CL_LEADING_GROUP_NAME, K.LEADING_GROUP, institute)
    units.get(CL_OFFICE_NAME, K.ACTIVITY_OFFICE, institute)
    units.get(CL_UNION_NAME, K.UNION, institute, led_by=committee)
    units.get(CL_LEAGUE_NAME, K.LEAGUE_COMMITTEE, institute, led_by=committee)
    units.get(CL_WOMEN_NAME, K.WOMEN_COMMITTEE, institute, led_by=committee)
    people = _write_people(institute, plan, units.by_name)
    _write_roles(institute, plan, people, units.by_name)
    _write_memberships(institute, plan, people, units.by_name)
    # The branch academy's office, held by one of this institute's staff: the role
    # reaches above the person's institute, which role_grant (one institute) refuses.
    office = _Units().get(ACADEMY_OFFICE_NAME, K.ACTIVITY_OFFICE, branch_academy)
    Role.objects.get_or_create(
        person=people[plan.keys[DEMO_ACADEMY]],
        kind=Role.Kind.OFFICE,
        node=office,
        defaults={"title": "主任"},
    )
    _write_accounts(plan, people, CL_USERNAMES)
    return institute


def _write_people(institute, plan: Plan, unit_by_name) -> dict[str, Person]:
    existing = set(
        Person.objects.filter(institute=institute).values_list("staff_no", flat=True)
    )
    new = [
        Person(
            institute=institute,
            name=p.name,
            staff_no=p.staff_no,
            gender=p.gender,
            department=unit_by_name[p.department],
            position=p.position,
            political_status=p.status,
            branch=unit_by_name[p.branch] if p.branch else None,
            party_joined_on=p.joined,
        )
        for p in plan.people
        if p.staff_no not in existing
    ]
    if new:
        bulk_create_with_history(
            new, Person, batch_size=500, default_change_reason="seed_demo"
        )
    return {p.staff_no: p for p in Person.objects.filter(institute=institute)}


def _write_roles(institute, plan: Plan, people, unit_by_name) -> None:
    """The planned roles, in one bulk insert: the plan is checked by the model's own
    rules (``Role.clean``) row by row, without a query each as ``role_grant`` makes."""
    existing = set(
        Role.objects.filter(node__institute=institute).values_list(
            "person_id", "kind", "node_id"
        )
    )
    new = []
    for staff_no, kind, unit_name, title, order in plan.roles:
        person, node = people[staff_no], unit_by_name[unit_name]
        if (person.pk, kind, node.pk) not in existing:
            role = Role(person=person, kind=kind, node=node, title=title, order=order)
            role.clean()
            new.append(role)
    if new:
        bulk_create_with_history(
            new, Role, batch_size=500, default_change_reason="seed_demo"
        )


def _write_memberships(institute, plan: Plan, people, unit_by_name) -> None:
    existing = set(
        MassMembership.objects.filter(person__institute=institute).values_list(
            "person_id", "unit_id"
        )
    )
    new = []
    for staff_no, unit_name in plan.memberships:
        person, unit = people[staff_no], unit_by_name[unit_name]
        if (person.pk, unit.pk) not in existing:
            new.append(MassMembership(person=person, unit=unit))
    MassMembership.objects.bulk_create(new, batch_size=500)


def _write_accounts(plan: Plan, people, usernames) -> None:
    created = []
    for username in usernames:
        person = people[plan.keys[username]]
        user = _account_create(person, username)
        if user is not None:
            created.append(user.pk)
    demo_passwords_set(created)


def _account_create(person: Person, username: str) -> User | None:
    """The demo account of a demo person, without a password yet (None: it exists)."""
    if person.user_id:
        return None
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            "The demo account %(name)s exists but belongs to no demo person; "
            "rename or delete it, then run seed_demo again.",
            params={"name": username},
        )
    return services.person_account_create(
        person=person, username=username, password=None
    )


def demo_passwords_set(user_ids: list[int]) -> None:
    """Give new demo accounts ``DEMO_PASSWORD``: one hash for all of them, for hashing
    is deliberately slow (~0.5 s each) and the accounts share the password anyway."""
    if user_ids:
        User.objects.filter(pk__in=user_ids).update(
            password=make_password(DEMO_PASSWORD)
        )


def demo_seeders_run(*, institute: Organization) -> list[str]:
    """Let the apps above this one add their demo data: the ``seed(institute)`` functions
    named in ``settings.DEMO_SEEDERS``, in that order.

    The list lives in the settings because this module may not import the apps above
    it. A seeder that cannot be imported raises (ImportError), as does an exception
    inside one. Every seeder must itself be idempotent: seed_demo runs on each ``make
    run``, so a seeder called on an institute it already seeded must change nothing and
    create nothing. Returns the modules whose seeder ran.
    """
    seeders = [import_string(path) for path in settings.DEMO_SEEDERS]
    ran = []
    for seed in seeders:
        seed(institute)
        ran.append(seed.__module__)
    return ran
