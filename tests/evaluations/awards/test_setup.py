"""Builders and fixtures of the award tests (import what you use), and their own checks.

Scores are written directly (``score``) where a test is about the proposal rules, so
each number and grade is the test's own; the award cycle tests use real scoring.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.awards import services
from evaluations.models import RectificationItem, Score
from evaluations.scoring.selectors import unit_category
from organizations.models import Organization, Person
from pledges.models import CriteriaSet
from tests.factories import PersonFactory, unit
from tests.pledges.builders import make_campaign
from tests.shared import fresh

VETO_LINE = "发生严重违纪、造成恶劣影响"


def title(campaign, code: str) -> CriteriaSet:
    return campaign.criteria_sets.get(code=code)


def score(campaign, subject, value, *, grade="good", vetoed=False, rank=None):
    """A stored score of a unit or member, as the scoring would leave it."""
    if isinstance(subject, Person):
        branch = subject.branch
        key, label = unit_category(
            Organization.Kind.BRANCH,
            "party",
            branch.category_id,
            branch.category.name if branch.category_id else None,
        )
        owner = {"person": subject}
    else:
        key, label = unit_category(
            subject.kind,
            subject.family,
            subject.category_id,
            subject.category.name if subject.category_id else None,
        )
        owner = {"unit": subject}
    breakdown = [{"source": "total", "kind": "total", "label": "", "level": 0}]
    if vetoed:
        breakdown.append(
            {
                "source": "veto",
                "kind": "mark",
                "label": VETO_LINE,
                "level": 1,
                "cap": "poor",
            }
        )
    return Score.objects.create(
        campaign=campaign,
        name=subject.name,
        category_key=key,
        category_label=label,
        score=None if value is None else Decimal(str(value)),
        grade=grade or "",
        vetoed=vetoed,
        rank=rank,
        computed_at=timezone.now(),
        inputs_digest=f"test-{subject.pk}-{value}",
        inputs={},
        breakdown=breakdown,
        **owner,
    )


def rank_all(campaign) -> None:
    """Rank every score within its group, best first (as the scoring does)."""
    groups: dict[str, list[Score]] = {}
    for s in Score.objects.filter(campaign=campaign).order_by("-score", "name"):
        groups.setdefault((s.person_id is None, s.category_key), []).append(s)
    for rows in groups.values():
        for i, s in enumerate(rows, start=1):
            s.rank = i
            s.save(update_fields=["rank"])


def branches(inst, n: int, *, prefix="新支部") -> list[Organization]:
    """n more research branches under the general branch."""
    return [
        unit(f"{prefix}{i}", Organization.Kind.BRANCH, inst.gb, category=inst.category)
        for i in range(n)
    ]


def members(inst, n: int, *, branch=None, prefix="M") -> list[Person]:
    return [
        PersonFactory(
            institute=inst.institute,
            name=f"党员{prefix}{i}",
            staff_no=f"{prefix}{i:05d}",
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=branch or inst.branch,
            department=inst.department,
        )
        for i in range(n)
    ]


def rectification(campaign, unit_, *, owner=None, title_="台账资料不全", status="open"):
    return RectificationItem.objects.create(
        campaign=campaign,
        unit=unit_,
        source=RectificationItem.Source.OTHER,
        source_ref="test",
        title=title_,
        owner=owner,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        status=status,
    )


def set_quota(campaign, by, code: str, count: int, category_key: str = ""):
    criteria_set = title(campaign, code)
    return services.quotas_set(
        campaign=campaign,
        by=by,
        counts={(criteria_set.pk, category_key): count},
    )


@pytest.fixture(name="campaign")
def campaign_fixture(shared_campaign, inst, copies):
    return fresh(copies, shared_campaign, make_campaign, inst.institute)


@pytest.fixture(name="office")
def office_fixture(inst):
    return inst.user("office")


@pytest.fixture(name="leader")
def leader_fixture(inst):
    return inst.user("leader")


@pytest.fixture(name="proposed")
def proposed_fixture(inst, campaign, office):
    """Three scored branches, a branch quota of 2: proposed (branch, other_branch)."""
    score(campaign, inst.branch, 95, grade="excellent")
    score(campaign, inst.other_branch, 88)
    score(campaign, inst.lone_branch, 70, grade="average")
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 2)
    return services.awards_propose(campaign=campaign, by=office)


@pytest.fixture(name="submitted")
def submitted_fixture(proposed, office):
    return services.award_list_submit(award_list=proposed, by=office)


@pytest.fixture(name="signed")
def signed_fixture(submitted, leader):
    return services.award_list_sign_off(award_list=submitted, by=leader)


def test_it_writes_scores_the_proposal_can_read(inst, campaign):
    row = score(campaign, inst.branch, 91.5, grade="excellent")
    assert row.category_key == f"category:{inst.category.pk}"
    assert row.score == Decimal("91.5")


def test_it_ranks_scores_within_their_group(inst, campaign):
    score(campaign, inst.branch, 80)
    score(campaign, inst.other_branch, 90)
    rank_all(campaign)
    ranks = dict(Score.objects.values_list("unit_id", "rank"))
    assert ranks == {inst.other_branch.pk: 1, inst.branch.pk: 2}
