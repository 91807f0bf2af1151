"""The demo's names, password and accounts; short names for kinds and codes."""

from dataclasses import dataclass

from organizations.models import BranchCategory, Organization, Person, Role

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
DEMO_LEAGUE = "league"
DEMO_WOMEN = "women"
# Above and beside the institute: the branch academy's activity office, and the office
# of the second, smaller institute under the same branch academy.
DEMO_ACADEMY = "academy"
DEMO_CL_OFFICE = "cl_office"


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
    DemoAccount(
        DEMO_LEAGUE,
        "团委书记",
        "youth league secretary",
        "本团委",
        "own league committee",
    ),
    DemoAccount(
        DEMO_WOMEN,
        "妇委会主任",
        "women's committee director",
        "本妇委会",
        "own women's committee",
    ),
    DemoAccount(
        DEMO_ACADEMY,
        "分院活动办公室主任",
        "branch academy activity office",
        "分院所属两所",
        "both institutes of the branch academy",
    ),
    DemoAccount(
        DEMO_CL_OFFICE,
        "沧澜所活动办公室主任",
        "second institute's activity office",
        "沧澜所概况",
        "second institute overview",
    ),
)
# The accounts of the demo institute's own staff; the last two are placed elsewhere.
ACADEMY_USERNAMES = (DEMO_ACADEMY, DEMO_CL_OFFICE)
DEMO_USERNAMES = tuple(
    a.username for a in DEMO_ACCOUNTS if a.username not in ACADEMY_USERNAMES
)
