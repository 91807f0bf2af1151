"""Demo data of the secret evaluation (演示数据), called by ``seed_demo``.

Two rounds for the demo institute, each made once (a second run changes nothing):

- a mass evaluation of the party branches (群众评议), closed, mixed and tallied: staff of
  each department rated the branches serving it, most branches on enough ballots to
  show a tally, one on fewer than k so its tally is withheld;
- an open democratic evaluation (党员民主评议) with the leading group head's duty report
  (述职述廉): members rate the members of their branch, everyone rates the report, so
  the ``member`` and ``staff`` demo accounts have something to vote on.

Ballots go through the real staging and mixing; only the per-ballot checks of
``ballot_cast`` are skipped, for speed.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from evaluations.ballots import services
from evaluations.models import Participation, Round, StagedBallot, Target, TargetRule
from organizations.models import Organization, Person, Role
from pledges.demo import demo_campaign

MASS_QUESTIONS = [
    ("B1", "班子建设好：政治引领、自身建设"),
    ("B2", "党员队伍好：坚持学习、作用发挥"),
    ("B3", "工作机制好：制度健全、保密安全"),
    ("B4", "工作业绩好：推动发展、改革创新"),
    ("B5", "群众反映好：凝聚人心、服务保障"),
]
DEMOCRATIC_QUESTIONS = [
    ("M1", "带头学习提高"),
    ("M2", "带头创新攻关"),
    ("M3", "带头服务群众"),
    ("M4", "带头促进和谐"),
    ("M5", "带头弘扬正气"),
]
K = 5


def seed(institute: Organization) -> None:
    """Add the two demo rounds to ``institute`` unless it has them already."""
    rng = random.Random(f"evaluations-{institute.pk}")  # nosec B311 - demo data
    campaign = demo_campaign(institute)
    if not Round.objects.filter(institute=institute, kind=Round.Kind.MASS).exists():
        _seed_closed_mass_round(institute, campaign, rng)
    if not Round.objects.filter(
        institute=institute, kind=Round.Kind.DEMOCRATIC
    ).exists():
        _seed_open_democratic_round(institute, campaign, rng)


def _round(institute, campaign, *, kind, title, opens_on, closes_on, questions):
    round = services.round_create(
        scope=institute,
        kind=kind,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        k=K,
        campaign=campaign,
        year=campaign.year if campaign else opens_on.year,
        instructions="请按照实际情况客观公正地评价，评议结果严格保密。",
    )
    for order, (code, text) in enumerate(questions):
        services.question_add(round=round, code=code, text=text, order=order)
    return round


@transaction.atomic
def _stage(rng, round, pairs, *, quality: dict, first_day, last_day) -> None:
    """Write has-voted rows and staged ballots for (voter, target) pairs in bulk."""
    span = max((last_day - first_day).days, 0)
    questions = list(round.questions.all())
    levels = [4, 3, 2, 1]
    participations, staged = [], []
    for voter_id, target in pairs:
        q = quality[target.pk]
        weights = [q, 0.55 * (1 - q) + 0.2, 0.3 * (1 - q), 0.05]
        participations.append(
            Participation(
                voter_id=voter_id,
                round=round,
                target=target,
                voted_on=first_day + datetime.timedelta(days=rng.randint(0, span)),
            )
        )
        staged.append(
            StagedBallot(
                round=round,
                target=target,
                receipt=services.code_new(services.RECEIPT_LENGTH),
                answers={
                    str(question.pk): rng.choices(levels, weights=weights)[0]
                    for question in questions
                },
                comment="",
            )
        )
    Participation.objects.bulk_create(participations, batch_size=500)
    rng.shuffle(staged)
    StagedBallot.objects.bulk_create(staged, batch_size=500)


def _seed_closed_mass_round(institute, campaign, rng) -> None:
    today = timezone.localdate()
    opens_on = today - datetime.timedelta(days=45)
    closes_on = today - datetime.timedelta(days=31)
    round = _round(
        institute,
        campaign,
        kind=Round.Kind.MASS,
        title=f"{opens_on.year}年度群众评议（党支部）",
        opens_on=opens_on,
        closes_on=closes_on,
        questions=MASS_QUESTIONS,
    )
    services.rule_add(round=round, kind=TargetRule.Kind.DEPARTMENT_BRANCHES)
    services.round_open(round=round)
    targets = list(
        Target.objects.filter(round=round).select_related("unit").order_by("name")
    )
    staff_of: dict[int, list[int]] = {}
    for pk, department_id in Person.objects.filter(
        institute=institute, is_active=True, department__isnull=False
    ).values_list("pk", "department_id"):
        staff_of.setdefault(department_id, []).append(pk)
    # One branch ends on fewer than k ballots: its tally is withheld.
    below_k = next(
        (t for t in targets if len(staff_of.get(t.unit.department_id, [])) >= K), None
    )
    pairs = []
    quality = {}
    for target in targets:
        pool = staff_of.get(target.unit.department_id, [])
        quality[target.pk] = rng.uniform(0.45, 0.9)
        n = K - 2 if target is below_k else min(len(pool), rng.randint(8, 18))
        pairs.extend((voter, target) for voter in rng.sample(pool, min(n, len(pool))))
    _stage(rng, round, pairs, quality=quality, first_day=opens_on, last_day=closes_on)
    services.round_close(round=round)
    services.round_tally(round=round)


def _seed_open_democratic_round(institute, campaign, rng) -> None:
    today = timezone.localdate()
    opens_on = today - datetime.timedelta(days=3)
    round = _round(
        institute,
        campaign,
        kind=Round.Kind.DEMOCRATIC,
        title=f"{today.year}年度党员民主评议暨领导班子述职述廉测评",
        opens_on=opens_on,
        closes_on=today + datetime.timedelta(days=45),
        questions=DEMOCRATIC_QUESTIONS,
    )
    services.rule_add(round=round, kind=TargetRule.Kind.BRANCH_MEMBERS)
    head = (
        Role.objects.filter(kind=Role.Kind.LEADER, node__institute=institute)
        .select_related("person")
        .order_by("order", "pk")
        .first()
    )
    if head is not None:
        services.rule_add(
            round=round, kind=TargetRule.Kind.FIXED_PERSON, person=head.person
        )
    services.round_open(round=round)
    # Some members without an account have already voted: turnout shows, and the
    # targets with k staged ballots are mixed, as the periodic mixing would.
    members = list(
        Person.objects.filter(
            institute=institute,
            is_active=True,
            user__isnull=True,
            political_status__in=Person.PARTY_STATUSES,
        ).values_list("pk", "branch_id")
    )
    by_person = {
        t.person_id: t
        for t in Target.objects.filter(
            round=round, person__isnull=False
        ).select_related("person")
    }
    colleagues: dict[int, list[Target]] = {}
    for target in by_person.values():
        colleagues.setdefault(target.person.branch_id, []).append(target)
    quality = {t.pk: rng.uniform(0.5, 0.9) for t in by_person.values()}
    head_target = by_person.get(head.person_id) if head else None
    pairs: dict[tuple[int, int], Target] = {}
    for voter_id, branch_id in members:
        if rng.random() > 0.35:
            continue
        for target in colleagues.get(branch_id, []):
            if target.person_id != voter_id and rng.random() < 0.6:
                pairs[voter_id, target.pk] = target
        if head_target is not None and voter_id != head_target.person_id:
            pairs[voter_id, head_target.pk] = head_target
    _stage(
        rng,
        round,
        [(voter_id, target) for (voter_id, _t), target in pairs.items()],
        quality=quality,
        first_day=opens_on,
        last_day=today,
    )
    services.round_mix(round=round)
