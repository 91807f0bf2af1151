"""Demo data of the quantified assessment (演示数据), called by ``seed_demo``.

For the demo institute's campaign, made once (a second run changes nothing):

- the 党支部工作量化考核评分细则: scored lines under each 五个好 sub-item adding up to
  100 points, bonus, penalty and veto lines; the mass organisations' sets get their
  default lines (``evaluations.scoring.defaults``) where a campaign lacks them;
- self-assessments for most branches, the office's marks for most of those (one with a
  bonus, one with a penalty, one with a veto), a few finished; the demo secretary's own
  branch is left not started, so that account can fill its self-assessment in;
- 五带头 ratings for the members of the marked branches;
- computed and published scores.

Runs after the ballots and inspections demo, so their tallies and findings count.
"""

import random
from decimal import Decimal

from django.db import transaction

from evaluations.models import (
    DaitouRating,
    ScoreRun,
    ScoreSheet,
    ScoringLine,
    SheetMark,
)
from evaluations.scoring import selectors, services
from organizations.models import Organization, Role, User
from pledges.demo import demo_campaign

# (sub-item code, content, rubric, points): adds up to 100 over the eight sub-items.
LINES = [
    (
        "1.1",
        "认真学习贯彻党的理论和路线方针政策，落实“第一议题”制度",
        "制度落实、记录完整得满分；缺一次学习记录扣1分。",
        10,
    ),
    (
        "1.2",
        "支部委员会健全，按期换届，委员分工明确、履职到位",
        "班子健全、按期换届得满分；未按期换届扣5分。",
        10,
    ),
    (
        "2.1",
        "落实“三会一课”，全年集中学习不少于12次",
        "每少一次扣1分；记录不全酌情扣分。",
        10,
    ),
    (
        "2.1",
        "支部书记全年讲党课不少于1次，组织读书活动和读书笔记展评",
        "未讲党课扣5分；未组织读书活动扣3分。",
        10,
    ),
    (
        "3.1",
        "保密、安全制度健全，全年无泄密和安全事故",
        "制度健全、无事故得满分；存在隐患未整改扣3分。",
        10,
    ),
    (
        "3.1",
        "纪实登记完整，每月至少报送一篇通讯报道",
        "每缺一个月扣1分。",
        10,
    ),
    (
        "4.1",
        "围绕科研生产中心任务，完成年度争创目标",
        "全部完成得满分；未完成的目标按比例扣分。",
        15,
    ),
    (
        "4.2",
        "在技术创新、管理创新中发挥党组织战斗堡垒作用",
        "有典型事例并见成效得满分。",
        10,
    ),
    (
        "5.1",
        "关心职工群众，开展党群共建活动，群众满意",
        "群众评议“好”的比例达80%得满分。",
        15,
    ),
]
BONUS = [("获得上级党组织表彰", 3), ("经验做法被上级党组织推广", 2)]
PENALTY = [("未按时报送计划、总结等材料", 3), ("党员受到党纪处分", 5)]
VETO = [
    ("发生严重违法违纪或造成严重不良影响", "poor"),
    ("发生重大安全或泄密事故", "average"),
]
SELF_COMMENTS = ["按细则逐项落实", "记录齐全，材料已归档", "基本完成，个别环节待加强"]
OFFICE_COMMENTS = ["经核查属实", "台账完整，落实到位", "部分材料不够完整，酌情扣分"]
DAITOU_COMMENTS = {
    "good": "作用发挥突出，群众认可",
    "fair": "能够发挥带头作用",
    "average": "带头作用有待加强",
}


def _office_user(institute):
    role = (
        Role.objects.filter(kind=Role.Kind.OFFICE, node__institute=institute)
        .select_related("person__user")
        .order_by("order", "pk")
        .first()
    )
    return role.person.user if role and role.person.user_id else None


def _demo_secretary_branch_ids() -> set[int]:
    from organizations.demo import DEMO_SECRETARY

    user = User.objects.filter(username=DEMO_SECRETARY).first()
    if user is None:
        return set()
    return set(
        Role.objects.filter(person__user=user, kind=Role.Kind.SECRETARY).values_list(
            "node_id", flat=True
        )
    )


def seed(institute: Organization) -> None:
    """Add the demo scoring to the institute's campaign unless it has it already."""
    campaign = demo_campaign(institute)
    if campaign is None:
        return
    criteria_set = campaign.criteria_sets.filter(code="party_branch").first()
    if criteria_set is None:
        return
    office = _office_user(institute)
    # The mass organisations' default lines (a demo seeded before they existed).
    services.criteria_defaults_apply(campaign=campaign, by=office, add_sets=True)
    rng = random.Random(f"scoring-{institute.pk}")  # nosec B311 - demo data
    if not criteria_set.scoring_lines.exists():
        _lines(criteria_set, office)
    if not ScoreSheet.objects.filter(campaign=campaign).exists():
        _sheets(campaign, criteria_set, office, rng)
    if not DaitouRating.objects.filter(campaign=campaign).exists():
        _ratings(campaign, office, rng)
    if not ScoreRun.objects.filter(campaign=campaign).exists():
        services.scores_compute(campaign=campaign, by=office)
        services.scores_publish(campaign=campaign, by=office)


