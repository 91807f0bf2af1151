"""The plan: pure data, the same on every run."""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from organizations.demo.accounts import (
    DEMO_GSEC,
    DEMO_LEAGUE,
    DEMO_SECRETARY,
    DEMO_SEED,
    DEMO_UNION,
    DEMO_WOMEN,
    PS,
    RK,
    STAFF_NO_PREFIX,
)
from organizations.demo.institute import (
    ACTIVITY_OFFICE,
    BRANCH_FOR_DEPARTMENT,
    BRANCHES,
    COHORTS,
    FEMALE_CHARS,
    FEMALE_RATE,
    GENERAL_BRANCHES,
    GSEC_GENERAL_BRANCH,
    KEY_PEOPLE,
    LEADING_GROUP,
    LEADING_GROUP_NAME,
    LEAGUE_BRANCHES,
    LEAGUE_NAME,
    MALE_CHARS,
    OFFICE_NAME,
    PARTY_RATE,
    POSITIONS,
    SECRETARY_BRANCH,
    SECTOR_OF,
    SEED_NAMES,
    SURNAMES,
    UNION_BRANCHES,
    UNION_GROUPS,
    UNION_NAME,
    WOMEN_GROUPS,
    WOMEN_NAME,
)
from organizations.models import Person


@dataclass
class PlannedPerson:
    staff_no: str
    name: str
    gender: str
    department: str
    position: str
    status: str
    branch: str | None
    joined: date | None
    retired: bool = False

    @property
    def is_party(self) -> bool:
        return self.status in Person.PARTY_STATUSES


@dataclass
class Plan:
    people: list[PlannedPerson] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)  # key → staff number
    # (staff number, role kind, unit name, title, order)
    roles: list[tuple[str, str, str, str, int]] = field(default_factory=list)
    # (staff number, unit name)
    memberships: list[tuple[str, str]] = field(default_factory=list)


