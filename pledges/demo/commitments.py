"""Demo data of phases 1 and 2 (公开承诺, 践诺): the campaign, plans, pledges, progress.

``seed(institute)`` is called by the demo builder after the organisation tree, people and
roles exist. The campaign is laid out relative to the day it is seeded, so a fresh demo
is always in phase 2 (积极争创，扎实推进). Plans and pledges go through the real services,
in every state; the demo accounts find something to do: ``secretary`` has pledges to
approve (typed in by the office; nobody approves what they filed), ``gsec`` has plans
and pledges to approve (the office's plans for branches without a secretary's account
wait for an approver other than the office), ``member`` has a published pledge
with progress and evidence, ``staff`` has a board with comments and answers.

Idempotent: a campaign that already has plans is left alone; everything runs in one
transaction, so a failed run leaves nothing half-made.
"""

import datetime
import random
import struct
import zlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from organizations.models import Organization, Person, Role, User
from pledges import selectors, services
from pledges.demo import demo_campaign
from pledges.leadership.rules import leading_party_unit
from pledges.models import Campaign, Criterion, Plan, Pledge, Status

K = Organization.Kind
THEME = "做研发先锋，当创新标兵"
UNION_ITEMS = {
    "union_unit": ["组织建设好", "民主管理好", "职工之家建设好", "会员评价好"],
    "union_member": ["爱岗敬业", "技术创新", "服务职工", "遵章守纪"],
}
ITEM_TEXTS = [
    ("按节点完成承担的型号研制任务", "节点完成率100%"),
    ("带头开展技术攻关", "解决关键技术问题2项"),
    ("参加理论学习和业务培训", "学习笔记不少于1万字"),
    ("结对帮带青年职工", "帮带1名青年职工"),
    ("为群众办实事", "全年办实事不少于3件"),
    ("撰写技术论文或专利", "发表论文或申请专利1项"),
    ("参加志愿服务活动", "不少于4次"),
]
PROGRESS_TEXTS = [
    "已按计划推进，完成阶段性工作。",
    "受任务调整影响进度略有滞后，已制定追赶措施。",
    "已全部完成，成果已提交。",
    "正在组织实施，下月提交阶段成果。",
]


def png_bytes() -> bytes:
    """A tiny valid PNG (a red square), made in code."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    size = 8
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xb3\x26\x1e" * size for _ in range(size))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(title: str = "Progress report") -> bytes:
    """A one-page valid PDF, made in code."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length "
        + str(len(stream)).encode()
        + b">>stream\n"
        + stream
        + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(n).encode() + b" 0 obj\n" + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        b"trailer\n<</Size "
        + str(len(objects) + 1).encode()
        + b"/Root 1 0 R>>\nstartxref\n"
        + str(xref).encode()
        + b"\n%%EOF\n"
    )
    return out


class _Actors:
    """Who acts in the demo: the unit's own account holders where there are any, else
    the activity office (most demo staff have no account)."""

    def __init__(self, institute: Organization):
        roles = Role.objects.filter(
            node__institute=institute, person__user__isnull=False
        ).select_related("person__user", "node")
        self.by_node: dict[tuple[str, int], User] = {
            (r.kind, r.node_id): r.person.user for r in roles
        }
        office = next(
            (r.person.user for r in roles if r.kind == Role.Kind.OFFICE), None
        )
        if office is None:
            office = User.objects.filter(is_superuser=True).first()
        self.office = office

    def filer(self, unit: Organization) -> User:
        for kind in (
            Role.Kind.SECRETARY,
            Role.Kind.UNION_OFFICER,
            Role.Kind.LEAGUE_OFFICER,
            Role.Kind.WOMEN_OFFICER,
        ):
            if (kind, unit.pk) in self.by_node:
                return self.by_node[(kind, unit.pk)]
        return self.office

    def plan_approver(self, unit: Organization) -> User:
        """Who approves the unit's plan (``Plan.approving_unit``): for a mass unit the
        secretary of the party organisation leading it (党建带群建), else the office."""
        if not unit.is_mass:
            return self._above(unit)
        lead = leading_party_unit(unit)
        for kind in (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY):
            if lead is not None and (kind, lead.pk) in self.by_node:
                return self.by_node[(kind, lead.pk)]
        return self.office

    def _above(self, unit: Organization) -> User:
        parent_id = unit.parent_id
        for kind in (
            Role.Kind.GENERAL_SECRETARY,
            Role.Kind.UNION_OFFICER,
            Role.Kind.LEAGUE_OFFICER,
            Role.Kind.WOMEN_OFFICER,
        ):
            if (kind, parent_id) in self.by_node:
                return self.by_node[(kind, parent_id)]
        return self.office

    def pledge_approver(
        self, unit: Organization, person: Person, filer: User | None = None
    ) -> User | None:
        """The unit's secretary or officer, else the level above, else the office;
        never the member nor the pledge's filer (separation of duties): None where
        nobody else holds an account."""
        barred = {person.user_id, filer.pk if filer is not None else None}
        for user in (self.filer(unit), self._above(unit)):
            if user != self.office and user.pk not in barred:
                return user
        return self.office if self.office.pk not in barred else None