@transaction.atomic
def _lines(criteria_set, office) -> None:
    criteria = {c.code: c for c in criteria_set.criteria.all()}
    for code, text, rubric, points in LINES:
        if code not in criteria:
            continue
        services.line_save(
            criteria_set=criteria_set,
            by=office,
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
            services.line_save(
                criteria_set=criteria_set,
                by=office,
                kind=kind,
                criterion=None,
                text=text,
                max_points=Decimal(points),
            )
    for text, cap in VETO:
        services.line_save(
            criteria_set=criteria_set,
            by=office,
            kind=ScoringLine.Kind.VETO,
            criterion=None,
            text=text,
            grade_cap=cap,
        )


def _points(rng, maximum: Decimal, quality: float) -> Decimal:
    share = min(1.0, max(0.5, rng.gauss(quality, 0.06)))
    return (maximum * Decimal(str(round(share, 2)))).quantize(Decimal("0.5"))


@transaction.atomic
def _sheets(campaign, criteria_set, office, rng) -> None:
    lines = list(criteria_set.scoring_lines.all())
    regular = [line for line in lines if line.is_regular]
    special = {
        kind: [line for line in lines if line.kind == kind] for kind in ScoringLine.Kind
    }
    branches = list(
        selectors.scored_units(campaign)
        .filter(kind=Organization.Kind.BRANCH)
        .order_by("path")
    )
    skip = _demo_secretary_branch_ids()
    writers = {
        role.node_id: role.person.user
        for role in Role.objects.filter(
            kind=Role.Kind.SECRETARY, node__in=branches, person__user__isnull=False
        ).select_related("person__user")
    }
    marked = 0
    for branch in branches:
        if branch.pk in skip or rng.random() < 0.15:
            continue
        writer = writers.get(branch.pk)
        quality = rng.uniform(0.72, 0.97)
        sheet = services.sheet_for(campaign=campaign, unit=branch)
        services.sheet_marks_save(
            sheet=sheet,
            source=SheetMark.Source.SELF,
            entries={
                line.pk: {
                    "points": _points(rng, line.max_points, quality + 0.03),
                    "comment": rng.choice(SELF_COMMENTS),
                }
                for line in regular
            },
            by=writer,
        )
        services.sheet_step(sheet=sheet, step="submit", by=writer)
        if rng.random() < 0.25:
            continue  # waiting for the office's marks
        entries = {
            line.pk: {
                "points": _points(rng, line.max_points, quality),
                "comment": rng.choice(OFFICE_COMMENTS),
                "poor": quality < 0.76 and rng.random() < 0.3,
            }
            for line in regular
        }
        marked += 1
        if marked % 5 == 2 and special[ScoringLine.Kind.BONUS]:
            line = special[ScoringLine.Kind.BONUS][0]
            entries[line.pk] = {
                "points": line.max_points,
                "comment": "获院级先进基层党组织表彰",
            }
        if marked % 7 == 3 and special[ScoringLine.Kind.PENALTY]:
            line = special[ScoringLine.Kind.PENALTY][0]
            entries[line.pk] = {"points": Decimal(2), "comment": "年度总结逾期两周报送"}
        if marked == 8 and special[ScoringLine.Kind.VETO]:
            line = special[ScoringLine.Kind.VETO][-1]
            entries[line.pk] = {"triggered": True, "comment": "发生一起安全责任事故"}
        services.sheet_marks_save(
            sheet=sheet, source=SheetMark.Source.OFFICE, entries=entries, by=office
        )
        services.sheet_step(sheet=sheet, step="mark", by=office)
        if rng.random() < 0.3:
            services.sheet_step(sheet=sheet, step="finish", by=office)


@transaction.atomic
def _ratings(campaign, office, rng) -> None:
    items = list(
        selectors.member_criteria_set(campaign).criteria.filter(parent__isnull=True)
    )
    if not items:
        return
    marked = ScoreSheet.objects.filter(
        campaign=campaign,
        status__in=[ScoreSheet.Status.MARKED, ScoreSheet.Status.DONE],
    ).values("unit_id")
    members = (
        selectors.scored_members(campaign).filter(branch__in=marked).order_by("pk")
    )
    for person in members.iterator():
        if rng.random() < 0.3:
            continue
        entries = {}
        for item in items:
            rating = rng.choices(["good", "fair", "average"], weights=[5, 4, 1])[0]
            entries[item.pk] = {"rating": rating, "comment": DAITOU_COMMENTS[rating]}
        services.daitou_rate(
            campaign=campaign, person=person, entries=entries, by=office
        )