class _Names:
    """Unique invented names: surname + one or two given-name characters."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, gender: str) -> str:
        chars = FEMALE_CHARS if gender == Person.Gender.FEMALE else MALE_CHARS
        while True:
            given = "".join(self.rng.choices(chars, k=self.rng.choice((1, 2, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used and name not in SEED_NAMES:
                self.used.add(name)
                return name


def _branches_of_department() -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for name, _gb, _cat, dept in BRANCHES:
        result.setdefault(dept, []).append(name)
    for dept, branch in BRANCH_FOR_DEPARTMENT.items():
        result.setdefault(dept, []).append(branch)
    return result


def _head_titles(dept: str) -> tuple[str, str]:
    if dept.endswith("处"):
        return ("处长", "副处长")
    if dept.endswith("室") and not dept.endswith("办公室"):
        return ("室主任", "副主任")
    return ("主任", "副主任")


def _plan_people(rng: random.Random, plan: Plan) -> None:
    names = _Names(rng)
    branches_of = _branches_of_department()
    numbers = itertools.count(10001)
    round_robin = {dept: itertools.cycle(b) for dept, b in branches_of.items()}
    key_people: dict[str, list[tuple]] = {}
    for spec in KEY_PEOPLE:
        key_people.setdefault(spec[1], []).append(spec)
    seen_departments: set[str] = set()
    for dept, size, pool in COHORTS:
        first_cohort = dept not in seen_departments
        seen_departments.add(dept)
        placed = key_people.get(dept, []) if first_cohort else []
        heads = _head_titles(dept) if first_cohort and not placed else ()
        retired = pool == "retired"
        # Enough members for a secretary, two committee members and a spare per branch.
        if first_cohort or retired:
            forced_party = 4 * len(branches_of.get(dept, []))
        else:
            forced_party = 0
        for i in range(size):
            female_draw = rng.random()
            party_draw = rng.random()
            other_draw = rng.random()
            gender = (
                Person.Gender.FEMALE
                if female_draw < FEMALE_RATE[pool]
                else Person.Gender.MALE
            )
            if i < len(placed):
                key, _dept, position, status, fixed_gender = placed[i]
                gender = fixed_gender or gender
            else:
                key = None
                generic = i - len(placed)
                if generic < len(heads):
                    position = heads[generic]
                else:
                    titles, weights = zip(*POSITIONS[pool], strict=True)
                    position = rng.choices(titles, weights=weights)[0]
                if generic < forced_party or party_draw < PARTY_RATE[pool]:
                    status = (
                        PS.PARTY_PROBATIONARY
                        if not retired and other_draw < 0.07
                        else PS.PARTY_FULL
                    )
                elif not retired and other_draw < 0.3:
                    status = PS.LEAGUE
                elif other_draw > 0.96:
                    status = PS.OTHER_PARTY
                else:
                    status = PS.MASSES
            name = names.make(gender)
            staff_no = f"{STAFF_NO_PREFIX}{next(numbers)}"
            branch = joined = None
            if status in Person.PARTY_STATUSES:
                branch = next(round_robin[dept])
                if status == PS.PARTY_PROBATIONARY:
                    joined = date(2025, 1, 1) + timedelta(days=rng.randrange(330))
                else:
                    year = (
                        rng.randint(1962, 1992) if retired else rng.randint(1984, 2023)
                    )
                    joined = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            plan.people.append(
                PlannedPerson(
                    staff_no=staff_no,
                    name=name,
                    gender=gender,
                    department=dept,
                    position=position,
                    status=status,
                    branch=branch,
                    joined=joined,
                    retired=retired,
                )
            )
            if key:
                plan.keys[key] = staff_no


class _Roles:
    """Adds planned roles; picks holders at random among people without one yet."""

    def __init__(self, rng: random.Random, plan: Plan):
        self.rng = rng
        self.plan = plan
        # Demo and body people keep only the roles given here, so their homes stay put.
        self.taken = set(plan.keys.values())

    def add(self, staff_no, kind, unit, title="", order=0) -> None:
        self.plan.roles.append((staff_no, kind, unit, title, order))

    def pick(self, candidates: list[PlannedPerson]) -> PlannedPerson:
        free = [p for p in candidates if p.staff_no not in self.taken]
        chosen = self.rng.choice(free)
        self.taken.add(chosen.staff_no)
        return chosen


def _plan_party_roles(roles: _Roles, plan: Plan) -> None:
    """The leading group, the office, branch secretaries and committees, liaisons."""
    keys = plan.keys
    for order, (key, title) in enumerate(LEADING_GROUP):
        roles.add(keys[key], RK.LEADER, LEADING_GROUP_NAME, title, order)
    for order, (key, title) in enumerate(ACTIVITY_OFFICE):
        roles.add(keys[key], RK.OFFICE, OFFICE_NAME, title, order)

    members_of: dict[str, list[PlannedPerson]] = {}
    for p in plan.people:
        if p.branch:
            members_of.setdefault(p.branch, []).append(p)
    # General-branch secretaries, then a secretary and one or two committee members.
    for gb, _cat in GENERAL_BRANCHES:
        if gb == GSEC_GENERAL_BRANCH:
            staff_no = keys[DEMO_GSEC]
        else:
            pool = [p for b, g, _c, _d in BRANCHES if g == gb for p in members_of[b]]
            staff_no = roles.pick(pool).staff_no
        roles.add(staff_no, RK.GENERAL_SECRETARY, gb, "书记")
    for branch, _gb, _cat, _dept in BRANCHES:
        if branch == SECRETARY_BRANCH:
            secretary = keys[DEMO_SECRETARY]
        else:
            secretary = roles.pick(members_of[branch]).staff_no
        roles.add(secretary, RK.SECRETARY, branch, "书记")
        for order, title in enumerate(
            ["组织委员", "宣传委员"][: roles.rng.choice((1, 2))]
        ):
            roles.add(
                roles.pick(members_of[branch]).staff_no,
                RK.COMMITTEE_MEMBER,
                branch,
                title,
                order + 1,
            )

    # Liaison branches (联系点): every branch has one leader; the head keeps the
    # secretary's branch.
    leaders = [keys[key] for key, _title in LEADING_GROUP]
    ordered = [SECRETARY_BRANCH] + [b[0] for b in BRANCHES if b[0] != SECRETARY_BRANCH]
    for i, branch in enumerate(ordered):
        roles.add(leaders[i % len(leaders)], RK.LIAISON, branch, "联系点")


def _mass_members(plan: Plan) -> tuple[dict, dict, dict]:
    """Who belongs to which union, league and women's unit, by unit name."""
    group_of_department = {
        dept: name for name, _ub, _led, depts in UNION_GROUPS for dept in depts
    }
    union_members: dict[str, list[PlannedPerson]] = {}
    league_members: dict[str, list[PlannedPerson]] = {}
    women_members: dict[str, list[PlannedPerson]] = {}
    for p in plan.people:
        sector = SECTOR_OF[p.department]
        if not p.retired:
            unit = group_of_department.get(p.department) or next(
                name for name, _led, sectors in UNION_BRANCHES if sector in sectors
            )
            union_members.setdefault(unit, []).append(p)
        if p.status == PS.LEAGUE:
            unit = next(n for n, _led, sectors in LEAGUE_BRANCHES if sector in sectors)
            league_members.setdefault(unit, []).append(p)
        if p.gender == Person.Gender.FEMALE:
            unit = next(n for n, _led, sectors in WOMEN_GROUPS if sector in sectors)
            women_members.setdefault(unit, []).append(p)
    return union_members, league_members, women_members


