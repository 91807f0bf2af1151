"""Demo data of the award selection and phases 3 to 5 (演示数据), called by ``seed_demo``.

For the demo institute's campaign, made once (a second run changes nothing):

- quotas per title (two 先进基层党组织 per branch category, ten 优秀共产党员, one of each
  mass-organisation unit title);
- a proposal from the demo's scores, with its exclusions; one candidate added by the
  office with a reason; deeds (先进事迹) for the first winners; the list submitted to
  the leading group and awaiting sign-off;
- duty reports (述职述廉) of the leader, the general-branch secretary and some branch
  secretaries (the demo secretary's own is left to write), and the draft rating round;
- three member model posts (党员示范岗) and one experience-exchange session with a file.

Runs after the scoring demo, so the proposal rests on its computed scores.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from evaluations.awards import services
from evaluations.inspections import services as inspection_services
from evaluations.models import (
    AwardCandidate,
    AwardList,
    DutyReport,
    ExchangeSession,
    ModelPost,
    Score,
)
from organizations.models import MassMembership, Organization, Person, Role, User
from pledges.demo import demo_campaign
from pledges.models import CriteriaSet

MAX_DEMO_QUOTA = 6
DEEDS = [
    "该同志政治立场坚定，带头学习党的创新理论，在型号研制攻坚中主动承担关键技术任务，"
    "带领团队按期完成年度节点，获得用户好评。",
    "支部坚持“三会一课”制度，把组织生活与科研生产深度融合，设立党员先锋岗，"
    "年度重点任务全部按节点完成，职工群众满意度明显提升。",
    "立足岗位、甘于奉献，积极参加志愿服务和帮扶活动，团结同志、作风扎实，"
    "在急难险重任务中发挥了先锋模范作用。",
]
DUTY_TEXT = (
    "一、履行职责情况：认真落实全面从严治党主体责任，组织开展创先争优活动，"
    "按计划推进各项争创措施。\n二、廉洁自律情况：严格遵守中央八项规定精神，"
    "未发生违规违纪问题。\n三、存在的不足：理论学习深度不够，联系群众还需加强。\n"
    "四、下一步打算：强化学习，改进作风，带领支部争创先进。"
)
POSTS = [
    ("型号攻关党员示范岗", "在重点型号研制中承担关键技术攻关，带头解决技术难题。"),
    ("服务保障党员示范岗", "围绕科研生产一线需求，提供及时高效的保障服务。"),
    ("质量安全党员示范岗", "严把质量关，落实安全保密责任，全年零差错。"),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def seed(institute: Organization) -> None:
    """Add the demo awards to the institute's campaign unless it has them already."""
    from organizations.demo import DEMO_LEADER, DEMO_OFFICE

    campaign = demo_campaign(institute)
    if campaign is None or not Score.objects.filter(campaign=campaign).exists():
        return
    office = _user(DEMO_OFFICE)
    leader = _user(DEMO_LEADER)
    if not AwardList.objects.filter(campaign=campaign).exists():
        _awards(campaign, office)
    if not DutyReport.objects.filter(campaign=campaign).exists():
        _duty_reports(campaign, office, leader)
    if not ModelPost.objects.filter(campaign=campaign).exists():
        _model_posts(campaign, office)
    if not ExchangeSession.objects.filter(campaign=campaign).exists():
        _exchange(campaign, office)


@transaction.atomic
def _awards(campaign, office) -> None:
    groups = {g["set"].code: g for g in services.quota_groups(campaign)}
    counts = {}
    for code, per_category, total in (
        ("party_branch", 2, None),
        ("party_member", None, 10),
        ("league_unit", None, 1),
        ("women_unit", None, 1),
        ("union_unit", None, 1),
    ):
        group = groups.get(code)
        if group is None:
            continue
        if per_category:
            for key, _label in group["groups"][1:]:
                counts[(group["set"].pk, key)] = _quota_showing_exclusion(
                    campaign, key, per_category
                )
        else:
            counts[(group["set"].pk, "")] = total
    services.quotas_set(campaign=campaign, by=office, counts=counts)
    award_list = services.awards_propose(campaign=campaign, by=office)
    _hand_added(campaign, award_list, office)
    selected = list(
        award_list.candidates.filter(state=AwardCandidate.State.SELECTED).order_by(
            "position", "pk"
        )
    )
    for i, candidate in enumerate(selected[:6]):
        services.nomination_save(
            candidate=candidate,
            by=office,
            deeds=DEEDS[i % len(DEEDS)],
            recommendation="同意推荐",
        )
    if selected:
        services.award_list_submit(award_list=award_list, by=office)


