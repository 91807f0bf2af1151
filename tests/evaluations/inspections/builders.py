"""Builders for the inspection, rectification and review tests (import what you use)."""

import datetime

from django.utils import timezone

from evaluations.inspections import services
from evaluations.models import Finding, InspectionKind, InspectionRound
from organizations.models import BranchCategory, Organization, Person
from tests.factories import PersonFactory, unit
from tests.pledges.builders import make_campaign

RESEARCH = BranchCategory.Code.RESEARCH
ORGAN = BranchCategory.Code.ORGAN


def campaign_of(inst):
    return make_campaign(inst.institute)


def open_round(campaign, *, quarter=1, sizes=None, total=0, by=None, draw=True):
    """An open round; with ``sizes`` (per category) or ``total`` its spot check is set
    and (unless ``draw=False``) drawn after opening, as the office does in public."""
    round = services.inspection_round_plan(campaign=campaign, quarter=quarter)
    if sizes:
        services.spot_check_configure(
            round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes=sizes
        )
    elif total:
        services.spot_check_configure(
            round=round, mode=InspectionRound.SampleMode.PROPORTIONAL, total=total
        )
    round = services.inspection_round_open(campaign=campaign, quarter=quarter, by=by)
    if draw and (sizes or total):
        services.spot_check_draw(round=round, by=by, witnesses=WITNESSES)
    return round


WITNESSES = "纪委委员 王明；职工代表 李华"


def finding(round, unit_, rating=Finding.Rating.POOR, *, by=None, text="发现问题"):
    return services.finding_record(
        round=round,
        unit=unit_,
        kind=InspectionKind.ROUTINE,
        rating=rating,
        text=text,
        found_on=timezone.localdate(),
        by=by,
    )


def deadline(days=14) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def rectification(inst, round, *, by=None, evidence="", title="整改三会一课记录"):
    poor = finding(round, inst.branch, by=by)
    return services.rectification_open(
        unit=inst.branch,
        source=poor,
        title=title,
        owner=inst.people["secretary"],
        deadline=deadline(),
        evidence_required=evidence,
        by=by,
    )


def more_branches(inst, n, *, prefix="加支部") -> list[Organization]:
    """n more research branches under the general branch, each with two members."""
    made = []
    for i in range(n):
        branch = unit(
            f"{prefix}{i}",
            Organization.Kind.BRANCH,
            inst.gb,
            category=inst.category,
            department=inst.department,
        )
        for _j in range(2):
            PersonFactory(
                institute=inst.institute,
                department=inst.department,
                branch=branch,
                political_status=Person.PoliticalStatus.PARTY_FULL,
            )
        made.append(branch)
    return made
