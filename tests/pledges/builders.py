"""Fixtures and builders for the campaign, plan and pledge tests (import what you use)."""

import datetime

from django.utils import timezone

from organizations import services as org_services
from organizations.models import MassMembership, Organization, Person
from pledges import services
from pledges.models import Criterion, Status
from tests.factories import person, unit
from tests.pledges.factories import filed_plan, filed_pledge


def make_campaign(institute, *, start=None, year=None, theme="做研发先锋，当创新标兵"):
    start = start or timezone.localdate() - datetime.timedelta(days=45)
    return services.campaign_create(
        scope=institute,
        year=year or start.year,
        theme=theme,
        **services.campaign_default_dates(start=start),
    )


def fill_plan(plan, by, *, measures=1):
    owner = plan.unit.party_members.first()
    return services.plan_update(
        plan=plan,
        by=by,
        revision=plan.revision,
        focus=plan.focus or "争创重点",
        targets=plan.targets or "效果目标",
        measures=[
            {"id": m.pk, "text": m.text, "owner": owner, "due_on": m.due_on}
            for m in plan.measures.all()
        ]
        + [
            {"text": f"措施{i}", "owner": owner, "due_on": plan.campaign.phase2_end}
            for i in range(measures)
        ],
        milestones=[
            {"id": m.pk, "due_on": m.due_on, "text": m.text}
            for m in plan.milestones.all()
        ],
    )


def make_plan(campaign, unit_, by, *, state=Status.DRAFT, approver=None):
    """A plan moved to ``state`` through the real workflow."""
    plan = services.plan_create(campaign=campaign, unit=unit_, by=by)
    return advance(plan, state, by=by, approver=approver, kind="plan")


def first_criterion(pledge):
    return Criterion.objects.filter(
        criteria_set=pledge.criteria_set, parent__isnull=True
    ).first()


def fill_pledge(pledge, by, *, items=1, due_on=None):
    crit = first_criterion(pledge)
    return services.pledge_update(
        pledge=pledge,
        by=by,
        revision=pledge.revision,
        plans=pledge.plans or "具体打算",
        direction=pledge.direction or "努力方向",
        items=[
            {
                "text": f"承诺{i}",
                "target": "完成两项",
                "due_on": due_on or pledge.campaign.phase2_end,
                "criterion": crit,
            }
            for i in range(items)
        ],
    )


def make_pledge(campaign, unit_, person_, by, *, state=Status.DRAFT, approver=None):
    pledge = services.pledge_create(
        campaign=campaign, unit=unit_, person=person_, by=by
    )
    return advance(pledge, state, by=by, approver=approver, kind="pledge")


def advance(obj, state, *, by, approver, kind):
    if state == Status.DRAFT:
        return obj
    fill = fill_plan if kind == "plan" else fill_pledge
    obj = fill(obj, by)
    step = {
        name: getattr(services, f"{kind}_{name}")
        for name in ("submit", "return", "approve", "publish")
    }
    obj = step["submit"](**{kind: obj}, by=by)
    if state == Status.SUBMITTED:
        return obj
    if state == Status.RETURNED:
        return step["return"](**{kind: obj}, by=approver, reason="请细化措施")
    obj = step["approve"](**{kind: obj}, by=approver)
    if state == Status.APPROVED:
        return obj
    return step["publish"](**{kind: obj}, by=approver)


def add_branches(inst, n, *, campaign=None, published=True):
    """Add ``n`` branches under the general branch, each with a member and, optionally,
    a published plan and pledge."""
    K = Organization.Kind
    gsec = inst.user("gsec")
    made = []
    for i in range(n):
        branch = unit(
            f"加支部{i}-{Organization.objects.count()}",
            K.BRANCH,
            inst.gb,
            category=inst.category,
            department=inst.department,
        )
        member = person(
            inst.institute,
            f"m{branch.pk}",
            account=False,
            department=inst.department,
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=branch,
        )
        if campaign is not None and published:
            filed_plan(campaign, branch, gsec)
            filed_pledge(campaign, branch, member, gsec)
        made.append(branch)
    return made


def league_setup(inst):
    """A league committee and branch, an officer for each and a league member."""
    K = Organization.Kind
    committee = unit("团委", K.LEAGUE_COMMITTEE, inst.institute, led_by=inst.committee)
    branch = unit("团支部", K.LEAGUE_BRANCH, committee, led_by=inst.committee)
    officer = person(inst.institute, "leagueofficer", department=inst.department)
    branch_officer = person(inst.institute, "leaguebranch", department=inst.department)
    youth = person(
        inst.institute,
        "youth",
        department=inst.department,
        political_status=Person.PoliticalStatus.LEAGUE,
    )
    MassMembership.objects.create(person=youth, unit=branch)
    from organizations.models import Role

    org_services.role_grant(
        person=officer, kind=Role.Kind.LEAGUE_OFFICER, node=committee
    )
    org_services.role_grant(
        person=branch_officer, kind=Role.Kind.LEAGUE_OFFICER, node=branch
    )
    return committee, branch, officer.user, branch_officer.user, youth