def _campaign(institute: Organization, today: datetime.date) -> Campaign:
    existing = demo_campaign(institute)
    if existing is not None:
        return existing
    start = today - datetime.timedelta(days=45)
    return services.campaign_create(
        scope=institute,
        year=start.year,
        theme=THEME,
        **services.campaign_default_dates(start=start),
    )


def _union_items(campaign: Campaign) -> None:
    for code, names in UNION_ITEMS.items():
        criteria_set = campaign.criteria_sets.filter(code=code).first()
        if criteria_set is None or criteria_set.criteria.exists():
            continue
        for name in names:
            services.criterion_save(criteria_set=criteria_set, name=name)


def _fill_plan(plan: Plan, by: User, rng: random.Random, today) -> Plan:
    people = list(selectors.unit_members(plan.unit).order_by("staff_no")[:6])
    campaign = plan.campaign
    due_dates = [
        today - datetime.timedelta(days=10),
        today + datetime.timedelta(days=40),
        campaign.phase2_end,
        campaign.phase3_end,
    ]
    measures = [
        {
            "id": m.pk,
            "text": m.text,
            "owner": rng.choice(people) if people else None,
            "due_on": due_dates[i % len(due_dates)],
        }
        for i, m in enumerate(plan.measures.all())
    ]
    return services.plan_update(
        plan=plan,
        by=by,
        revision=plan.revision,
        focus=plan.focus,
        targets=plan.targets or "争创先进基层党组织，党员先锋作用充分发挥。",
        measures=measures,
        milestones=[
            {"id": m.pk, "due_on": m.due_on, "text": m.text}
            for m in plan.milestones.all()
        ],
    )


def _fill_pledge(pledge: Pledge, by: User, rng: random.Random, today) -> Pledge:
    criteria = list(
        Criterion.objects.filter(
            criteria_set_id=pledge.criteria_set_id, parent__isnull=True
        ).order_by("order")
    )
    campaign = pledge.campaign
    count = rng.randint(2, 4)
    texts = rng.sample(ITEM_TEXTS, count)
    due_dates = [
        today - datetime.timedelta(days=rng.randint(3, 20)),
        campaign.phase2_end,
        today + datetime.timedelta(days=rng.randint(20, 60)),
        campaign.phase3_end,
    ]
    start = rng.randrange(len(criteria)) if criteria else 0
    items = [
        {
            "text": text,
            "target": target,
            "due_on": due_dates[i % len(due_dates)],
            "criterion": criteria[(start + i) % len(criteria)] if criteria else None,
        }
        for i, (text, target) in enumerate(texts)
    ]
    return services.pledge_update(
        pledge=pledge,
        by=by,
        revision=pledge.revision,
        plans=pledge.plans,
        direction=pledge.direction,
        items=items,
    )


def _advance(obj, kind: str, state: str, *, filer: User, approver: User | None):
    """Move a filled plan or pledge to ``state`` through the real workflow; where
    nobody but the filer could approve it (separation of duties), it stays submitted."""
    if state == Status.DRAFT:
        return obj
    if approver is None or approver == filer:
        state = min(state, Status.SUBMITTED, key=_STATE_ORDER.index)
    step = {
        s: getattr(services, f"{kind}_{s}")
        for s in ("submit", "return", "approve", "publish")
    }
    obj = step["submit"](**{kind: obj}, by=filer)
    if state == Status.SUBMITTED:
        return obj
    if state == Status.RETURNED:
        return step["return"](
            **{kind: obj},
            by=approver,
            reason="措施还不够具体，请写明可以衡量的目标和完成时间。",
        )
    obj = step["approve"](**{kind: obj}, by=approver)
    if state == Status.APPROVED:
        return obj
    return step["publish"](**{kind: obj}, by=approver)


_STATE_ORDER = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.APPROVED,
    Status.PUBLISHED,
]


def _evidence(rng: random.Random, n: int):
    if rng.random() < 0.5:
        return [ContentFile(png_bytes(), name=f"现场照片{n}.png")]
    return [ContentFile(pdf_bytes(f"Report {n}"), name=f"阶段总结{n}.pdf")]


def _progress(subject, by: User, rng: random.Random, n: int, *, evidence: bool):
    status = rng.choice(["on_track", "on_track", "at_risk", "done"])
    percent = {"on_track": rng.choice([30, 40, 60]), "at_risk": 20, "done": 100}[status]
    if getattr(subject, "due_on", None) and subject.due_on < timezone.localdate():
        status, percent = "at_risk", 50  # past due and not done: shows as overdue
    services.progress_report(
        subject=subject,
        by=by,
        status=status,
        percent=percent,
        text=rng.choice(PROGRESS_TEXTS),
        files=_evidence(rng, n) if evidence else [],
    )


