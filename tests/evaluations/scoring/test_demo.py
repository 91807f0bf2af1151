"""The scoring demo data (evaluations.demo.scoring.seed), after the other demo seeders."""

import pytest
from django.db import transaction

from evaluations.demo import scoring as demo_scoring
from evaluations.models import (
    DaitouRating,
    Score,
    ScoreRun,
    ScoreSheet,
    ScoringLine,
    SheetMark,
)
from evaluations.scoring import services
from organizations import demo
from organizations.models import Role
from pledges.demo import demo_campaign


@pytest.fixture(scope="module")
def demo_institute(django_db_setup, django_db_blocker):
    """The demo institute with every demo seeder run, built once and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        institute = demo.demo_build()
        demo.demo_seeders_run(institute=institute)
        yield institute
        transaction.set_rollback(True)


@pytest.fixture
def campaign(demo_institute, db):
    return demo_campaign(demo_institute)


@pytest.mark.parametrize(
    "code", ["party_branch", "union_unit", "league_unit", "women_unit"]
)
def test_it_seeds_a_scoring_sheet_of_100_points(campaign, code):
    lines = ScoringLine.objects.filter(
        criteria_set__campaign=campaign, criteria_set__code=code
    )
    regular = lines.filter(kind=ScoringLine.Kind.REGULAR)
    assert sum(line.max_points for line in regular) == 100
    assert {line.kind for line in lines} == set(ScoringLine.Kind.values)


def test_it_leaves_the_union_accounts_sheet_for_it_to_fill(campaign):
    union_ids = Role.objects.filter(
        person__user__username=demo.DEMO_UNION, kind=Role.Kind.UNION_OFFICER
    ).values_list("node_id", flat=True)
    assert union_ids
    assert not ScoreSheet.objects.filter(campaign=campaign, unit__in=union_ids).exists()


def test_it_seeds_sheets_in_every_state(campaign):
    states = set(
        ScoreSheet.objects.filter(campaign=campaign).values_list("status", flat=True)
    )
    assert {
        ScoreSheet.Status.SELF_ASSESSED,
        ScoreSheet.Status.MARKED,
        ScoreSheet.Status.DONE,
    } <= states
    assert SheetMark.objects.filter(sheet__campaign=campaign, triggered=True).exists()


def test_it_leaves_the_demo_secretary_a_sheet_to_fill_in(campaign):
    branch_ids = Role.objects.filter(
        person__user__username=demo.DEMO_SECRETARY, kind=Role.Kind.SECRETARY
    ).values_list("node_id", flat=True)
    assert branch_ids
    assert not ScoreSheet.objects.filter(
        campaign=campaign, unit__in=branch_ids
    ).exists()


def test_it_computes_and_publishes_scores_that_verify(campaign):
    assert ScoreRun.objects.get(campaign=campaign).is_published
    assert Score.objects.filter(campaign=campaign, score__isnull=False).count() > 10
    assert DaitouRating.objects.filter(campaign=campaign).exists()
    assert all(row["equal"] for row in services.scores_verify(campaign=campaign))


def test_it_changes_nothing_when_seeded_again(demo_institute, campaign):
    def state():
        return (
            ScoringLine.objects.count(),
            SheetMark.objects.count(),
            DaitouRating.objects.count(),
            list(
                Score.objects.order_by("pk").values_list("pk", "score", "computed_at")
            ),
        )

    before = state()
    demo_scoring.seed(demo_institute)
    assert state() == before
