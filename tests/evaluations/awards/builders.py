"""Builders of the award tests: scores, ranks, quotas, members, rectifications."""

import datetime
from decimal import Decimal

from django.utils import timezone

from evaluations.awards import services
from evaluations.models import RectificationItem, Score
from evaluations.scoring.selectors import unit_category
from organizations.models import Organization, Person
from pledges.models import CriteriaSet
from tests.factories import PersonFactory, unit

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


def write_deeds(award_list, by, *, skip: int = 0) -> int:
    """Write the deeds (先进事迹) of every winner on the list but the first ``skip``."""
    from evaluations.awards import services
    from evaluations.models import AwardCandidate

    winners = list(
        award_list.candidates.filter(state=AwardCandidate.State.SELECTED).order_by("pk")
    )
    for candidate in winners[skip:]:
        services.nomination_save(
            candidate=candidate, by=by, deeds=f"{candidate.name}：争创成效显著。"
        )
    return len(winners) - skip