PLAN_STATES = [
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.SUBMITTED,
    Status.PUBLISHED,
    Status.RETURNED,
    Status.PUBLISHED,
    Status.APPROVED,
    Status.DRAFT,
    Status.PUBLISHED,
    None,  # no plan yet
]
PLEDGE_STATES = [
    Status.PUBLISHED,
    Status.PUBLISHED,
    Status.SUBMITTED,
    Status.PUBLISHED,
    Status.RETURNED,
    Status.DRAFT,
    Status.APPROVED,
]


@transaction.atomic
def seed(institute: Organization) -> None:
    """Add the demo campaign, plans, pledges, progress and comments (idempotent)."""
    today = timezone.localdate()
    rng = random.Random(f"pledges-{institute.pk}")  # nosec B311 - demo data
    actors = _Actors(institute)
    if actors.office is None:
        return
    campaign = _campaign(institute, today)
    if Plan.objects.filter(campaign=campaign).exists():
        return
    _union_items(campaign)
    accounts = {
        u.username: u
        for u in User.objects.filter(person__institute=institute).select_related(
            "person"
        )
    }
    secretary = accounts.get("secretary")
    member = accounts.get("member")
    own_branch = secretary.person.branch if secretary else None
    gsec_role = Role.objects.filter(
        kind=Role.Kind.GENERAL_SECRETARY,
        node__institute=institute,
        person__user__isnull=False,
    ).first()
    branches = list(
        Organization.objects.filter(
            institute=institute, kind=K.BRANCH, is_active=True
        ).order_by("path")
    )
    # One branch of the demo general secretary's general branch awaits his approval.
    awaiting_gsec = None
    if gsec_role is not None:
        awaiting_gsec = next(
            (
                b
                for b in branches
                if b.parent_id == gsec_role.node_id
                and b != own_branch
                and b.pk != gsec_role.person.branch_id
            ),
            None,
        )
    n = 0
    for index, branch in enumerate(branches):
        if branch == own_branch:
            state = Status.PUBLISHED
        elif branch == awaiting_gsec:
            state = Status.SUBMITTED
        elif branch.parent.kind == K.PARTY_COMMITTEE and index % 2 == 0:
            state = Status.SUBMITTED  # awaits the office
        else:
            state = PLAN_STATES[index % len(PLAN_STATES)]
        filer, approver = actors.filer(branch), actors.plan_approver(branch)
        if state is not None:
            plan = services.plan_create(campaign=campaign, unit=branch, by=filer)
            plan = _fill_plan(plan, filer, rng, today)
            plan = _advance(plan, "plan", state, filer=filer, approver=approver)
            if plan.status == Status.PUBLISHED:
                for measure in list(plan.measures.all())[:2]:
                    n += 1
                    _progress(measure, filer, rng, n, evidence=branch == own_branch)
        members = list(selectors.unit_members(branch).order_by("staff_no"))
        if branch == own_branch:
            _seed_own_branch(campaign, branch, members, actors, accounts, rng, today)
            continue
        for i, person in enumerate(members[:6]):
            p_state = PLEDGE_STATES[(index + i) % len(PLEDGE_STATES)]
            _pledge(
                campaign, branch, person, p_state, actors, rng, today, progress=i < 2
            )
    _seed_mass(campaign, institute, actors, accounts, rng, today)
    _seed_comments(campaign, own_branch, accounts, member)


def _pledge(
    campaign, unit, person, state, actors, rng, today, *, progress=False, by=None
):
    filer = by or (person.user if person.user_id else actors.filer(unit))
    approver = actors.pledge_approver(unit, person, filer)
    pledge = services.pledge_create(
        campaign=campaign, unit=unit, person=person, by=filer
    )
    pledge = _fill_pledge(pledge, filer, rng, today)
    pledge = _advance(pledge, "pledge", state, filer=filer, approver=approver)
    if progress and pledge.status == Status.PUBLISHED:
        reporter = person.user if person.user_id else actors.filer(unit)
        for j, item in enumerate(pledge.items.all()):
            if j < 2:
                _progress(item, reporter, rng, item.pk, evidence=False)
    return pledge


