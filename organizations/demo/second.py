"""The second, smaller demo institute (沧澜材料研究所) beside the first under the same
branch academy, and the branch academy's own activity office.

It is there so that the academy level has more than one institute to look at, and so
that a test can prove two institutes never see each other: a committee with one general
branch and four branches, the leading group and activity office (account ``cl_office``),
the union, league and women's committee, and 64 staff. The branch academy's activity
office (account ``academy``) is held by one of its staff, since every person belongs to
an institute. Planned in memory from its own fixed seed, as the first institute is, and
written by the same get-or-create steps, so a second run changes nothing.
"""

import itertools
import random
from datetime import date, timedelta

from organizations.demo.accounts import (
    BRANCH_ACADEMY_NAME,
    CAT,
    DEMO_ACADEMY,
    DEMO_CL_OFFICE,
    PS,
    RK,
)
from organizations.demo.plan import Plan, PlannedPerson, _Names
from organizations.models import Person

CL_INSTITUTE_NAME = "沧澜材料研究所"
CL_STAFF_NO_PREFIX = "CL"
CL_SEED = 20100601
CL_COMMITTEE_NAME = f"{CL_INSTITUTE_NAME}党委"
CL_LEADING_GROUP_NAME = f"{CL_INSTITUTE_NAME}创先争优活动领导小组"
CL_OFFICE_NAME = f"{CL_INSTITUTE_NAME}创先争优活动办公室"
CL_UNION_NAME = f"{CL_INSTITUTE_NAME}工会"
CL_LEAGUE_NAME = f"{CL_INSTITUTE_NAME}团委"
CL_WOMEN_NAME = f"{CL_INSTITUTE_NAME}妇委会"
ACADEMY_OFFICE_NAME = f"{BRANCH_ACADEMY_NAME}创先争优活动办公室"

CL_DEPARTMENTS = [
    "综合办公室",
    "党群工作处",
    "复合材料研究室",
    "功能材料研究室",
    "分析检测中心",
]
CL_GENERAL_BRANCH = "研究室党总支"
# (name, general branch or None, category, department)
CL_BRANCHES = [
    ("机关党支部", None, CAT.ORGAN, "综合办公室"),
    ("复合材料研究室党支部", CL_GENERAL_BRANCH, CAT.RESEARCH, "复合材料研究室"),
    ("功能材料研究室党支部", CL_GENERAL_BRANCH, CAT.RESEARCH, "功能材料研究室"),
    ("分析检测中心党支部", None, CAT.SUPPORT, "分析检测中心"),
]
CL_BRANCH_OF = {
    "综合办公室": "机关党支部",
    "党群工作处": "机关党支部",
    "复合材料研究室": "复合材料研究室党支部",
    "功能材料研究室": "功能材料研究室党支部",
    "分析检测中心": "分析检测中心党支部",
}
# (department, head count, positions)
CL_COHORTS = [
    ("综合办公室", 10, ("主管", "干事", "科员")),
    ("党群工作处", 6, ("主管", "干事")),
    ("复合材料研究室", 18, ("研究员", "高级工程师", "工程师", "助理工程师")),
    ("功能材料研究室", 18, ("研究员", "高级工程师", "工程师", "助理工程师")),
    ("分析检测中心", 12, ("工程师", "技师", "技术员")),
]
# People placed on purpose: (key, department, position).
CL_KEY_PEOPLE = [
    ("cl_leader", "综合办公室", "党委书记、副所长"),
    (DEMO_ACADEMY, "综合办公室", "分院创先争优活动办公室主任（兼）"),
    (DEMO_CL_OFFICE, "党群工作处", "党群工作处处长"),
]
CL_USERNAMES = (DEMO_CL_OFFICE, DEMO_ACADEMY)


def second_plan() -> Plan:
    """The second institute's people, roles and memberships, the same on every run."""
    rng = random.Random(CL_SEED)  # nosec B311 - demo data
    plan = Plan()
    names = _Names(rng)
    numbers = itertools.count(10001)
    placed = {dept: [] for dept in CL_DEPARTMENTS}
    for key, dept, position in CL_KEY_PEOPLE:
        placed[dept].append((key, position))
    for dept, size, positions in CL_COHORTS:
        for i in range(size):
            gender = Person.Gender.FEMALE if rng.random() < 0.4 else Person.Gender.MALE
            draw = rng.random()
            if i < len(placed[dept]):
                key, position = placed[dept][i]
                status = PS.PARTY_FULL
            else:
                key, position = None, rng.choice(positions)
                status = (
                    PS.PARTY_FULL
                    if i < 6 or draw < 0.45
                    else PS.LEAGUE
                    if draw < 0.7
                    else PS.MASSES
                )
            party = status in Person.PARTY_STATUSES
            staff_no = f"{CL_STAFF_NO_PREFIX}{next(numbers)}"
            plan.people.append(
                PlannedPerson(
                    staff_no=staff_no,
                    name=names.make(gender),
                    gender=gender,
                    department=dept,
                    position=position,
                    status=status,
                    branch=CL_BRANCH_OF[dept] if party else None,
                    joined=(
                        date(rng.randint(1990, 2023), 1, 1)
                        + timedelta(days=rng.randrange(365))
                        if party
                        else None
                    ),
                )
            )
            if key:
                plan.keys[key] = staff_no
    _second_roles(rng, plan)
    return plan


def _second_roles(rng: random.Random, plan: Plan) -> None:
    keys = plan.keys
    taken = set(keys.values())

    def pick(people: list[PlannedPerson]) -> str:
        chosen = rng.choice([p for p in people if p.staff_no not in taken])
        taken.add(chosen.staff_no)
        return chosen.staff_no

    plan.roles.append((keys["cl_leader"], RK.LEADER, CL_LEADING_GROUP_NAME, "组长", 0))
    plan.roles.append((keys[DEMO_CL_OFFICE], RK.OFFICE, CL_OFFICE_NAME, "主任", 0))
    members = [p for p in plan.people if p.branch]
    research = [
        p for p in members if p.department in ("复合材料研究室", "功能材料研究室")
    ]
    plan.roles.append(
        (pick(research), RK.GENERAL_SECRETARY, CL_GENERAL_BRANCH, "书记", 0)
    )
    for branch, *_rest in CL_BRANCHES:
        in_branch = [p for p in members if p.branch == branch]
        plan.roles.append((pick(in_branch), RK.SECRETARY, branch, "书记", 0))
        plan.roles.append((pick(in_branch), RK.COMMITTEE_MEMBER, branch, "组织委员", 1))
    league = [p for p in plan.people if p.status == PS.LEAGUE]
    women = [p for p in plan.people if p.gender == Person.Gender.FEMALE]
    plan.roles.append((pick(plan.people), RK.UNION_OFFICER, CL_UNION_NAME, "主席", 0))
    plan.roles.append((pick(league), RK.LEAGUE_OFFICER, CL_LEAGUE_NAME, "书记", 0))
    plan.roles.append((pick(women), RK.WOMEN_OFFICER, CL_WOMEN_NAME, "主任", 0))
    plan.memberships.extend((p.staff_no, CL_UNION_NAME) for p in plan.people)
    plan.memberships.extend((p.staff_no, CL_LEAGUE_NAME) for p in league)
    plan.memberships.extend((p.staff_no, CL_WOMEN_NAME) for p in women)
