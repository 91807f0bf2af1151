"""Builders and fixtures of the award tests (import what you use), and their own checks.

Scores are written directly (``score``) where a test is about the proposal rules, so
each number and grade is the test's own; the award cycle tests use real scoring.
"""

from decimal import Decimal

from evaluations.models import Score
from tests.evaluations.awards.builders import rank_all, score


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
