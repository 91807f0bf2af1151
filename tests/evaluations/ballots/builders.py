"""Builders of the secret evaluation: rounds, targets, ballots, staff without accounts."""

import datetime

from django.utils import timezone

from evaluations.ballots import services
from evaluations.models import Round, Target, TargetRule
from organizations.models import Person
from tests.factories import PersonFactory

QUESTIONS = [("Q1", "政治引领好"), ("Q2", "服务群众好"), ("Q3", "工作业绩好")]


def make_round(inst, *, kind=Round.Kind.MASS, k=3, rules=None, opened=True) -> Round:
    today = timezone.localdate()
    round = services.round_create(
        scope=inst.institute,
        kind=kind,
        title="2024年度群众评议",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=10),
        k=k,
    )
    for i, (code, text) in enumerate(QUESTIONS):
        services.question_add(round=round, code=code, text=text, order=i)
    for rule in (
        rules
        if rules is not None
        else [
            {"kind": TargetRule.Kind.DEPARTMENT_BRANCHES},
            {"kind": TargetRule.Kind.BRANCH_MEMBERS},
        ]
    ):
        services.rule_add(round=round, **rule)
    if opened:
        services.round_open(round=round)
    round.refresh_from_db()
    return round


def make_every_rule_round(inst) -> Round:
    """An open duty-report round with the rule kinds ``make_round`` leaves out: own
    branch, mass units, fixed units and fixed people, some for party members only
    (every shape of voter the compiled vote queries are keyed by)."""
    K, V = TargetRule.Kind, TargetRule.Voters
    return make_round(
        inst,
        kind=Round.Kind.DUTY_REPORT,
        rules=[
            {"kind": K.OWN_BRANCH},
            {"kind": K.MASS_UNITS},
            {"kind": K.FIXED_UNIT, "unit": inst.union},
            {"kind": K.FIXED_UNIT, "unit": inst.other_branch, "voters": V.PARTY},
            {"kind": K.FIXED_PERSON, "person": inst.people["secretary"]},
            {"kind": K.FIXED_PERSON, "person": inst.people["gsec"], "voters": V.PARTY},
        ],
    )


def answers_for(round, rating=4) -> dict:
    return {q.pk: rating for q in round.questions.all()}


def target_of(round, unit=None, person=None) -> Target:
    if unit is not None:
        return Target.objects.get(round=round, unit=unit)
    return Target.objects.get(round=round, person=person)


def cast(round, voter, target, rating=4, comment="") -> str:
    return services.ballot_cast(
        round=round,
        voter=voter,
        target=target,
        answers=answers_for(round, rating),
        comment=comment,
    )


def staff_of(inst, n, *, department=None, prefix="S") -> list[Person]:
    """n plain staff without accounts in a department (default: the first one)."""
    return [
        PersonFactory(
            institute=inst.institute,
            department=department or inst.department,
            staff_no=f"{prefix}{i:05d}",
        )
        for i in range(n)
    ]


def slip_codes(round, inst, n, *, prefix="P") -> list[str]:
    """A slip each for n staff without accounts in the first department (the
    institute's ``paper`` person and n − 1 more)."""
    staff_of(inst, n - 1, prefix=prefix)
    codes = services.slips_generate(round=round, unit=inst.department)
    assert len(codes) == n
    return codes