def _plan_mass_officers(
    roles: _Roles, plan: Plan, union_members, league_members, women_members
) -> None:
    """The officers of the union, the league and the women's committee."""
    keys = plan.keys
    roles.add(keys["lg_union"], RK.UNION_OFFICER, UNION_NAME, "主席", 0)
    roles.add(keys[DEMO_UNION], RK.UNION_OFFICER, UNION_NAME, "常务副主席", 1)
    for name, *_rest in UNION_BRANCHES:
        pool = [
            p
            for unit, people in union_members.items()
            if unit == name or _union_branch_of(unit) == name
            for p in people
        ]
        roles.add(roles.pick(pool).staff_no, RK.UNION_OFFICER, name, "分工会主席")
    for name, *_rest in UNION_GROUPS:
        roles.add(
            roles.pick(union_members[name]).staff_no, RK.UNION_OFFICER, name, "组长"
        )
    roles.add(keys[DEMO_LEAGUE], RK.LEAGUE_OFFICER, LEAGUE_NAME, "书记")
    for name, *_rest in LEAGUE_BRANCHES:
        roles.add(
            roles.pick(league_members[name]).staff_no,
            RK.LEAGUE_OFFICER,
            name,
            "团支部书记",
        )
    by_staff_no = {p.staff_no: p for p in plan.people}
    director = by_staff_no[keys[DEMO_WOMEN]]
    roles.add(director.staff_no, RK.WOMEN_OFFICER, WOMEN_NAME, "主任")
    for name, *_rest in WOMEN_GROUPS:
        roles.add(
            roles.pick(women_members[name]).staff_no, RK.WOMEN_OFFICER, name, "组长"
        )


def _plan_roles(rng: random.Random, plan: Plan) -> None:
    roles = _Roles(rng, plan)
    _plan_party_roles(roles, plan)
    # Mass organisations: who belongs where, and their officers.
    union_members, league_members, women_members = _mass_members(plan)
    for members in (union_members, league_members, women_members):
        for unit, people in members.items():
            plan.memberships.extend((p.staff_no, unit) for p in people)
    _plan_mass_officers(roles, plan, union_members, league_members, women_members)


def _union_branch_of(unit: str) -> str | None:
    for name, union_branch, _led, _depts in UNION_GROUPS:
        if name == unit:
            return union_branch
    return None


def demo_plan() -> Plan:
    """The demo institute's people, roles and memberships, planned in memory."""
    rng = random.Random(DEMO_SEED)  # nosec B311 - demo data
    plan = Plan()
    _plan_people(rng, plan)
    _plan_roles(rng, plan)
    return plan
