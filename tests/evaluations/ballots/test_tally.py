"""The counting logic on its own: no database."""

from decimal import Decimal

import pytest

from evaluations.ballots.tally import mean_of, tally

SCALE = [4, 3, 2, 1]


def test_it_rounds_a_mean_half_up_to_three_places():
    assert mean_of({4: 1, 3: 2}) == Decimal("3.333")
    assert mean_of({4: 1, 1: 1, 2: 0}) == Decimal("2.500")
    assert mean_of({4: 0}) is None


def test_it_counts_every_level_per_question():
    [result] = tally(
        ballots={7: 5},
        answers=[(7, 1, 4, 3), (7, 1, 2, 2), (7, 2, 3, 5)],
        question_ids=[1, 2],
        scale=SCALE,
        k=5,
    )
    first, second = result.questions
    assert first.counts == {4: 3, 3: 0, 2: 2, 1: 0}
    assert first.mean == Decimal("3.200")
    assert second.mean == Decimal("3.000")
    assert result.mean == Decimal("3.100")
    assert (result.ballots, result.withheld) == (5, False)


def test_it_withholds_a_target_below_k():
    [result] = tally(
        ballots={7: 4}, answers=[(7, 1, 4, 4)], question_ids=[1], scale=SCALE, k=5
    )
    assert result.withheld
    assert result.mean is None
    assert result.questions == []


def test_it_reports_a_target_without_ballots_as_withheld():
    [result] = tally(ballots={9: 0}, answers=[], question_ids=[1], scale=SCALE, k=2)
    assert (result.target_id, result.ballots, result.withheld) == (9, 0, True)


def test_it_refuses_a_rating_off_the_scale():
    with pytest.raises(ValueError):
        tally(
            ballots={7: 5}, answers=[(7, 1, 5, 1)], question_ids=[1], scale=SCALE, k=1
        )


def test_it_refuses_an_answer_to_an_unknown_question():
    with pytest.raises(ValueError):
        tally(
            ballots={7: 5}, answers=[(7, 3, 4, 1)], question_ids=[1], scale=SCALE, k=1
        )
