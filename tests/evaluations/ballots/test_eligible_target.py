"""The ballot's eligibility check (selectors.eligible_target) is compiled once per
round, rules and shape of voter with stand-in keys: for every voter of every shape and
every target of the round (and one of another round, and none) it must answer what the
ORM's ``eligible_targets(...).filter(pk=…).first()`` answers; so must ``has_voted``."""

import pytest

from core import rows
from evaluations.ballots import selectors, services
from evaluations.models import Round, Target, TargetRule
from tests.evaluations.ballots.builders import (
    answers_for,
    make_every_rule_round,
    make_round,
)

pytestmark = pytest.mark.django_db

VOTERS = ("staff", "member", "secretary", "gsec", "othermember", "othersec", "office")


def _orm(round, voter, pk):
    return selectors.eligible_targets(round=round, voter=voter).filter(pk=pk).first()


def _rounds(inst):
    mass = make_round(inst)  # department branches, branch members
    return mass, make_every_rule_round(inst)


def test_it_answers_as_the_orm_for_every_voter_and_target(inst):
    rounds = _rounds(inst)
    pks = [*Target.objects.values_list("pk", flat=True), 10**12]
    rows._kept.clear()
    admitted = 0
    for _ in range(2):  # compiled, then from the process's SQL
        for round in rounds:
            for key in VOTERS:
                voter = inst.people[key]
                for pk in pks:
                    ours = selectors.eligible_target(
                        round=round, voter=voter, target_pk=pk
                    )
                    orm = _orm(round, voter, pk)
                    assert (ours and ours.pk) == (orm and orm.pk), (round, key, pk)
                    if ours is not None:
                        assert (ours.round_id, ours.unit_id, ours.person_id) == (
                            orm.round_id,
                            orm.unit_id,
                            orm.person_id,
                        )
                        assert ours.name == orm.name
                        admitted += 1
    assert admitted  # some targets are eligible, some are not
    assert admitted < 2 * len(rounds) * len(VOTERS) * len(pks)


def test_it_follows_a_rule_changed_in_place(inst):
    """The compiled query is keyed by what the rules say, not only by their keys."""
    K = TargetRule.Kind
    round = make_round(
        inst,
        kind=Round.Kind.DUTY_REPORT,
        rules=[{"kind": K.FIXED_UNIT, "unit": inst.union}],
    )
    voter = inst.people["staff"]
    union = Target.objects.get(round=round, unit=inst.union)
    assert selectors.eligible_target(round=round, voter=voter, target_pk=union.pk)
    rule = round.rules.get()
    rule.unit = inst.other_branch
    rule.save()
    other = Target.objects.create(round=round, unit=inst.other_branch, name="x")
    round = Round.objects.get(pk=round.pk)
    assert (
        selectors.eligible_target(round=round, voter=voter, target_pk=union.pk) is None
    )
    found = selectors.eligible_target(round=round, voter=voter, target_pk=other.pk)
    assert found is not None and found.pk == other.pk


def test_has_voted_follows_the_cast(inst):
    round, _duty = _rounds(inst)
    voter = inst.people["member"]
    target = selectors.eligible_targets(round=round, voter=voter).first()
    other = selectors.eligible_targets(round=round, voter=voter).last()
    assert target is not None and other is not None and target.pk != other.pk
    assert not selectors.has_voted(round=round, voter=voter, target=target)
    services.ballot_cast(
        round=round, voter=voter, target=target, answers=answers_for(round)
    )
    assert selectors.has_voted(round=round, voter=voter, target=target)
    assert not selectors.has_voted(round=round, voter=voter, target=other)
    assert not selectors.has_voted(
        round=round, voter=inst.people["staff"], target=target
    )
