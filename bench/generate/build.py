"""The build."""

import datetime
import random
import time
import uuid
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench.generate.helpers import _log, _Names, _units
from bench.generate.marker import _meta_write, meta_clear
from bench.generate.scale import (
    ACADEMY_NAME,
    ACCOUNTS,
    BATCH,
    BENCH_PASSWORD,
    CATEGORY_CYCLE,
    GENERATOR_VERSION,
    INSTITUTE_NAME,
    PS,
    RK,
    ROTATED,
    SEED,
    K,
    Scale,
    role_username,
    spread,
)
from evaluations.ballots import services as ballot_services
from evaluations.demo.ballots import MASS_QUESTIONS
from evaluations.demo.scoring import BONUS, LINES, PENALTY, VETO
from evaluations.models import (
    Ballot,
    BallotAnswer,
    DaitouRating,
    Participation,
    Round,
    ScoreSheet,
    ScoringLine,
    SheetMark,
    Target,
    TargetRule,
)
from evaluations.scoring import services as scoring_services
from organizations import services as org_services
from organizations.models import (
    MassMembership,
    Notification,
    Organization,
    Person,
    Role,
    User,
)
from pledges import services as pledge_services
from pledges.demo.commitments import ITEM_TEXTS, PROGRESS_TEXTS
from pledges.models import (
    ActivityRecord,
    Campaign,
    CriteriaSet,
    Meeting,
    NewsReport,
    Plan,
    PlanMeasure,
    PlanMilestone,
    PlanVersion,
    Pledge,
    PledgeItem,
    PledgeVersion,
    ProgressStatus,
    ProgressUpdate,
    Status,
    SupervisionComment,
)


@dataclass
class _Tree:
    """The units the build creates, by what they are."""

    institute: Organization
    top: dict[str, Organization]
    departments: list[Organization]
    generals: list[Organization]
    branches: list[Organization]
    union_branches: list[Organization]
    league_branches: list[Organization]
    women_groups: list[Organization]


@dataclass
class _Staff:
    """The people the build creates; per department, party members and the others."""

    people: list[Person]
    members_of: list[list[Person]]
    others_of: list[list[Person]]


