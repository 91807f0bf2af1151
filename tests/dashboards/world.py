"""A campaign with something in every dashboard figure, and ``grow`` to add more of it.

Dates are taken from today: the campaign starts on the first day of this quarter, so
this quarter's inspection round is open; news reports are dated that first day; one
rectification item is overdue, one is not; a mass evaluation is open. Most tests build
it on 15 May 2025 (the ``frozen`` fixture); the browser tests on the real today.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from evaluations.ballots import services as ballot_services
from evaluations.inspections import services as inspections
from evaluations.models import (
    Finding,
    Grade,
    InspectionKind,
    InspectionRound,
    RectificationItem,
    Round,
    Score,
    ScoreRun,
    Target,
    TargetRule,
)
from organizations.models import Organization, Person
from pledges import services
from pledges.activity import services as activity_services
from pledges.models import Campaign, NewsReport, ProgressStatus, Status
from tests.factories import Institute, person, unit
from tests.pledges.builders import make_campaign, make_plan, make_pledge
from tests.pledges.factories import filed_plan, filed_pledge

DAY = datetime.timedelta(days=1)


def quarter_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


@dataclass
class World:
    """Handles on the campaign and its rounds."""

    inst: Institute
    campaign: Campaign
    inspection: InspectionRound
    vote: Round
    added: list[Organization] = field(default_factory=list)


def _score(campaign, *, unit_=None, person_=None, score, grade, rank, key, label):
    return Score.objects.create(
        campaign=campaign,
        unit=unit_,
        person=person_,
        name=(unit_ or person_).name,
        category_key=key,
        category_label=label,
        score=score,
        grade=grade,
        rank=rank,
        computed_at=timezone.now(),
        inputs_digest="0" * 64,
        inputs={},
        breakdown=[
            {
                "source": "office",
                "kind": "source",
                "label": "",
                "level": 0,
                "value": str(score),
                "weight": "0.60",
                "effective_weight": "1.0000",
                "contribution": str(score),
            },
            {
                "source": "office",
                "kind": "line",
                "label": "政治引领好：工作落实",
                "level": 1,
                "value": "9.00",
                "max": "10.00",
            },
            {
                "source": "total",
                "kind": "total",
                "label": "",
                "level": 0,
                "value": str(score),
                "grade": grade,
            },
        ],
    )


def build_world(inst: Institute) -> World:
    today = timezone.localdate()
    start = quarter_start(today)
    campaign = make_campaign(inst.institute, start=start)
    secretary, gsec = inst.user("secretary"), inst.user("gsec")
    inspection = inspections.inspection_round_open(campaign=campaign, quarter=1)
    # 一支部: published plan and a published pledge with progress; 二支部: a submitted
    # plan; the 机关支部 (another category) has no plan at all.
    make_plan(campaign, inst.branch, secretary, state=Status.PUBLISHED, approver=gsec)
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=secretary,
    )
    item = pledge.items.first()
    services.progress_report(
        subject=item,
        by=inst.user("member"),
        status=ProgressStatus.AT_RISK,
        percent=30,
        text="推进中，进度滞后",
    )
    make_pledge(
        campaign,
        inst.branch,
        inst.people["secretary"],
        secretary,
        state=Status.SUBMITTED,
        approver=None,
    )
    make_plan(
        campaign,
        inst.other_branch,
        inst.user("othersec"),
        state=Status.SUBMITTED,
        approver=None,
    )
    activity_services.news_create(
        branch=inst.branch,
        title="一支部开展主题党日活动",
        text="全体党员参加。",
        channel=NewsReport.Channel.NEWSLETTER,
        published_on=start,
    )
    finding = inspections.finding_record(
        round=inspection,
        unit=inst.branch,
        kind=InspectionKind.ROUTINE,
        rating=Finding.Rating.POOR,
        text="三会一课记录不全",
        found_on=today,
    )
    overdue = inspections.rectification_open(
        unit=inst.branch,
        source=finding,
        title="补齐三会一课记录",
        owner=inst.people["secretary"],
        deadline=today + DAY,
    )
    _make_overdue(overdue, today - 14 * DAY)
    inspections.rectification_open(
        unit=inst.branch,
        source=finding,
        title="落实党员先锋岗",
        owner=inst.people["secretary"],
        deadline=today + 17 * DAY,
    )
    vote = ballot_services.round_create(
        scope=inst.institute,
        kind=Round.Kind.MASS,
        title="2025年度群众评议",
        opens_on=today - DAY,
        closes_on=today + 15 * DAY,
        k=3,
        campaign=campaign,
    )
    ballot_services.question_add(round=vote, code="Q1", text="工作业绩好")
    ballot_services.rule_add(round=vote, kind=TargetRule.Kind.DEPARTMENT_BRANCHES)
    vote = ballot_services.round_open(round=vote)
    ScoreRun.objects.create(campaign=campaign, computed_at=timezone.now())
    research = (str(inst.category.pk), inst.category.name)
    _score(
        campaign,
        unit_=inst.branch,
        score=Decimal("92.50"),
        grade=Grade.EXCELLENT,
        rank=1,
        key=research[0],
        label=research[1],
    )
    _score(
        campaign,
        unit_=inst.other_branch,
        score=Decimal("75.00"),
        grade=Grade.AVERAGE,
        rank=2,
        key=research[0],
        label=research[1],
    )
    _score(
        campaign,
        person_=inst.people["member"],
        score=Decimal("88.00"),
        grade=Grade.GOOD,
        rank=1,
        key="member",
        label="党员",
    )
    world = World(inst, campaign, inspection, vote)
    _vote(world, inst.people["member"])
    return world


def _make_overdue(item: RectificationItem, deadline: datetime.date) -> None:
    """Deadlines are set in the future; time passing is simulated here."""
    RectificationItem.objects.filter(pk=item.pk).update(deadline=deadline)


def _vote(world: World, voter: Person) -> None:
    target = Target.objects.filter(round=world.vote, unit=world.inst.branch).first()
    ballot_services.ballot_cast(
        round=world.vote, voter=voter, target=target, answers=_answers(world.vote)
    )


def _answers(round: Round) -> dict:
    return {q.pk: 4 for q in round.questions.all()}


def grow(world: World, n: int) -> list[Organization]:
    """Add ``n`` research branches under the general branch, each with a member, a
    published plan and pledge, a news report, a finding, an overdue rectification item,
    a score for the branch and its member, and the member's vote."""
    inst, campaign = world.inst, world.campaign
    gsec = inst.user("gsec")
    today = timezone.localdate()
    made = []
    for _i in range(n):
        branch = unit(
            f"加支部{Organization.objects.count()}",
            Organization.Kind.BRANCH,
            inst.gb,
            category=inst.category,
            department=inst.department,
        )
        member = person(
            inst.institute,
            f"m{branch.pk}",
            account=False,
            name=f"党员{branch.pk}",
            department=inst.department,
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=branch,
        )
        filed_plan(campaign, branch, gsec)
        filed_pledge(campaign, branch, member, gsec)
        NewsReport.objects.create(
            branch=branch,
            title=f"{branch.name}通讯",
            text="报道",
            published_on=campaign.phase1_start,
        )
        finding = Finding.objects.create(
            round=world.inspection,
            unit=branch,
            kind=InspectionKind.ROUTINE,
            rating=Finding.Rating.AVERAGE,
            text="基本落实",
            found_on=today,
        )
        item = inspections.rectification_open(
            unit=branch, source=finding, title="完善台账", deadline=today + DAY
        )
        _make_overdue(item, today - DAY)
        rank = Score.objects.filter(campaign=campaign, unit__isnull=False).count() + 1
        _score(
            campaign,
            unit_=branch,
            score=Decimal("81.00"),
            grade=Grade.GOOD,
            rank=rank,
            key=str(inst.category.pk),
            label=inst.category.name,
        )
        _score(
            campaign,
            person_=member,
            score=None,
            grade="",
            rank=None,
            key="member",
            label="党员",
        )
        _vote(world, member)
        made.append(branch)
    world.added += made
    return made
