"""The demo institute (演示单位): an invented research institute shaped like seed 003.

``demo_build()`` lays out academy → branch academy → institute, the institute's party
committee with its general branches and branches in all four categories, departments,
600+ staff (most without an account, as for paper voting slips), the trade union, youth
league and women's committee, the leading group and the activity office, and seven demo
accounts that all sign in with ``DEMO_PASSWORD``.

Every name is invented and drawn from a ``random.Random`` with a fixed seed, so two runs
plan the same institute. The plan is made in memory first and then written with
get-or-create semantics (units by parent, kind and name; people by staff number; roles
by person, kind and node), so a second run changes nothing and duplicates nothing.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from simple_history.utils import bulk_create_with_history

from organizations import services
from organizations.models import (
    BranchCategory,
    MassMembership,
    Organization,
    Person,
    Role,
    User,
)

K = Organization.Kind
PS = Person.PoliticalStatus
RK = Role.Kind
CAT = BranchCategory.Code

# The published password of the demo accounts, never of a real one.
DEMO_PASSWORD = "chuangxian"  # noqa: S105  # nosec B105 - the published demo password
DEMO_SEED = 20100510
ACADEMY_NAME = "青岚科学院"
BRANCH_ACADEMY_NAME = "青岚科学院西川分院"
INSTITUTE_NAME = "星河电子研究所"
STAFF_NO_PREFIX = "XH"

DEMO_OFFICE = "office"
DEMO_LEADER = "leader"
DEMO_GSEC = "gsec"
DEMO_SECRETARY = "secretary"
DEMO_MEMBER = "member"
DEMO_STAFF = "staff"
DEMO_UNION = "union"


@dataclass(frozen=True)
class DemoAccount:
    """One demo account as the banner shows it."""

    username: str
    role_zh: str
    role_en: str
    home_zh: str
    home_en: str


DEMO_ACCOUNTS = (
    DemoAccount(
        DEMO_OFFICE,
        "活动办公室主任",
        "activity office director",
        "全所概况",
        "institute overview",
    ),
    DemoAccount(
        DEMO_LEADER,
        "领导小组组长",
        "leading group head",
        "联系点支部",
        "liaison branches",
    ),
    DemoAccount(
        DEMO_GSEC,
        "党总支书记",
        "general-branch secretary",
        "本总支",
        "own general branch",
    ),
    DemoAccount(
        DEMO_SECRETARY,
        "党支部书记",
        "branch secretary",
        "本支部",
        "own branch",
    ),
    DemoAccount(DEMO_MEMBER, "党员", "party member", "我的承诺", "own pledge"),
    DemoAccount(
        DEMO_STAFF,
        "职工（非党员）",
        "staff, not in the party",
        "公开承诺",
        "public pledges",
    ),
    DemoAccount(
        DEMO_UNION,
        "工会常务副主席",
        "trade union officer",
        "本工会",
        "own union",
    ),
)
DEMO_USERNAMES = tuple(account.username for account in DEMO_ACCOUNTS)

# ---------------------------------------------------------------------------------------
# The shape of the institute. Sectors tie departments to their general branch and to the
# mass-organisation units their staff join.

COMMITTEE_NAME = f"{INSTITUTE_NAME}党委"
LEADING_GROUP_NAME = f"{INSTITUTE_NAME}创先争优活动领导小组"
OFFICE_NAME = f"{INSTITUTE_NAME}创先争优活动办公室"
UNION_NAME = f"{INSTITUTE_NAME}工会"
LEAGUE_NAME = f"{INSTITUTE_NAME}团委"
WOMEN_NAME = f"{INSTITUTE_NAME}妇委会"

# (name, parent department or None, sector)
DEPARTMENTS = [
    ("综合办公室", None, "organ"),
    ("组织人事处", None, "organ"),
    ("党群工作处", None, "organ"),
    ("科研计划处", None, "organ"),
    ("财务资产处", None, "organ"),
    ("质量安全处", None, "organ"),
    ("纪检监察审计室", None, "direct"),
    ("保密办公室", None, "organ"),
    ("规划发展办公室", None, "organ"),
    ("第一事业部", None, "rd1"),
    ("射频组件室", "第一事业部", "rd1"),
    ("微波模块室", "第一事业部", "rd1"),
    ("信号处理室", "第一事业部", "rd1"),
    ("测试验证室", "第一事业部", "rd1"),
    ("第二事业部", None, "rd2"),
    ("传感器件室", "第二事业部", "rd2"),
    ("微纳工艺室", "第二事业部", "rd2"),
    ("封装集成室", "第二事业部", "rd2"),
    ("可靠性室", "第二事业部", "rd2"),
    ("第三事业部", None, "rd3"),
    ("光电探测室", "第三事业部", "rd3"),
    ("激光器件室", "第三事业部", "rd3"),
    ("光学设计室", "第三事业部", "rd3"),
    ("系统集成室", "第三事业部", "rd3"),
    ("声表器件产业中心", None, "ind"),
    ("惯性器件产业中心", None, "ind"),
    ("电源模块产业中心", None, "ind"),
    ("智能装备产业中心", None, "ind"),
    ("标准化研究中心", None, "direct"),
    ("后勤服务中心", None, "support"),
    ("物资供应中心", None, "support"),
    ("信息网络中心", None, "support"),
    ("动力保障中心", None, "support"),
    ("档案信息中心", None, "direct"),
    ("离退休工作处", None, "retired"),
]
SECTOR_OF = {name: sector for name, _parent, sector in DEPARTMENTS}

# (name, category)
GENERAL_BRANCHES = [
    ("第一事业部党总支", CAT.RESEARCH),
    ("第二事业部党总支", CAT.RESEARCH),
    ("第三事业部党总支", CAT.RESEARCH),
    ("产业中心党总支", CAT.RESEARCH),
    ("机关党总支", CAT.ORGAN),
    ("保障服务党总支", CAT.SUPPORT),
    ("离退休党总支", CAT.RETIRED),
]
GSEC_GENERAL_BRANCH = "第一事业部党总支"

# (name, general branch or None for directly under the committee, category, department)
BRANCHES = [
    ("射频组件室党支部", "第一事业部党总支", CAT.RESEARCH, "射频组件室"),
    ("微波模块室党支部", "第一事业部党总支", CAT.RESEARCH, "微波模块室"),
    ("信号处理室党支部", "第一事业部党总支", CAT.RESEARCH, "信号处理室"),
    ("测试验证室党支部", "第一事业部党总支", CAT.RESEARCH, "测试验证室"),
    ("传感器件室党支部", "第二事业部党总支", CAT.RESEARCH, "传感器件室"),
    ("微纳工艺室党支部", "第二事业部党总支", CAT.RESEARCH, "微纳工艺室"),
    ("封装集成室党支部", "第二事业部党总支", CAT.RESEARCH, "封装集成室"),
    ("可靠性室党支部", "第二事业部党总支", CAT.RESEARCH, "可靠性室"),
    ("光电探测室党支部", "第三事业部党总支", CAT.RESEARCH, "光电探测室"),
    ("激光器件室党支部", "第三事业部党总支", CAT.RESEARCH, "激光器件室"),
    ("光学设计室党支部", "第三事业部党总支", CAT.RESEARCH, "光学设计室"),
    ("系统集成室党支部", "第三事业部党总支", CAT.RESEARCH, "系统集成室"),
    ("声表器件产业中心党支部", "产业中心党总支", CAT.RESEARCH, "声表器件产业中心"),
    ("惯性器件产业中心党支部", "产业中心党总支", CAT.RESEARCH, "惯性器件产业中心"),
    ("电源模块产业中心党支部", "产业中心党总支", CAT.RESEARCH, "电源模块产业中心"),
    ("智能装备产业中心党支部", "产业中心党总支", CAT.RESEARCH, "智能装备产业中心"),
    ("综合办公室党支部", "机关党总支", CAT.ORGAN, "综合办公室"),
    ("组织人事处党支部", "机关党总支", CAT.ORGAN, "组织人事处"),
    ("党群工作处党支部", "机关党总支", CAT.ORGAN, "党群工作处"),
    ("科研计划处党支部", "机关党总支", CAT.ORGAN, "科研计划处"),
    ("财务资产处党支部", "机关党总支", CAT.ORGAN, "财务资产处"),
    ("质量安全处党支部", "机关党总支", CAT.ORGAN, "质量安全处"),
    ("后勤服务中心党支部", "保障服务党总支", CAT.SUPPORT, "后勤服务中心"),
    ("物资供应中心党支部", "保障服务党总支", CAT.SUPPORT, "物资供应中心"),
    ("信息网络中心党支部", "保障服务党总支", CAT.SUPPORT, "信息网络中心"),
    ("动力保障中心党支部", "保障服务党总支", CAT.SUPPORT, "动力保障中心"),
    ("离退休第一党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    ("离退休第二党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    ("离退休第三党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    ("离退休第四党支部", "离退休党总支", CAT.RETIRED, "离退休工作处"),
    # 未设党总支的支部
    ("纪检监察审计室党支部", None, CAT.ORGAN, "纪检监察审计室"),
    ("标准化研究中心党支部", None, CAT.RESEARCH, "标准化研究中心"),
    ("档案信息中心党支部", None, CAT.SUPPORT, "档案信息中心"),
]
SECRETARY_BRANCH = "射频组件室党支部"
# Departments without a branch of their own: their party members join this branch.
BRANCH_FOR_DEPARTMENT = {
    "保密办公室": "综合办公室党支部",
    "规划发展办公室": "综合办公室党支部",
}

# (department, head count, position pool); retirees are a second cohort of their office.
COHORTS = [
    ("综合办公室", 16, "organ"),
    ("组织人事处", 13, "organ"),
    ("党群工作处", 13, "organ"),
    ("科研计划处", 14, "organ"),
    ("财务资产处", 12, "organ"),
    ("质量安全处", 12, "organ"),
    ("纪检监察审计室", 8, "organ"),
    ("保密办公室", 6, "organ"),
    ("规划发展办公室", 7, "organ"),
    ("射频组件室", 24, "research"),
    ("微波模块室", 24, "research"),
    ("信号处理室", 24, "research"),
    ("测试验证室", 24, "research"),
    ("传感器件室", 24, "research"),
    ("微纳工艺室", 24, "research"),
    ("封装集成室", 24, "research"),
    ("可靠性室", 24, "research"),
    ("光电探测室", 24, "research"),
    ("激光器件室", 24, "research"),
    ("光学设计室", 24, "research"),
    ("系统集成室", 24, "research"),
    ("声表器件产业中心", 26, "research"),
    ("惯性器件产业中心", 26, "research"),
    ("电源模块产业中心", 26, "research"),
    ("智能装备产业中心", 26, "research"),
    ("标准化研究中心", 18, "research"),
    ("后勤服务中心", 22, "support"),
    ("物资供应中心", 22, "support"),
    ("信息网络中心", 22, "support"),
    ("动力保障中心", 22, "support"),
    ("档案信息中心", 10, "support"),
    ("离退休工作处", 6, "organ"),
    ("离退休工作处", 56, "retired"),
]
POSITIONS = {
    "research": [
        ("研究员", 1),
        ("高级工程师", 5),
        ("工程师", 7),
        ("助理工程师", 5),
        ("技术员", 2),
    ],
    "organ": [("主管", 3), ("干事", 4), ("科员", 2), ("高级经济师", 1)],
    "support": [
        ("工程师", 3),
        ("高级技师", 1),
        ("技师", 3),
        ("技术员", 2),
        ("管理员", 2),
    ],
    "retired": [
        ("退休研究员", 1),
        ("退休高级工程师", 3),
        ("退休工程师", 3),
        ("退休职工", 3),
    ],
}
PARTY_RATE = {"research": 0.5, "organ": 0.75, "support": 0.4, "retired": 0.85}
FEMALE_RATE = {"research": 0.38, "organ": 0.5, "support": 0.4, "retired": 0.35}

# People placed on purpose: (key, department, position, political status, gender).
KEY_PEOPLE = [
    (DEMO_LEADER, "综合办公室", "党委副书记、副所长", PS.PARTY_FULL, ""),
    ("lg_vice_a", "综合办公室", "党委副书记、纪委书记", PS.PARTY_FULL, ""),
    ("lg_vice_b", "综合办公室", "所长", PS.PARTY_FULL, ""),
    ("lg_m1", "综合办公室", "副所长", PS.PARTY_FULL, ""),
    ("lg_m2", "综合办公室", "副所长", PS.PARTY_FULL, ""),
    ("lg_m3", "财务资产处", "总会计师", PS.PARTY_FULL, ""),
    ("lg_union", "党群工作处", "工会主席", PS.PARTY_FULL, ""),
    (DEMO_OFFICE, "党群工作处", "党群工作处副处长", PS.PARTY_FULL, ""),
    ("of_1", "组织人事处", "所长助理、组织人事处处长", PS.PARTY_FULL, ""),
    ("of_2", "综合办公室", "综合办公室副主任", PS.PARTY_FULL, ""),
    ("of_3", "纪检监察审计室", "纪检监察审计室副主任", PS.PARTY_FULL, ""),
    ("of_4", "组织人事处", "组织人事处组织干事", PS.PARTY_FULL, ""),
    ("of_5", "党群工作处", "党群工作处宣传干事", PS.PARTY_FULL, ""),
    ("of_6", "党群工作处", "党群工作处组织干事", PS.PARTY_FULL, ""),
    (DEMO_UNION, "党群工作处", "工会常务副主席", PS.PARTY_FULL, ""),
    ("league_secretary", "党群工作处", "团委书记", PS.PARTY_PROBATIONARY, ""),
    ("women_director", "组织人事处", "妇委会主任", PS.PARTY_FULL, "F"),
    (DEMO_GSEC, "微波模块室", "第一事业部副主任", PS.PARTY_FULL, ""),
    (DEMO_SECRETARY, "射频组件室", "高级工程师", PS.PARTY_FULL, ""),
    (DEMO_MEMBER, "射频组件室", "工程师", PS.PARTY_FULL, ""),
    (DEMO_STAFF, "射频组件室", "助理工程师", PS.MASSES, ""),
]
# (key, title) in order: 组长, 副组长, 成员 (seed 003 §二).
LEADING_GROUP = [
    (DEMO_LEADER, "组长"),
    ("lg_vice_a", "副组长"),
    ("lg_vice_b", "副组长"),
    ("lg_m1", "成员"),
    ("lg_m2", "成员"),
    ("lg_m3", "成员"),
    ("lg_union", "成员"),
]
ACTIVITY_OFFICE = [
    (DEMO_OFFICE, "主任"),
    ("of_1", "成员"),
    ("of_2", "成员"),
    ("of_3", "成员"),
    ("of_4", "成员"),
    ("of_5", "成员"),
    ("of_6", "成员"),
]

# Mass organisations: (name, leading party unit, sectors whose staff join it).
UNION_BRANCHES = [
    ("第一事业部分工会", "第一事业部党总支", {"rd1"}),
    ("第二事业部分工会", "第二事业部党总支", {"rd2"}),
    ("第三事业部分工会", "第三事业部党总支", {"rd3"}),
    ("产业中心分工会", "产业中心党总支", {"ind"}),
    ("机关分工会", "机关党总支", {"organ"}),
    ("保障服务分工会", "保障服务党总支", {"support"}),
    ("直属单位分工会", COMMITTEE_NAME, {"direct", "retired"}),
]
# (name, union branch, leading party unit, departments whose staff join it).
UNION_GROUPS = [
    ("射频组件室工会小组", "第一事业部分工会", "射频组件室党支部", {"射频组件室"}),
    ("微波模块室工会小组", "第一事业部分工会", "微波模块室党支部", {"微波模块室"}),
    ("信号处理室工会小组", "第一事业部分工会", "信号处理室党支部", {"信号处理室"}),
    ("测试验证室工会小组", "第一事业部分工会", "测试验证室党支部", {"测试验证室"}),
    (
        "后勤服务中心工会小组",
        "保障服务分工会",
        "后勤服务中心党支部",
        {"后勤服务中心"},
    ),
    (
        "动力保障中心工会小组",
        "保障服务分工会",
        "动力保障中心党支部",
        {"动力保障中心"},
    ),
]
LEAGUE_BRANCHES = [
    ("第一事业部团支部", "第一事业部党总支", {"rd1"}),
    ("第二事业部团支部", "第二事业部党总支", {"rd2"}),
    ("第三事业部团支部", "第三事业部党总支", {"rd3"}),
    ("产业中心团支部", "产业中心党总支", {"ind"}),
    ("机关保障联合团支部", "机关党总支", {"organ", "support", "direct", "retired"}),
]
WOMEN_GROUPS = [
    ("第一事业部妇女小组", "第一事业部党总支", {"rd1"}),
    ("第二第三事业部妇女小组", "第二事业部党总支", {"rd2", "rd3"}),
    ("产业中心妇女小组", "产业中心党总支", {"ind"}),
    ("机关妇女小组", "机关党总支", {"organ", "direct"}),
    ("保障服务妇女小组", "保障服务党总支", {"support"}),
    ("离退休妇女小组", "离退休党总支", {"retired"}),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋"
    "蔡余杜叶程苏魏吕丁任卢姚钟姜崔谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱侯尹薛闫段雷"
    "黎史龙陶贺顾毛郝龚邵万钱严武戴莫孔向汤"
)
MALE_CHARS = "建国志明伟强军平辉斌鹏宇浩凯俊峰磊杰勇刚健超亮林东海文华翔晨阳毅骏博睿哲楠琦航远鑫立成松岩振庆正铭"
FEMALE_CHARS = (
    "丽芳娟敏静燕艳婷雪玲萍红霞慧琳颖倩佳欣悦璐蕾薇洁琪晶岚瑶莉梅兰珊雯思怡宁蓉萱月秀"
)
# The people named in the seed documents: never generated.
SEED_NAMES = frozenset(
    "江波 沈虹 欧黎 胡少勤 秦廷辉 范方云 吴应康 章瑜 张涛 吴兆刚 张旋 周尚平 王彤 曾翀".split()
)


# ---------------------------------------------------------------------------------------
# The plan: pure data, the same on every run.


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
    roles.add(keys["league_secretary"], RK.LEAGUE_OFFICER, LEAGUE_NAME, "书记")
    for name, *_rest in LEAGUE_BRANCHES:
        roles.add(
            roles.pick(league_members[name]).staff_no,
            RK.LEAGUE_OFFICER,
            name,
            "团支部书记",
        )
    by_staff_no = {p.staff_no: p for p in plan.people}
    director = by_staff_no[keys["women_director"]]
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


# ---------------------------------------------------------------------------------------
# Writing the plan.


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
    _write_accounts(plan, people)
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
    existing = set(
        Role.objects.filter(node__institute=institute).values_list(
            "person_id", "kind", "node_id"
        )
    )
    for staff_no, kind, unit_name, title, order in plan.roles:
        person, node = people[staff_no], unit_by_name[unit_name]
        if (person.pk, kind, node.pk) not in existing:
            services.role_grant(
                person=person, kind=kind, node=node, title=title, order=order
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


def _write_accounts(plan: Plan, people) -> None:
    for username in DEMO_USERNAMES:
        person = people[plan.keys[username]]
        if person.user_id:
            continue
        if User.objects.filter(username=username).exists():
            raise ValidationError(
                "The demo account %(name)s exists but belongs to no demo person; "
                "rename or delete it, then run seed_demo again.",
                params={"name": username},
            )
        services.person_account_create(
            person=person, username=username, password=DEMO_PASSWORD
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
