"""Demo data of inspections, spot checks, rectification, help and half-year reviews.

``seed(institute)`` adds, to the institute's latest campaign (made by ``pledges.demo.commitments``):

- a finished first-quarter inspection (季度督查) with a random spot check (随机抽查) drawn
  from a seed typed in public before witnesses, findings on every drawn branch and a few
  routine findings (one poor finding on the demo secretary's branch);
- rectification items (督促整改) for the poor findings: one answered by its secretary and
  waiting for re-inspection, the demo secretary's one open, one overdue and escalated;
  help items (帮助指导) for the average findings;
- the first half-year review round (半年点评): most branches and most members reviewed,
  some acknowledged; the demo member's review and the demo secretary's branch review are
  left to acknowledge.

Idempotent: each part is made only if the campaign does not have it yet. Runs after the
ballots demo and before the scoring demo (which counts the findings).
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from evaluations.inspections import services
from evaluations.models import (
    InspectionKind,
    InspectionRound,
    RectificationItem,
    Review,
    ReviewRound,
)
from organizations.models import Organization, Person, Role, User
from pledges.demo import demo_campaign

WITNESSES = "党委纪检委员 周文涛\n工会代表 陈晓燕"
GOOD = [
    "三会一课记录齐全规范，党员承诺事项公开上墙，践诺情况记录及时。",
    "支部争创计划措施具体，攻关任务节点按期完成，群众反映良好。",
    "党员先锋岗作用明显，青年党员在型号任务中带头攻坚。",
]
AVERAGE = [
    "三会一课基本按期开展，但学习记录较简略，部分党员践诺记录更新不及时。",
    "通讯报道数量达标，但内容多为活动报道，反映争创成效不够。",
]
POOR = [
    "第一季度未召开支部委员会，党员大会记录缺失，党课尚未安排。",
    "争创计划未按期公开，部分党员承诺书未经支部审核。",
]
ROUTINE = [
    (InspectionKind.REPORTING, "按时报送月度工作信息，材料完整。"),
    (InspectionKind.SECRETARIES, "书记例会上汇报争创进展，思路清晰。"),
    (InspectionKind.LIFE_MEETING, "参加支部组织生活会，批评与自我批评开展认真。"),
]
ACHIEVEMENTS = [
    "围绕型号研制任务开展争创，攻关节点按期完成，党员带头作用明显。",
    "认真落实三会一课制度，学习教育扎实，承诺事项完成过半。",
    "服务群众意识强，及时回应职工意见，群众满意度较高。",
]
PROBLEMS = [
    "学习记录不够详实，学用结合有待加强。",
    "践诺进展公开不及时，接受群众监督的渠道不多。",
    "青年党员培养力度不够，作用发挥不均衡。",
]
DIRECTIONS = [
    "下半年聚焦关键技术攻关，把承诺事项落到实处。",
    "加强学习记录和践诺台账管理，按月公开进展。",
    "发挥党员先锋岗作用，带动青年职工共同进步。",
]
HELP = [
    "党群工作处派员指导支部规范三会一课记录和践诺台账。",
    "安排先进支部书记结对帮扶，交流争创经验。",
]


def seed(institute: Organization) -> None:
    """Add the demo inspections, rectification and reviews unless they exist."""

    campaign = demo_campaign(institute)
    office = _office_user(institute)
    if campaign is None or office is None:
        return
    rng = random.Random(f"inspections-{institute.pk}")  # nosec B311 - demo data
    if not InspectionRound.objects.filter(campaign=campaign, quarter=1).exists():
        _seed_inspection(campaign, office, rng)
    if not ReviewRound.objects.filter(campaign=campaign, half=1).exists():
        _seed_reviews(campaign, office, rng)


def _office_user(institute) -> User | None:
    role = (
        Role.objects.filter(
            kind=Role.Kind.OFFICE,
            node__institute=institute,
            person__user__isnull=False,
        )
        .select_related("person__user")
        .order_by("order", "pk")
        .first()
    )
    return role.person.user if role else None


def _demo_secretary() -> tuple[User | None, Organization | None]:
    from organizations.demo import DEMO_SECRETARY

    role = (
        Role.objects.filter(
            kind=Role.Kind.SECRETARY, person__user__username=DEMO_SECRETARY
        )
        .select_related("node", "person__user")
        .first()
    )
    return (role.person.user, role.node) if role else (None, None)


def _gsec_branch(campaign, *, exclude) -> Organization | None:
    """A branch under the demo general-branch secretary, other than ``exclude``."""
    from organizations.demo import DEMO_GSEC

    role = (
        Role.objects.filter(
            kind=Role.Kind.GENERAL_SECRETARY, person__user__username=DEMO_GSEC
        )
        .select_related("node")
        .first()
    )
    if role is None:
        return None
    branches = services.eligible_units(campaign).filter(path__startswith=role.node.path)
    if exclude is not None:
        branches = branches.exclude(pk=exclude.pk)
    return branches.order_by("path").first()


def _secretary_user(unit: Organization) -> User | None:
    role = (
        Role.objects.filter(
            kind=Role.Kind.SECRETARY, node=unit, person__user__isnull=False
        )
        .select_related("person__user")
        .first()
    )
    return role.person.user if role else None


def _day(campaign, today, offset: int) -> datetime.date:
    """A day of the first quarter's inspection, never after today."""
    return min(campaign.phase1_start + datetime.timedelta(days=offset), today)