def _quota_showing_exclusion(campaign, category_key: str, default: int) -> int:
    """A branch quota that reaches past the best unit left out by a rule, if it is
    near the top, so the demo shows an exclusion and its reason."""
    open_units = inspection_services.open_rectification_units(campaign=campaign)
    rows = (
        Score.objects.filter(
            campaign=campaign,
            unit__isnull=False,
            category_key=category_key,
            score__isnull=False,
        )
        .order_by("rank", "-score", "name")
        .values_list("unit_id", "grade", "vetoed")
    )
    for position, (unit_id, grade, vetoed) in enumerate(rows, start=1):
        if vetoed or unit_id in open_units or grade not in services.WINNING_GRADES:
            return position if default < position <= MAX_DEMO_QUOTA else default
    return default


def _hand_added(campaign, award_list, office) -> None:
    """A union member commended by hand: the union's person title has no scores."""
    criteria_set = campaign.criteria_sets.filter(
        family="union", audience=CriteriaSet.Audience.PERSON
    ).first()
    if criteria_set is None:
        return
    member = (
        MassMembership.objects.filter(
            unit__path__startswith=campaign.scope.path,
            unit__kind__in=[
                Organization.Kind.UNION,
                Organization.Kind.UNION_BRANCH,
                Organization.Kind.UNION_GROUP,
            ],
            person__is_active=True,
        )
        .select_related("person", "person__institute")
        .order_by("person__staff_no")
        .first()
    )
    if member is None:
        return
    services.candidate_add(
        award_list=award_list,
        criteria_set=criteria_set,
        person=member.person,
        by=office,
        reason="工会推荐：全年出满勤，积极参与职工之家建设，职工代表大会一致推荐。",
    )


@transaction.atomic
def _duty_reports(campaign, office, leader) -> None:
    from organizations.demo import DEMO_SECRETARY

    roles = (
        Role.objects.filter(
            kind__in=services.DUTY_ROLES,
            node__path__startswith=campaign.scope.path,
            person__is_active=True,
        )
        .exclude(person__user__username=DEMO_SECRETARY)
        .select_related("person")
        .order_by("kind", "node__path", "pk")
    )
    people: list[Person] = []
    for kind in (Role.Kind.LEADER, Role.Kind.GENERAL_SECRETARY, Role.Kind.SECRETARY):
        limit = 4 if kind == Role.Kind.SECRETARY else 1
        chosen = [r.person for r in roles if r.kind == kind][:limit]
        people += [p for p in chosen if p not in people]
    for i, person in enumerate(people):
        services.duty_report_save(
            campaign=campaign,
            person=person,
            by=person.user or office,
            text=DUTY_TEXT,
            submit=i != len(people) - 1,  # the last one is still a draft
        )
    services.duty_round_sync(campaign=campaign, by=office)


@transaction.atomic
def _model_posts(campaign, office) -> None:
    from evaluations.awards import selectors as award_selectors

    members = list(
        award_selectors.model_post_people(campaign).select_related("branch")[:60:20]
    )
    since = max(campaign.phase4_start, campaign.phase1_start)
    for (name, text), person in zip(POSTS, members, strict=False):
        services.model_post_save(
            campaign=campaign,
            by=office,
            person=person,
            post_name=name,
            description=text,
            since=since,
        )


@transaction.atomic
def _exchange(campaign, office) -> None:
    from evaluations.awards import selectors as award_selectors
    from pledges.demo.commitments import pdf_bytes

    units = list(
        award_selectors.exchange_units(campaign).filter(kind=Organization.Kind.BRANCH)[
            :3
        ]
    )
    services.exchange_save(
        campaign=campaign,
        by=office,
        held_on=min(
            campaign.phase5_end,
            max(
                campaign.phase2_start,
                campaign.phase3_start - datetime.timedelta(days=7),
            ),
        ),
        title="跨部门创先争优经验交流会",
        summary=(
            "三个支部分别介绍了“党员先锋岗”“党建+科研攻关”“支部联建共建”的做法，"
            "与会同志围绕把组织生活融入科研生产进行了交流。会议要求各支部互学互鉴，"
            "把好经验固化为长效机制。"
        ),
        units=units,
        files=[
            SimpleUploadedFile(
                "交流材料.pdf", pdf_bytes("Exchange"), content_type="application/pdf"
            )
        ],
    )
