"""The home's vote panel counts what the vote page lists: its SQL is compiled once per
shape of voter with stand-in keys (selectors.tallies.waiting_count), so it must give
every voter, of every shape, the ORM's count, and follow their own ballots."""

import pytest

from core import rows
from evaluations.ballots import selectors, services
from evaluations.ballots.selectors import raters, tallies
from evaluations.models import Round, Target, TargetRule
from tests.evaluations.ballots.builders import answers_for, make_round

pytestmark = pytest.mark.django_db

VOTERS = ("staff", "member", "secretary", "gsec", "othermember", "othersec")


def _orm_count(voter) -> int:
    q = raters.voter_targets_q(voter)
    if q is None:
        return 0
    return Target.objects.filter(q).exclude(raters.voted_q(voter)).count()


def test_the_count_is_the_orms_for_every_shape_of_voter(inst):
    K, V = TargetRule.Kind, TargetRule.Voters
    make_round(inst)  # department branches, branch members
    make_round(
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
    rows._compiled.clear()
    counts = {}
    for _ in range(2):  # compiled, then from the process's SQL
        for key in VOTERS:
            voter = inst.people[key]
            counts[key] = tallies.waiting_count(voter)
            assert counts[key] == _orm_count(voter), key
    assert any(counts.values())


def test_the_count_follows_ones_own_ballot(inst):
    round = make_round(inst)
    voter = inst.people["member"]
    before = tallies.waiting_count(voter)
    target = selectors.eligible_targets(round=round, voter=voter).first()
    services.ballot_cast(
        round=round, voter=voter, target=target, answers=answers_for(round)
    )
    assert tallies.waiting_count(voter) == before - 1 == _orm_count(voter)