@transaction.atomic
def _seed_inspection(campaign, office, rng: random.Random) -> None:
    today = timezone.localdate()
    inspector = getattr(office, "person", None)
    round = services.inspection_round_plan(campaign=campaign, quarter=1, by=office)
    eligible = services.eligible_by_category(campaign)
    sizes = {
        code: min(len(ids), 3 if code == "research" else 1)
        for code, ids in eligible.items()
    }
    round.note = "重点检查争创计划公开、三会一课落实和党员践诺情况。"
    round.save(update_fields=["note"])
    if any(sizes.values()):
        services.spot_check_configure(
            round=round,
            mode=InspectionRound.SampleMode.PER_STRATUM,
            sizes=sizes,
            by=office,
        )
        services.spot_check_draw(
            round=round,
            by=office,
            seed=campaign.quarter1_on.strftime("%Y%m%d"),
            witnesses=WITNESSES,
        )
    round = services.inspection_round_open(campaign=campaign, quarter=1, by=office)
    draw = round.draws.filter(voided_at__isnull=True).first()
    sampled = draw.sample_ids() if draw else []
    units = Organization.objects.in_bulk(sampled)
    secretary_user, secretary_branch = _demo_secretary()

    def record(unit, kind, rating, text, offset):
        return services.finding_record(
            round=round,
            unit=unit,
            kind=kind,
            rating=rating,
            text=text,
            found_on=_day(campaign, today, offset),
            inspector=inspector,
            by=office,
        )

    poor, average = [], []
    for index, pk in enumerate(sampled):
        unit = units[pk]
        if index == 1:
            poor.append(record(unit, InspectionKind.SPOT, "poor", POOR[0], 10))
        elif index in (2, 4):
            average.append(
                record(unit, InspectionKind.SPOT, "average", AVERAGE[index % 2], 10)
            )
        else:
            record(unit, InspectionKind.SPOT, "good", rng.choice(GOOD), 10)
    others = list(
        services.eligible_units(campaign).exclude(pk__in=sampled).order_by("path")[:6]
    )
    for index, unit in enumerate(others[:3]):
        kind, text = ROUTINE[index]
        record(unit, kind, "good", text, 14 + index)
    # Two more poor units off the sample: with the drawn one, at least two items stay
    # besides the demo secretary's, to show one answered and one overdue.
    for index, unit in enumerate(others[3:5]):
        poor.append(record(unit, InspectionKind.FIELD, "poor", POOR[1], 18 + index))
    answerable = _gsec_branch(campaign, exclude=secretary_branch)
    if answerable is not None and answerable.pk not in {f.unit_id for f in poor}:
        # A branch whose general-branch secretary has a demo account answers its item.
        poor.append(record(answerable, InspectionKind.FORUM, "poor", POOR[0], 19))
    if secretary_branch is not None and secretary_branch.pk not in {
        f.unit_id for f in poor
    }:
        poor.append(
            record(
                secretary_branch,
                InspectionKind.ROUTINE,
                "poor",
                "支部党员承诺书公开不及时，部分承诺事项缺少践诺记录。",
                20,
            )
        )
    for index, found in enumerate(average):
        helper = inspector or _first_person(found.unit)
        if helper is not None:
            services.help_item_create(
                unit=found.unit,
                finding=found,
                what=HELP[index % len(HELP)],
                helper=helper,
                due_on=today + datetime.timedelta(days=30),
                by=office,
            )
    items = []
    for found in poor:
        items.append(
            services.rectification_open(
                unit=found.unit,
                source=found,
                title="限期整改：" + found.text[:30],
                text=found.text,
                evidence_required="整改报告及会议记录扫描件",
                deadline=today + datetime.timedelta(days=21),
                by=office,
            )
        )
    services.inspection_round_close(round=round, by=office)
    _rectification_states(items, secretary_branch, today)


