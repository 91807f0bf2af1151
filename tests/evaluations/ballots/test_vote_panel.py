"""The home's vote panel counts what the vote page lists: its SQL is compiled once per
shape of voter with stand-in keys (selectors.tallies.waiting_count), so it must give
every voter, of every shape, the ORM's count, and follow their own ballots."""

import pytest

from core import rows
from evaluations.ballots import selectors, services
from evaluations.ballots.selectors import raters, tallies
from evaluations.models import Round, Target, TargetRule
from tests.evaluations.ballots.builders import (
    answers_for,
    make_every_rule_round,
    make_round,
)

pytestmark = pytest.mark.django_db

VOTERS = ("staff", "member", "secretary", "gsec", "othermember", "othersec")


def _orm_count(voter) -> int:
    q = raters.voter_targets_q(voter)
    if q is None:
        return 0
    return Target.objects.filter(q).exclude(raters.voted_q(voter)).count()


def test_the_count_is_the_orms_for_every_shape_of_voter(inst):
    make_round(inst)  # department branches, branch members
    make_every_rule_round(inst)
    rows._kept.clear()
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


def test_the_vote_list_is_the_orms_for_every_shape_of_voter_and_page(inst, settings):
    """The vote list's rows and count (raters.VoterTargetRows) are compiled once per
    shape of voter too: every voter, every filter and every page must get exactly
    the ORM's rows, in order, with the same values; a cast ballot moves its target
    from "to do" to "done"."""
    from django.core.paginator import Paginator
    from django.db.models import F

    K = TargetRule.Kind
    round = make_round(inst)
    make_round(
        inst,
        kind=Round.Kind.DUTY_REPORT,
        rules=[
            {"kind": K.OWN_BRANCH},
            {"kind": K.FIXED_UNIT, "unit": inst.union},
            {"kind": K.FIXED_PERSON, "person": inst.people["secretary"]},
        ],
    )
    fields = ("pk", "round_id", "unit_id", "person_id", "name", "voted")
    shown = {"round_title": F("round__title"), "closes_on": F("round__closes_on")}

    def both(voter, voted, per_page):
        ours = Paginator(
            raters.VoterTargetRows(voter, voted, *fields, **shown), per_page
        )
        orm = Paginator(
            raters.voter_targets(voter=voter, voted=voted).values(*fields, **shown),
            per_page,
        )
        assert ours.count == orm.count
        return [
            (list(ours.page(n).object_list), list(orm.page(n).object_list))
            for n in orm.page_range
        ]

    rows._kept.clear()
    seen = 0
    for _ in range(2):  # compiled, then from the process's SQL
        for key in VOTERS:
            voter = inst.people[key]
            for voted in (None, False, True):
                for ours, orm in both(voter, voted, per_page=2):
                    assert ours == orm, (key, voted)
                    seen += len(orm)
    assert seen

    voter = inst.people["member"]
    target = selectors.eligible_targets(round=round, voter=voter).first()
    todo = {row["pk"] for row in raters.VoterTargetRows(voter, False, *fields)[0:100]}
    services.ballot_cast(
        round=round, voter=voter, target=target, answers=answers_for(round)
    )
    done = {row["pk"] for row in raters.VoterTargetRows(voter, True, *fields)[0:100]}
    assert target.pk in todo and target.pk in done
    assert target.pk not in {
        row["pk"] for row in raters.VoterTargetRows(voter, False, *fields)[0:100]
    }