def _seed_own_branch(campaign, branch, members, actors, accounts, rng, today):
    """The demo secretary's branch: every state, pledges to approve, some not filed."""
    secretary, member = accounts.get("secretary"), accounts.get("member")
    others = [p for p in members if p.user_id is None]
    pledge_states = [
        Status.SUBMITTED,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.DRAFT,
        Status.APPROVED,
        Status.PUBLISHED,
        Status.PUBLISHED,
    ]
    if member is not None and member.person.branch_id == branch.pk:
        pledge = _pledge(
            campaign, branch, member.person, Status.PUBLISHED, actors, rng, today
        )
        for j, item in enumerate(pledge.items.all()):
            _progress(item, member, rng, 100 + j, evidence=j < 2)
        # A change after publication goes back to the secretary, who approves it:
        # version 2, the first stays visible.
        item = pledge.items.first()
        pledge.refresh_from_db()
        services.pledge_update(
            pledge=pledge,
            by=member,
            revision=pledge.revision,
            plans=pledge.plans + "\n结合新承担的任务，补充技术攻关目标。",
            direction=pledge.direction,
            items=[
                {
                    "id": i.pk,
                    "text": i.text,
                    "target": i.target,
                    "due_on": i.due_on,
                    "criterion": i.criterion,
                }
                for i in pledge.items.all()
            ]
            + [
                {
                    "text": "牵头一项工艺改进",
                    "target": "形成改进报告1份",
                    "due_on": campaign.phase2_end,
                    "criterion": item.criterion if item else None,
                }
            ],
        )
        if secretary is not None:
            services.pledge_change_approve(pledge=pledge, by=secretary)
    if secretary is not None and secretary.person.branch_id == branch.pk:
        _pledge(
            campaign,
            branch,
            secretary.person,
            Status.PUBLISHED,
            actors,
            rng,
            today,
            progress=True,
        )
    # Filed on behalf by the secretary (approved by the level above: separation of
    # duties), the two submitted ones typed in from paper by the office, so the
    # secretary has pledges to approve; the last two members have filed nothing yet.
    for i, person in enumerate(others[:-2] if len(others) > 2 else []):
        state = pledge_states[i % len(pledge_states)]
        by = secretary if secretary is not None else None
        if state == Status.SUBMITTED and actors.office != secretary:
            by = actors.office
        _pledge(
            campaign,
            branch,
            person,
            state,
            actors,
            rng,
            today,
            progress=state == Status.PUBLISHED,
            by=by,
        )


def _seed_mass(campaign, institute, actors, accounts, rng, today):
    """Union, league and women's units strive for their own titles."""
    mass = list(
        Organization.objects.filter(
            institute=institute,
            kind__in=[K.UNION_BRANCH, K.LEAGUE_BRANCH, K.WOMEN_GROUP],
            is_active=True,
        ).order_by("path")
    )
    states = [Status.PUBLISHED, Status.SUBMITTED, Status.PUBLISHED, Status.DRAFT]
    for i, unit in enumerate(mass[:8]):
        filer, approver = actors.filer(unit), actors.plan_approver(unit)
        plan = services.plan_create(campaign=campaign, unit=unit, by=filer)
        plan = _fill_plan(plan, filer, rng, today)
        _advance(plan, "plan", states[i % len(states)], filer=filer, approver=approver)
    union = accounts.get("union")
    if union is None:
        return
    for unit in union.person.mass_units.filter(kind=K.UNION_BRANCH):
        _pledge(
            campaign,
            unit,
            union.person,
            Status.PUBLISHED,
            actors,
            rng,
            today,
            progress=True,
        )
        members = [
            p
            for p in selectors.unit_members(unit).order_by("staff_no")[:4]
            if p.pk != union.person.pk
        ]
        for j, person in enumerate(members[:3]):
            state = [Status.PUBLISHED, Status.SUBMITTED, Status.DRAFT][j]
            _pledge(campaign, unit, person, state, actors, rng, today)


def _seed_comments(campaign, branch, accounts, member):
    """Supervision comments on the secretary's branch, most answered."""
    staff, secretary = accounts.get("staff"), accounts.get("secretary")
    if branch is None or staff is None or secretary is None:
        return
    plan = Plan.objects.filter(
        campaign=campaign, unit=branch, status=Status.PUBLISHED
    ).first()
    if plan is not None:
        c = services.comment_add(
            target=plan,
            by=staff,
            text="建议把“党员先锋岗”的考核标准也公开出来，便于大家监督。",
            anonymous=False,
        )
        services.comment_answer(
            comment=c, by=secretary, text="已采纳，考核标准将于本月在支部公示栏公布。"
        )
        services.comment_add(
            target=plan,
            by=staff,
            text="希望支部多组织一些面向青年职工的技术交流。",
            anonymous=True,
        )
    if member is not None:
        pledge = Pledge.objects.filter(
            campaign=campaign, person=member.person, status=Status.PUBLISHED
        ).first()
        if pledge is not None:
            c = services.comment_add(
                target=pledge,
                by=staff,
                text="帮带青年职工的承诺很好，希望能落到实处。",
                anonymous=True,
            )
            services.comment_answer(
                comment=c, by=secretary, text="谢谢监督，支部会跟踪帮带进展。"
            )