def _build_tree(scale: Scale, title: str = INSTITUTE_NAME, parent=None) -> _Tree:
    """The institute, its bodies, departments, branches and mass organisations."""
    institute = org_services.organization_create(
        name=title, kind=K.INSTITUTE, parent=parent
    )
    categories = {
        c.code: c for c in org_services.categories_ensure(institute=institute)
    }
    top = {}
    for key, name, kind in (
        ("committee", f"{title}党委", K.PARTY_COMMITTEE),
        ("leading", f"{title}创先争优活动领导小组", K.LEADING_GROUP),
        ("office", f"{title}创先争优活动办公室", K.ACTIVITY_OFFICE),
    ):
        top[key] = org_services.organization_create(
            name=name, kind=kind, parent=institute
        )
    committee = top["committee"]
    for key, name, kind in (
        ("union", f"{title}工会", K.UNION),
        ("league", f"{title}团委", K.LEAGUE_COMMITTEE),
        ("women", f"{title}妇委会", K.WOMEN_COMMITTEE),
    ):
        top[key] = org_services.organization_create(
            name=name, kind=kind, parent=institute, led_by=committee
        )
    n_gb, n_b = scale.general_branches, scale.branches_per_general
    divisions = _units(
        [
            Organization(
                name=f"第{g + 1:02d}事业部",
                kind=K.DEPARTMENT,
                parent=institute,
                order=g,
            )
            for g in range(n_gb)
        ]
    )
    departments = _units(
        [
            Organization(
                name=f"第{g + 1:02d}事业部第{b + 1:02d}室",
                kind=K.DEPARTMENT,
                parent=divisions[g],
                order=b,
            )
            for g in range(n_gb)
            for b in range(n_b)
        ]
    )
    generals = _units(
        [
            Organization(
                name=f"第{g + 1:02d}事业部党总支",
                kind=K.GENERAL_BRANCH,
                parent=committee,
                category=categories[CATEGORY_CYCLE[g % len(CATEGORY_CYCLE)]],
                order=g,
            )
            for g in range(n_gb)
        ]
    )
    branches = _units(
        [
            Organization(
                name=f"{departments[g * n_b + b].name}党支部",
                kind=K.BRANCH,
                parent=generals[g],
                category=generals[g].category,
                department=departments[g * n_b + b],
                order=b,
            )
            for g in range(n_gb)
            for b in range(n_b)
        ]
    )
    n_league = max(1, n_gb // 3)
    union_branches = _units(
        [
            Organization(
                name=f"第{g + 1:02d}事业部分工会",
                kind=K.UNION_BRANCH,
                parent=top["union"],
                led_by=generals[g],
                order=g,
            )
            for g in range(n_gb)
        ]
    )
    league_branches = _units(
        [
            Organization(
                name=f"第{i + 1:02d}团支部",
                kind=K.LEAGUE_BRANCH,
                parent=top["league"],
                led_by=generals[i * 3 % n_gb],
                order=i,
            )
            for i in range(n_league)
        ]
    )
    women_groups = _units(
        [
            Organization(
                name=f"第{i + 1:02d}妇女小组",
                kind=K.WOMEN_GROUP,
                parent=top["women"],
                led_by=generals[i * 3 % n_gb],
                order=i,
            )
            for i in range(n_league)
        ]
    )
    return _Tree(
        institute,
        top,
        departments,
        generals,
        branches,
        union_branches,
        league_branches,
        women_groups,
    )


def _build_people(rng: random.Random, scale: Scale, tree: _Tree) -> _Staff:
    """The staff of each department, the first of them party members of its branch."""
    institute, departments, branches = tree.institute, tree.departments, tree.branches
    names = _Names(rng)
    n_dept = len(departments)
    people: list[Person] = []
    members_of: list[list[Person]] = [[] for _ in range(n_dept)]
    others_of: list[list[Person]] = [[] for _ in range(n_dept)]
    number = 0
    for d, department in enumerate(departments):
        size = scale.staff // n_dept + (1 if d < scale.staff % n_dept else 0)
        n_members = scale.members // n_dept + (1 if d < scale.members % n_dept else 0)
        for i in range(size):
            number += 1
            female = rng.random() < 0.4
            party = i < n_members
            if party:
                status = PS.PARTY_PROBATIONARY if rng.random() < 0.05 else PS.PARTY_FULL
                joined = datetime.date(rng.randint(1985, 2024), 1, 1) + (
                    datetime.timedelta(days=rng.randrange(365))
                )
            else:
                status = PS.LEAGUE if rng.random() < 0.2 else PS.MASSES
                joined = None
            person = Person(
                institute=institute,
                name=names.make(female),
                staff_no=f"BX{number:06d}",
                gender=Person.Gender.FEMALE if female else Person.Gender.MALE,
                department=department,
                position=rng.choice(("研究员", "高级工程师", "工程师", "助理工程师")),
                political_status=status,
                branch=branches[d] if party else None,
                party_joined_on=joined,
            )
            people.append(person)
            (members_of if party else others_of)[d].append(person)
    Person.objects.bulk_create(people, batch_size=BATCH)
    return _Staff(people, members_of, others_of)


def _build_roles(scale: Scale, tree: _Tree, staff: _Staff) -> tuple[int, set, dict]:
    """Branch and body roles; how many, who holds one, and the people of the accounts."""
    top, branches, generals = tree.top, tree.branches, tree.generals
    union_branches, league_branches = tree.union_branches, tree.league_branches
    women_groups, n_b = tree.women_groups, scale.branches_per_general
    people, members_of, others_of = staff.people, staff.members_of, staff.others_of
    roles: list[Role] = []
    taken: set[int] = set()

    def grant(person: Person, kind: str, node: Organization, title="", order=0):
        roles.append(
            Role(person=person, kind=kind, node=node, title=title, order=order)
        )
        taken.add(person.pk)

    for b, branch in enumerate(branches):
        grant(members_of[b][0], RK.SECRETARY, branch, "书记")
        grant(members_of[b][1], RK.COMMITTEE_MEMBER, branch, "组织委员", 1)
        grant(members_of[b][2], RK.COMMITTEE_MEMBER, branch, "宣传委员", 2)
    for g, general in enumerate(generals):
        b = g * n_b + (1 if n_b > 1 else 0)
        grant(members_of[b][3], RK.GENERAL_SECRETARY, general, "书记")
    key_people = {
        "secretary": members_of[0][0],
        "gsec": members_of[1 if n_b > 1 else 0][3],
        "member": members_of[0][4],
        "staff": others_of[0][0],
    }
    # The accounts the load rotates through, the key person first in each role.
    picks = spread(scale.role_accounts, len(branches))
    rotated = {
        "secretary": [members_of[b][0] for b in picks],
        "member": [members_of[b][4] for b in picks],
        "staff": [others_of[b][0] for b in picks],
        "gsec": [
            members_of[g * n_b + (1 if n_b > 1 else 0)][3]
            for g in range(min(len(generals), scale.role_accounts))
        ],
    }
    taken.update(p.pk for p in key_people.values())
    taken.update(p.pk for people_ in rotated.values() for p in people_)
    # Office, leaders and mass-organisation officers: plain staff from the far end.
    free = (p for p in reversed(people) if p.pk not in taken and not p.branch_id)
    office = [next(free) for _ in range(scale.office)]
    leaders = [next(free) for _ in range(scale.leaders)]
    for i, person in enumerate(office):
        grant(person, RK.OFFICE, top["office"], "主任" if i == 0 else "成员", i)
    for i, person in enumerate(leaders):
        grant(person, RK.LEADER, top["leading"], "组长" if i == 0 else "成员", i)
    for b, branch in enumerate(branches):
        grant(leaders[b % len(leaders)], RK.LIAISON, branch, "联系点")
    grant(next(free), RK.UNION_OFFICER, top["union"], "主席")
    grant(next(free), RK.LEAGUE_OFFICER, top["league"], "书记")
    grant(next(free), RK.WOMEN_OFFICER, top["women"], "主任")
    for unit in union_branches:
        grant(next(free), RK.UNION_OFFICER, unit, "分工会主席")
    for unit in league_branches:
        grant(next(free), RK.LEAGUE_OFFICER, unit, "团支部书记")
    for unit in women_groups:
        grant(next(free), RK.WOMEN_OFFICER, unit, "组长")
    Role.objects.bulk_create(roles, batch_size=BATCH)
    key_people["office"], key_people["leader"] = office[0], leaders[0]
    rotated["office"], rotated["leader"] = office, leaders
    key_people["rotated"] = rotated
    return len(roles), taken, key_people


def _build_memberships(scale: Scale, tree: _Tree, staff: _Staff) -> int:
    """Everyone in their union branch; league members and women in theirs too."""
    n_dept, n_b = len(tree.departments), scale.branches_per_general
    n_league = len(tree.league_branches)
    union_branches, league_branches = tree.union_branches, tree.league_branches
    women_groups = tree.women_groups
    members_of, others_of = staff.members_of, staff.others_of
    memberships = []
    for d in range(n_dept):
        g = d // n_b
        for person in members_of[d] + others_of[d]:
            memberships.append(MassMembership(person=person, unit=union_branches[g]))
            if person.political_status == PS.LEAGUE:
                memberships.append(
                    MassMembership(person=person, unit=league_branches[g % n_league])
                )
            if person.gender == Person.Gender.FEMALE:
                memberships.append(
                    MassMembership(person=person, unit=women_groups[g % n_league])
                )
    MassMembership.objects.bulk_create(memberships, batch_size=BATCH)
    return len(memberships)


def _build_accounts(
    scale: Scale,
    people: list[Person],
    taken: set,
    key_people: dict,
    prefix: str = "bench_",
) -> tuple[list[User], list[tuple[str, Person]], dict]:
    """The role accounts (many per role, see ``ROTATED``) and the voters' accounts,
    each tied to its person; and the usernames of each role."""
    password = make_password(BENCH_PASSWORD)
    voters_pool = [p for p in people if p.pk not in taken]
    step = max(1, len(voters_pool) // max(scale.voters, 1))
    voters = voters_pool[::step][: scale.voters]
    rotated = key_people["rotated"]
    by_role = {
        role: [role_username(prefix, role, i) for i in range(len(rotated[role]))]
        for role in ROTATED
    }
    role_people = [
        (username, person)
        for role in ROTATED
        for username, person in zip(by_role[role], rotated[role], strict=True)
    ]
    assert all(  # noqa: S101  # nosec B101: the key person is each role's first
        rotated[key][0] is key_people[key] for key in ACCOUNTS
    )
    account_people = [*role_people] + [
        (f"{prefix}v{i + 1:05d}", person) for i, person in enumerate(voters)
    ]
    users = User.objects.bulk_create(
        [
            User(
                username=username,
                password=password,
                first_name=person.name,
                is_staff=username == f"{prefix}office",
            )
            for username, person in account_people
        ],
        batch_size=BATCH,
    )
    for user, (_username, person) in zip(users, account_people, strict=True):
        person.user = user
    Person.objects.bulk_update(
        [person for _u, person in account_people], ["user"], batch_size=500
    )
    return users, account_people, by_role


def _build_plans(
    rng: random.Random, tree: _Tree, campaign, sets, templates, office_user, now
) -> list[Plan]:
    """A plan per branch and mass-organisation unit, most of them published."""
    top, branches = tree.top, tree.branches
    union_branches, league_branches = tree.union_branches, tree.league_branches
    women_groups = tree.women_groups
    template_by_category = {t.category_id: t for t in templates if t.category_id}
    template_by_family = {t.family: t for t in templates if not t.category_id}
    plan_units = [
        *branches,
        top["union"],
        *union_branches,
        top["league"],
        *league_branches,
        top["women"],
        *women_groups,
    ]
    plan_statuses = [Status.PUBLISHED] * 17 + [
        Status.APPROVED,
        Status.SUBMITTED,
        Status.DRAFT,
    ]

    plans = []
    for i, unit in enumerate(plan_units):
        template = (
            template_by_category.get(unit.category_id)
            or template_by_family[unit.family]
        )
        status = Status.PUBLISHED if i == 0 else rng.choice(plan_statuses)
        plans.append(
            Plan(
                campaign=campaign,
                unit=unit,
                criteria_set=sets.get((unit.family, CriteriaSet.Audience.UNIT)),
                focus=template.focus or "争创先进基层党组织",
                targets=template.targets or "党员先锋作用充分发挥。",
                **_filed(status, office_user, now=now, approver=office_user),
            )
        )
    Plan.objects.bulk_create(plans, batch_size=BATCH)
    return plans


def _build_plan_items(
    plans: list[Plan], tree: _Tree, staff: _Staff, campaign, templates, office_user
) -> int:
    """Each plan's measures and milestones, and a version of each published plan."""
    branches, members_of = tree.branches, staff.members_of
    template_by_category = {t.category_id: t for t in templates if t.category_id}
    template_by_family = {t.family: t for t in templates if not t.category_id}
    branch_index = {branch.pk: b for b, branch in enumerate(branches)}
    measures, milestones, plan_versions = [], [], []
    for plan in plans:
        template = template_by_category.get(
            plan.unit.category_id
        ) or template_by_family.get(plan.unit.family)
        texts = [m.text for m in template.measures.all()][:4] or ["按计划推进争创工作"]
        b = branch_index.get(plan.unit_id)
        owners = members_of[b][:4] if b is not None else [None]
        rows = []
        for order, text in enumerate(texts):
            rows.append(
                PlanMeasure(
                    plan=plan,
                    text=text,
                    owner=owners[order % len(owners)],
                    due_on=campaign.phase2_end,
                    order=order,
                )
            )
        measures.extend(rows)
        for due_on, text in (
            (campaign.phase1_end, "公开承诺，接受群众监督"),
            (campaign.phase2_end, "完成主要争创措施"),
            (campaign.phase3_end, "接受点评和群众评议"),
        ):
            milestones.append(PlanMilestone(plan=plan, due_on=due_on, text=text))
        if plan.status == Status.PUBLISHED:
            plan_versions.append(
                PlanVersion(
                    plan=plan,
                    number=1,
                    changed_by=office_user,
                    snapshot={
                        "focus": plan.focus,
                        "targets": plan.targets,
                        "measures": [
                            {
                                "text": m.text,
                                "owner": m.owner.name if m.owner else "",
                                "due_on": m.due_on.isoformat(),
                            }
                            for m in rows
                        ],
                        "milestones": [],
                    },
                )
            )
    PlanMeasure.objects.bulk_create(measures, batch_size=BATCH)
    PlanMilestone.objects.bulk_create(milestones, batch_size=BATCH)
    PlanVersion.objects.bulk_create(plan_versions, batch_size=BATCH)
    return len(measures)


def _build_pledges(
    rng,
    tree: _Tree,
    staff: _Staff,
    key_people,
    user_of,
    campaign,
    member_set,
    templates,
    now,
    office_user,
) -> list[Pledge]:
    """A pledge per party member, filed by the member or on their behalf."""
    branches, members_of = tree.branches, staff.members_of
    template_by_category = {t.category_id: t for t in templates if t.category_id}
    pledge_statuses = [Status.PUBLISHED] * 14 + [
        Status.APPROVED,
        Status.SUBMITTED,
        Status.SUBMITTED,
        Status.DRAFT,
    ]
    pledges = []
    shown = {p.pk for p in key_people["rotated"]["member"]}  # the benched pledges
    for b, branch in enumerate(branches):
        template = template_by_category.get(branch.category_id)
        for person in members_of[b]:
            status = (
                Status.PUBLISHED if person.pk in shown else rng.choice(pledge_statuses)
            )
            user = user_of.get(person.pk)
            pledges.append(
                Pledge(
                    campaign=campaign,
                    unit=branch,
                    person=person,
                    criteria_set=member_set,
                    plans=template.pledge_plans if template else "结合本职岗位",
                    direction=template.pledge_direction if template else "争创先进",
                    on_behalf=user is None,
                    **_filed(status, user, now=now, approver=office_user),
                )
            )
    Pledge.objects.bulk_create(pledges, batch_size=BATCH)
    return pledges


def _pledge_items(
    rng: random.Random, pledges: list[Pledge], daitou, due_dates
) -> tuple[list[PledgeItem], list[PledgeVersion]]:
    """Three items per pledge, and a version of each published pledge (unsaved)."""
    items, pledge_versions = [], []
    for pledge in pledges:
        rows = []
        for order, (text, target) in enumerate(rng.sample(ITEM_TEXTS, 3)):
            rows.append(
                PledgeItem(
                    pledge=pledge,
                    text=text,
                    target=target,
                    due_on=due_dates[order],
                    criterion=daitou[(order + pledge.person_id) % len(daitou)],
                    order=order,
                )
            )
        items.extend(rows)
        if pledge.status == Status.PUBLISHED:
            pledge_versions.append(
                PledgeVersion(
                    pledge=pledge,
                    number=1,
                    changed_by=pledge.created_by,
                    snapshot={
                        "plans": pledge.plans,
                        "direction": pledge.direction,
                        "items": [
                            {
                                "text": i.text,
                                "target": i.target,
                                "due_on": i.due_on.isoformat(),
                                "criterion": i.criterion.name,
                            }
                            for i in rows
                        ],
                    },
                )
            )
    return items, pledge_versions


def _progress(
    rng: random.Random, items: list[PledgeItem], published: set, now
) -> list[ProgressUpdate]:
    """Progress on some items of published pledges, set on the items too (unsaved)."""
    updates = []
    # Progress is set on the items before they are written: no second pass.
    for item in items:
        if item.pledge_id not in published or rng.random() > 0.4:
            continue
        status = rng.choice(
            [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.DONE]
        )
        percent = 100 if status == ProgressStatus.DONE else rng.choice((20, 40, 60))
        item.progress_status, item.progress_percent, item.progress_at = (
            status,
            percent,
            now,
        )
        updates.append(
            ProgressUpdate(
                item=item,
                status=status,
                percent=percent,
                text=rng.choice(PROGRESS_TEXTS),
                reported_at=now,
            )
        )
    return updates


def _comments(
    rng: random.Random, pledges: list[Pledge], published: set, commenters, today
) -> list[SupervisionComment]:
    """A few supervision comments (监督评议) on published pledges (unsaved)."""
    comments = []
    for pledge in pledges:
        if pledge.pk in published and rng.random() < 0.1:
            anonymous = rng.random() < 0.5
            comments.append(
                SupervisionComment(
                    pledge=pledge,
                    text="建议进一步细化承诺事项的完成时间。",
                    is_anonymous=anonymous,
                    author=None if anonymous else rng.choice(commenters),
                    created_on=today - datetime.timedelta(days=rng.randrange(30)),
                )
            )
    return comments


def _build_activity(
    rng: random.Random, branches: list[Organization], members_of, today
) -> tuple[int, int, int]:
    """Each branch's records, meetings and news of the last months."""
    records, meetings, news = [], [], []
    month_starts = []
    day = today.replace(day=1)
    for _ in range(6):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
        month_starts.append(day)
    record_kinds = list(ActivityRecord.Kind.values)
    meeting_kinds = list(Meeting.Kind.values)
    for b, branch in enumerate(branches):
        for i in range(4):
            records.append(
                ActivityRecord(
                    branch=branch,
                    kind=record_kinds[i % len(record_kinds)],
                    occurred_on=today - datetime.timedelta(days=rng.randrange(120)),
                    title=f"支部争创活动纪实（{i + 1}）",
                    text="围绕中心任务开展主题党日活动，党员全员参加。",
                )
            )
        for person in members_of[b]:
            records.append(
                ActivityRecord(
                    branch=branch,
                    person=person,
                    kind=ActivityRecord.Kind.PROCESS,
                    occurred_on=today - datetime.timedelta(days=rng.randrange(120)),
                    title="践行承诺纪实",
                    text="按承诺事项推进岗位工作，完成阶段任务。",
                )
            )
        for i in range(6):
            meetings.append(
                Meeting(
                    branch=branch,
                    kind=meeting_kinds[i % len(meeting_kinds)],
                    held_on=today - datetime.timedelta(days=20 * i + rng.randrange(15)),
                    topic="学习贯彻上级会议精神",
                    speaker=members_of[b][0],
                )
            )
        for month in month_starts:
            if rng.random() < 0.9:
                news.append(
                    NewsReport(
                        branch=branch,
                        title=f"{branch.name}开展{month.month}月主题党日活动",
                        text="支部组织党员开展主题党日活动。",
                        published_on=month + datetime.timedelta(days=rng.randrange(27)),
                    )
                )
    ActivityRecord.objects.bulk_create(records, batch_size=BATCH)
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    NewsReport.objects.bulk_create(news, batch_size=BATCH)
    return len(records), len(meetings), len(news)


def _filed(status: str, user, *, now, approver) -> dict:
    """The workflow fields of a plan or pledge filed by ``user`` and now at ``status``."""
    fields = {
        "status": status,
        "created_by": user,
        "updated_by": user,
        "updated_at": now,
    }
    if status != Status.DRAFT:
        fields["submitted_at"] = now
    if status in (Status.APPROVED, Status.PUBLISHED):
        fields["approved_at"], fields["approved_by"] = now, approver
    if status == Status.PUBLISHED:
        fields.update(version=1, published_at=now, published_by=approver)
    return fields


@transaction.atomic
def generate(*, scale: Scale, out=None, today: datetime.date | None = None) -> dict:
    """Build the institute at ``scale`` (in one transaction) and return its meta."""
    scale.check()
    started = time.monotonic()
    rng = random.Random(SEED)  # nosec B311: a reproducible data set, not a secret
    meta_clear()
    built = _institute(rng, scale, out, started, today=today)
    meta = {
        "version": GENERATOR_VERSION,
        "scale": asdict(scale),
        "generated_at": built.pop("now"),
        "seconds": round(time.monotonic() - started, 1),
        **built,
        "counts": counts(),
    }
    _meta_write(meta)
    _log(out, started, "done")
    return meta


@transaction.atomic
def generate_academy(
    *,
    institutes: int,
    scale: Scale,
    out=None,
    today: datetime.date | None = None,
) -> dict:
    """An academy of ``institutes`` institutes at ``scale`` each, on one database.

    Each institute is built as ``generate`` builds one (its own campaign, rounds and
    scores), named 基准测试研究所01…, its accounts prefixed ``bench_i01_`` …; the
    academy has an activity office with the account ``bench_academy``.
    """
    scale.check()
    started = time.monotonic()
    rng = random.Random(SEED)  # nosec B311: a reproducible data set, not a secret
    meta_clear()
    academy = org_services.organization_create(
        name=ACADEMY_NAME, kind=K.ACADEMY, parent=None
    )
    office = org_services.organization_create(
        name=f"{ACADEMY_NAME}创先争优活动办公室", kind=K.ACTIVITY_OFFICE, parent=academy
    )
    built = [
        _institute(
            rng,
            scale,
            out,
            started,
            today=today,
            name=f"{INSTITUTE_NAME}{i + 1:02d}",
            parent=academy,
            prefix=f"bench_i{i + 1:02d}_",
        )
        for i in range(institutes)
    ]
    academy_campaign = _academy_campaign(academy, built, today, out, started)
    # The academy office's account: a person of the first institute's staff.
    person = Person.objects.filter(
        institute_id=built[0]["ids"]["institute"],
        user__isnull=True,
        branch__isnull=True,
    ).order_by("-pk")[0]
    Role.objects.create(person=person, kind=RK.OFFICE, node=office, title="主任")
    person.user = User.objects.create(
        username="bench_academy",
        password=make_password(BENCH_PASSWORD),
        first_name=person.name,
    )
    person.save(update_fields=["user"])
    meta = {
        "version": GENERATOR_VERSION,
        "scale": asdict(scale),
        "academy": {
            "institutes": institutes,
            "id": academy.pk,
            "office": office.pk,
            "campaign": academy_campaign.pk if academy_campaign else None,
        },
        "generated_at": built[0]["now"],
        "seconds": round(time.monotonic() - started, 1),
        "institutes": [{k: v for k, v in b.items() if k != "now"} for b in built],
        "accounts": ["bench_academy"],
        "counts": counts(),
    }
    _meta_write(meta)
    _log(out, started, "academy done")
    return meta


def _academy_campaign(academy, built: list[dict], today, out, started):
    """The academy's own campaign, with the institutes' campaigns beneath it where the
    model has ``Campaign.parent`` (the academy overview reads them through it)."""
    from django.core.exceptions import ValidationError

    today = today or timezone.localdate()
    start = today - datetime.timedelta(days=60)
    try:
        with transaction.atomic():
            campaign = pledge_services.campaign_create(
                scope=academy,
                year=start.year,
                theme="做研发先锋，当创新标兵",
                **pledge_services.campaign_default_dates(start=start),
            )
    except ValidationError as error:
        _log(out, started, f"no academy campaign: {error}")
        return None
    if any(f.name == "parent" for f in Campaign._meta.get_fields()):
        Campaign.objects.filter(pk__in=[b["ids"]["campaign"] for b in built]).update(
            parent=campaign
        )
    return campaign


def _institute(
    rng: random.Random,
    scale: Scale,
    out,
    started: float,
    *,
    today: datetime.date | None = None,
    name: str = INSTITUTE_NAME,
    parent: Organization | None = None,
    prefix: str = "bench_",
) -> dict:
    """One institute with everything in it; the ids and accounts the bench needs."""
    today = today or timezone.localdate()
    now = timezone.now()
    tree = _build_tree(scale, name, parent)
    institute, branches = tree.institute, tree.branches
    _log(out, started, f"{name} tree: {Organization.objects.count()} units")
    staff = _build_people(rng, scale, tree)
    people, members_of = staff.people, staff.members_of
    _log(out, started, f"people: {len(people)}")
    n_roles, taken, key_people = _build_roles(scale, tree, staff)
    n_memberships = _build_memberships(scale, tree, staff)
    _log(out, started, f"roles: {n_roles}, memberships: {n_memberships}")
    users, account_people, by_role = _build_accounts(
        scale, people, taken, key_people, prefix
    )
    user_of = {person.pk: person.user for _u, person in account_people}
    office_user = user_of[key_people["office"].pk]
    _log(out, started, f"accounts: {len(users)}")

    # The campaign, plans and pledges.
    start = today - datetime.timedelta(days=60)
    campaign = pledge_services.campaign_create(
        scope=institute,
        year=start.year,
        theme="做研发先锋，当创新标兵",
        created_by=office_user,
        **pledge_services.campaign_default_dates(start=start),
    )
    sets = {
        (s.family, s.audience): s for s in campaign.criteria_sets.order_by("-order")
    }
    templates = list(campaign.plan_templates.prefetch_related("measures"))
    plans = _build_plans(rng, tree, campaign, sets, templates, office_user, now)
    n_measures = _build_plan_items(plans, tree, staff, campaign, templates, office_user)
    _log(out, started, f"plans: {len(plans)}, measures: {n_measures}")

    member_set = sets[("party", CriteriaSet.Audience.PERSON)]
    daitou = list(member_set.criteria.filter(parent__isnull=True).order_by("order"))
    pledges = _build_pledges(
        rng,
        tree,
        staff,
        key_people,
        user_of,
        campaign,
        member_set,
        templates,
        now,
        office_user,
    )
    due_dates = [
        today - datetime.timedelta(days=10),
        today + datetime.timedelta(days=40),
        campaign.phase2_end,
    ]
    items, pledge_versions = _pledge_items(rng, pledges, daitou, due_dates)
    published = {p.pk for p in pledges if p.status == Status.PUBLISHED}
    updates = _progress(rng, items, published, now)
    PledgeItem.objects.bulk_create(items, batch_size=BATCH)
    PledgeVersion.objects.bulk_create(pledge_versions, batch_size=BATCH)
    for update in updates:
        update.item_id = update.item.pk
    ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    n_roles_accounts = sum(len(v) for v in by_role.values())
    commenters = [u for u in users[n_roles_accounts:]] or users
    comments = _comments(rng, pledges, published, commenters, today)
    SupervisionComment.objects.bulk_create(comments, batch_size=BATCH)
    _log(
        out,
        started,
        f"pledges: {len(pledges)}, items: {len(items)}, "
        f"progress: {len(updates)}, comments: {len(comments)}",
    )

    n_records, n_meetings, n_news = _build_activity(rng, branches, members_of, today)
    _log(
        out,
        started,
        f"records: {n_records}, meetings: {n_meetings}, news: {n_news}",
    )

    # The closed mass evaluation.
    closed = _closed_round(
        rng,
        institute,
        campaign,
        scale,
        tree.departments,
        members_of,
        staff.others_of,
        today,
    )
    _log(out, started, f"closed round: {Ballot.objects.filter(round=closed).count()}")
    open_round = _open_round(institute, branches, scale, today)

    # Scoring.
    _scoring(rng, campaign, sets, branches, members_of, daitou, office_user, now)
    scoring_services.scores_compute(campaign=campaign, by=office_user)
    scoring_services.scores_publish(campaign=campaign, by=office_user)
    _log(out, started, "scores computed and published")
    n_notes = _notifications(rng, people, {p.pk for _u, p in account_people}, now)
    _log(out, started, f"notifications: {n_notes}")

    staff_target = (
        Target.objects.filter(round=open_round).order_by("name", "pk").first().pk
    )
    pledge_of = {p.person_id: p.pk for p in pledges}
    rotated = key_people["rotated"]
    return {
        "now": now.isoformat(),
        "ids": {
            "institute": institute.pk,
            "campaign": campaign.pk,
            "branch": branches[0].pk,
            "general_branch": tree.generals[0].pk,
            "plan": plans[0].pk,
            "pledge": pledge_of[key_people["member"].pk],
            "closed_round": closed.pk,
            "open_round": open_round.pk,
            "staff_target": staff_target,
        },
        "accounts": [f"{prefix}{key}" for key in ACCOUNTS],
        # Many users per role for the rotation; a member's own pledge, a staff
        # member's branch (the one serving their department).
        "roles": by_role,
        "pledge_of": {
            username: pledge_of[person.pk]
            for username, person in zip(
                by_role["member"], rotated["member"], strict=True
            )
        },
        "branch_of": {
            username: branches[b].pk
            for username, b in zip(
                by_role["staff"],
                spread(scale.role_accounts, len(branches)),
                strict=True,
            )
        },
        "voters": [username for username, _p in account_people[n_roles_accounts:]],
    }


def _notifications(rng: random.Random, people, with_account: set, now) -> int:
    """A year of the calendar's notices: those with an account (whose pages show the
    unread count and the latest notices) 5-25 each, everyone else 0-4; four in five
    read. The unread count and the notices panel read them on every page."""
    kinds = [
        Notification.Kind.REMINDER,
        Notification.Kind.PUBLISHED,
        Notification.Kind.ROUND_OPENED,
        Notification.Kind.COMMENT,
    ]
    rows = []
    for person in people:
        n = rng.randint(5, 25) if person.pk in with_account else rng.randint(0, 4)
        for i in range(n):
            at = now - datetime.timedelta(days=rng.randint(0, 360), minutes=i)
            rows.append(
                Notification(
                    recipient_id=person.pk,
                    kind=rng.choice(kinds),
                    title=f"请按时报送{i + 1}",
                    url="/",
                    read_at=at if rng.random() < 0.8 else None,
                    emailed_at=at,
                    dedupe_key=f"bench:{i}",
                )
            )
    Notification.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _closed_round(
    rng, institute, campaign, scale, departments, members_of, others_of, today
) -> Round:
    """The mass evaluation of the branches, closed and tallied: one ballot per voter.

    Voters are staff rating the branch serving their department (the demo's rule). The
    ballots are written straight into the final tables in random order (see the module
    docstring); the tally is the service's own.
    """
    opens_on = today - datetime.timedelta(days=33)
    round = ballot_services.round_create(
        scope=institute,
        kind=Round.Kind.MASS,
        title=f"{opens_on.year}年度群众评议（党支部）",
        opens_on=opens_on,
        closes_on=opens_on + datetime.timedelta(days=14),
        k=campaign.min_ballots,
        campaign=campaign,
        year=campaign.year,
    )
    questions = [
        ballot_services.question_add(round=round, code=code, text=text, order=order)
        for order, (code, text) in enumerate(MASS_QUESTIONS)
    ]
    ballot_services.rule_add(round=round, kind=TargetRule.Kind.DEPARTMENT_BRANCHES)
    ballot_services.round_open(round=round)
    target_of = dict(
        Target.objects.filter(round=round).values_list("unit__department_id", "pk")
    )
    voters = [
        (person.pk, target_of[department.pk])
        for d, department in enumerate(departments)
        for person in members_of[d] + others_of[d]
    ]
    voters = rng.sample(voters, scale.ballots)
    quality = {t: rng.uniform(0.45, 0.9) for t in target_of.values()}
    participations, ballots, answers = [], [], []
    for voter_id, target_id in voters:
        participations.append(
            Participation(
                voter_id=voter_id,
                round=round,
                target_id=target_id,
                voted_on=opens_on + datetime.timedelta(days=rng.randrange(14)),
            )
        )
    rng.shuffle(voters)  # the ballots' order owes nothing to the participations'
    for _voter_id, target_id in voters:
        ballot_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        ballots.append(
            Ballot(
                id=ballot_id,
                round=round,
                target_id=target_id,
                receipt="".join(
                    rng.choices(
                        ballot_services.CODE_ALPHABET,
                        k=ballot_services.RECEIPT_LENGTH,
                    )
                ),
            )
        )
        q = quality[target_id]
        weights = [q, 0.55 * (1 - q) + 0.2, 0.3 * (1 - q), 0.05]
        for question in questions:
            answers.append(
                BallotAnswer(
                    ballot_id=ballot_id,
                    question=question,
                    rating=rng.choices((4, 3, 2, 1), weights=weights)[0],
                )
            )
    Participation.objects.bulk_create(participations, batch_size=BATCH)
    Ballot.objects.bulk_create(ballots, batch_size=BATCH)
    BallotAnswer.objects.bulk_create(answers, batch_size=5000)
    ballot_services.round_close(round=round)
    ballot_services.round_tally(round=round)
    ballot_services.round_publish(round=round)
    return round


def _open_round(institute, branches, scale, today) -> Round:
    """An open satisfaction survey of ``cast_targets`` branches that everyone rates."""
    round = ballot_services.round_create(
        scope=institute,
        kind=Round.Kind.SATISFACTION,
        title=f"{today.year}年度职工满意度测评（基准测试）",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=60),
        k=5,
        year=today.year,
    )
    for order, (code, text) in enumerate(MASS_QUESTIONS):
        ballot_services.question_add(round=round, code=code, text=text, order=order)
    for branch in branches[: scale.cast_targets]:
        ballot_services.rule_add(
            round=round, kind=TargetRule.Kind.FIXED_UNIT, unit=branch
        )
    return ballot_services.round_open(round=round)


def _scoring(rng, campaign, sets, branches, members_of, daitou, office_user, now):
    """The 量化考核 lines, every branch's sheet and marks, every member's 五带头."""
    branch_set = sets[("party", CriteriaSet.Audience.UNIT)]
    criteria = {c.code: c for c in branch_set.criteria.all()}
    for code, text, rubric, points in LINES:
        if code in criteria:
            scoring_services.line_save(
                criteria_set=branch_set,
                by=office_user,
                kind=ScoringLine.Kind.REGULAR,
                criterion=criteria[code],
                text=text,
                rubric=rubric,
                max_points=Decimal(points),
            )
    for kind, rows in (
        (ScoringLine.Kind.BONUS, BONUS),
        (ScoringLine.Kind.PENALTY, PENALTY),
    ):
        for text, points in rows:
            scoring_services.line_save(
                criteria_set=branch_set,
                by=office_user,
                kind=kind,
                criterion=None,
                text=text,
                max_points=Decimal(points),
            )
    for text, cap in VETO:
        scoring_services.line_save(
            criteria_set=branch_set,
            by=office_user,
            kind=ScoringLine.Kind.VETO,
            criterion=None,
            text=text,
            grade_cap=cap,
        )
    scoring_services.criteria_set_freeze(criteria_set=branch_set, by=office_user)
    member_set = sets[("party", CriteriaSet.Audience.PERSON)]
    scoring_services.criteria_set_freeze(criteria_set=member_set, by=office_user)
    regular = list(branch_set.scoring_lines.filter(kind=ScoringLine.Kind.REGULAR))
    S = ScoreSheet.Status
    sheets = []
    for b, branch in enumerate(branches):
        status = S.NOT_STARTED if b == 0 else rng.choice([S.MARKED, S.DONE, S.DONE])
        sheets.append(
            ScoreSheet(
                campaign=campaign,
                unit=branch,
                criteria_set=branch_set,
                status=status,
                submitted_at=None if status == S.NOT_STARTED else now,
                marked_at=None if status == S.NOT_STARTED else now,
                marked_by=None if status == S.NOT_STARTED else office_user,
                done_at=now if status == S.DONE else None,
            )
        )
    ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
    marks = []
    for sheet in sheets:
        if sheet.status == S.NOT_STARTED:
            continue
        quality = rng.uniform(0.72, 0.97)
        for line in regular:
            for source, bias in (
                (SheetMark.Source.SELF, 0.03),
                (SheetMark.Source.OFFICE, 0),
            ):
                share = min(1.0, max(0.5, rng.gauss(quality + bias, 0.06)))
                marks.append(
                    SheetMark(
                        sheet=sheet,
                        line=line,
                        source=source,
                        points=(
                            line.max_points * Decimal(str(round(share, 2)))
                        ).quantize(Decimal("0.5")),
                        comment="按细则逐项落实",
                        marked_by=office_user,
                        marked_at=now,
                    )
                )
    SheetMark.objects.bulk_create(marks, batch_size=BATCH)
    ratings = []
    choices = list(DaitouRating.Rating.values)
    for b in range(len(branches)):
        for person in members_of[b]:
            for item in daitou:
                ratings.append(
                    DaitouRating(
                        campaign=campaign,
                        person=person,
                        criterion=item,
                        rating=rng.choices(choices, weights=[5, 4, 1, 0.2])[0],
                        comment="能够发挥带头作用",
                        rated_by=office_user,
                        rated_at=now,
                    )
                )
    DaitouRating.objects.bulk_create(ratings, batch_size=BATCH)


def counts() -> dict:
    """How many rows of each kind the database holds (what the README reports)."""
    return {
        "general_branches": Organization.objects.filter(kind=K.GENERAL_BRANCH).count(),
        "branches": Organization.objects.filter(kind=K.BRANCH).count(),
        "units": Organization.objects.count(),
        "staff": Person.objects.count(),
        "members": Person.objects.filter(
            political_status__in=Person.PARTY_STATUSES
        ).count(),
        "accounts": User.objects.count(),
        "campaigns": Campaign.objects.count(),
        "plans": Plan.objects.count(),
        "pledges": Pledge.objects.count(),
        "pledge_items": PledgeItem.objects.count(),
        "progress_updates": ProgressUpdate.objects.count(),
        "records": ActivityRecord.objects.count(),
        "meetings": Meeting.objects.count(),
        "news_reports": NewsReport.objects.count(),
        "closed_round_ballots": Ballot.objects.filter(
            round__status__in=[Round.Status.TALLIED, Round.Status.PUBLISHED]
        ).count(),
        "ballot_answers": BallotAnswer.objects.count(),
        "participations": Participation.objects.count(),
        "sheet_marks": SheetMark.objects.count(),
        "daitou_ratings": DaitouRating.objects.count(),
    }