def _first_person(unit) -> Person | None:
    return Person.objects.filter(branch=unit, is_active=True).order_by("pk").first()


def _rectification_states(items, secretary_branch, today) -> None:
    """One answered, one overdue and escalated; the demo secretary's stays open."""
    rest = [
        i for i in items if secretary_branch is None or i.unit_id != secretary_branch.pk
    ]
    for item in rest:
        user = _answerer(item)
        if user is not None:
            _answer(item, user)
            rest.remove(item)
            break
    if rest:
        RectificationItem.objects.filter(pk=rest[0].pk).update(
            deadline=today - datetime.timedelta(days=3)
        )
        services.rectification_escalate_overdue(today=today)


def _answerer(item) -> User | None:
    """Someone with an account who answers for the item: owner or a secretary above."""
    if item.owner is not None and item.owner.user_id:
        return item.owner.user
    role = (
        Role.objects.filter(
            kind__in=(Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY),
            node_id__in=[*item.unit.ancestor_ids(), item.unit_id],
            person__user__isnull=False,
        )
        .select_related("person__user")
        .order_by("-node__depth")
        .first()
    )
    return role.person.user if role else None


def _answer(item, user) -> None:
    report = ContentFile(_pdf(), name="整改报告.pdf")
    services.rectification_answer(
        item=item,
        by=user,
        text="已召开支部委员会专题研究整改，补齐会议记录，安排支部书记讲党课。",
        files=[report],
    )


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


@transaction.atomic
def _seed_reviews(campaign, office, rng: random.Random) -> None:
    """Most branches and members reviewed, some acknowledged (in bulk, for speed)."""
    from organizations.demo import DEMO_MEMBER

    round = services.review_round_open(campaign=campaign, half=1, by=office)
    now = timezone.now()
    reviewer = getattr(office, "person", None)
    secretary_user, secretary_branch = _demo_secretary()
    demo_member = Person.objects.filter(user__username=DEMO_MEMBER).first()
    branches = list(
        Organization.objects.filter(
            kind=Organization.Kind.BRANCH,
            is_active=True,
            path__startswith=campaign.scope.path,
        ).order_by("path")
    )
    members = list(
        Person.objects.filter(
            is_active=True,
            political_status__in=Person.PARTY_STATUSES,
            branch__is_active=True,
            branch__path__startswith=campaign.scope.path,
        ).order_by("staff_no")
    )

    def texts(index):
        return {
            "achievements": ACHIEVEMENTS[index % 3],
            "problems": PROBLEMS[(index + 1) % 3],
            "direction": DIRECTIONS[(index + 2) % 3],
        }

    rows = []
    for index, branch in enumerate(branches):
        if branch == secretary_branch or index % 6 == 5:
            continue  # the demo secretary's comes below; every sixth not yet
        acknowledged = index % 3 != 0
        rows.append(
            Review(
                round=round,
                unit=branch,
                reviewer=reviewer,
                written_by=office,
                written_at=now,
                acknowledged_at=now if acknowledged else None,
                **texts(index),
            )
        )
    for index, person in enumerate(members):
        if person == demo_member or index % 5 == 4:
            continue
        rows.append(
            Review(
                round=round,
                person=person,
                reviewer=reviewer,
                written_by=office,
                written_at=now,
                acknowledged_at=now if rng.random() < 0.5 else None,
                **texts(index),
            )
        )
    Review.objects.bulk_create(rows, batch_size=500)
    # The demo accounts' reviews go through the service, so they are notified.
    if secretary_branch is not None:
        services.review_write(round=round, by=office, unit=secretary_branch, **texts(1))
    if demo_member is not None and demo_member.branch_id:
        writer = _secretary_user(demo_member.branch)
        if writer is None or writer.pk == demo_member.user_id:
            writer = office
        services.review_write(round=round, by=writer, person=demo_member, **texts(2))
