"""The evaluation demo data (evaluations.demo.ballots.seed)."""

import pytest
from django.db import transaction
from django.urls import reverse

from evaluations.ballots import selectors
from evaluations.demo import ballots as evaluation_demo
from evaluations.models import (
    Ballot,
    Participation,
    Round,
    StagedBallot,
    TargetTally,
)
from organizations import demo
from organizations.models import Person


@pytest.fixture(scope="module")
def demo_institute(django_db_setup, django_db_blocker):
    """The demo institute with the evaluation demo, built once and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        institute = demo.demo_build()
        evaluation_demo.seed(institute)
        yield institute
        transaction.set_rollback(True)


@pytest.fixture
def institute(demo_institute, db):
    return demo_institute


def test_it_seeds_a_tallied_mass_evaluation_with_one_target_below_k(institute):
    round = Round.objects.get(institute=institute, kind=Round.Kind.MASS)
    assert round.status == Round.Status.TALLIED
    assert not StagedBallot.objects.filter(round=round).exists()
    shown = TargetTally.objects.filter(round=round, withheld=False)
    assert shown.count() >= 3
    assert all(t.ballots >= round.k and t.mean for t in shown)
    withheld = TargetTally.objects.filter(round=round, withheld=True, ballots__gt=0)
    assert withheld.count() == 1
    assert Ballot.objects.filter(round=round).count() == (
        Participation.objects.filter(round=round).count()
    )


def test_it_seeds_an_open_round_for_the_member_and_staff_accounts(institute):
    round = Round.objects.get(institute=institute, kind=Round.Kind.DEMOCRATIC)
    assert round.is_open
    for username in ("member", "staff"):
        voter = Person.objects.get(user__username=username)
        waiting = selectors.voter_targets(voter=voter, voted=False)
        assert waiting.filter(round=round).exists(), username


def test_it_changes_nothing_when_seeded_again(institute):
    before = (
        Round.objects.count(),
        Participation.objects.count(),
        Ballot.objects.count(),
        StagedBallot.objects.count(),
    )
    evaluation_demo.seed(institute)
    after = (
        Round.objects.count(),
        Participation.objects.count(),
        Ballot.objects.count(),
        StagedBallot.objects.count(),
    )
    assert after == before


def test_it_lets_the_demo_staff_open_the_vote_page(client, institute):
    client.force_login(Person.objects.get(user__username="staff").user)
    response = client.get(reverse("evaluations:vote"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1


def test_it_shows_the_demo_tallies_to_the_leader(client, institute):
    round = Round.objects.get(institute=institute, kind=Round.Kind.MASS)
    client.force_login(Person.objects.get(user__username="leader").user)
    body = client.get(reverse("evaluations:tallies", args=[round.pk])).content.decode()
    assert 'data-testid="withheld"' in body
