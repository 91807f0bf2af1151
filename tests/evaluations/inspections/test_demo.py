"""The inspection demo data (evaluations.demo.inspections.seed)."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evaluations.demo import inspections as demo_inspections
from evaluations.inspections import services
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionRound,
    RectificationItem,
    Review,
    ReviewRound,
    SpotCheckDraw,
)
from organizations import demo
from organizations.models import Organization, Person
from pledges.demo import commitments as pledges_demo


@pytest.fixture(scope="module")
def demo_institute(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo institute with its campaign and the inspection demo, rolled back after."""
    from django.conf import settings

    media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), transaction.atomic():
        institute = demo.demo_build()
        pledges_demo.seed(institute)
        demo_inspections.seed(institute)
        yield institute
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = media


@pytest.fixture
def institute(demo_institute, db):
    return demo_institute


def _campaign(institute):
    return InspectionRound.objects.get(campaign__scope=institute, quarter=1).campaign


def test_it_seeds_a_finished_first_quarter_with_a_verifiable_spot_check(institute):
    round = InspectionRound.objects.get(campaign__scope=institute, quarter=1)
    assert round.status == InspectionRound.Status.CLOSED
    draw = SpotCheckDraw.objects.get(round=round)
    assert draw.seed_source == SpotCheckDraw.SeedSource.TYPED
    assert draw.witnesses
    assert services.spot_check_verify(draw=draw)["matches"]
    drawn = set(draw.sample_ids())
    assert drawn <= set(round.findings.values_list("unit_id", flat=True))


def test_it_seeds_findings_of_every_rating(institute):
    ratings = set(
        Finding.objects.filter(round__campaign__scope=institute).values_list(
            "rating", flat=True
        )
    )
    assert ratings == {"good", "average", "poor"}


def test_it_seeds_open_answered_and_overdue_rectification(institute):
    items = RectificationItem.objects.filter(campaign__scope=institute)
    assert items.filter(status=RectificationItem.Status.ANSWERED).exists()
    overdue = items.filter(
        status=RectificationItem.Status.OPEN, deadline__lt=timezone.localdate()
    )
    assert overdue.count() == 1
    assert overdue.get().escalated_at is not None
    assert services.open_rectification_units(campaign=_campaign(institute))


def test_it_leaves_the_demo_secretary_an_item_to_answer(institute):
    secretary = Person.objects.get(user__username=demo.DEMO_SECRETARY)
    item = RectificationItem.objects.get(owner=secretary)
    assert item.status == RectificationItem.Status.OPEN
    assert not item.is_overdue()


def test_it_seeds_help_items_for_average_units(institute):
    assert HelpItem.objects.filter(campaign__scope=institute).exists()


def test_it_seeds_a_review_round_done_for_most(institute):
    round = ReviewRound.objects.get(campaign__scope=institute, half=1)
    branches = Organization.objects.filter(
        institute=institute, kind=Organization.Kind.BRANCH, is_active=True
    ).count()
    reviewed = Review.objects.filter(round=round, unit__isnull=False).count()
    assert branches * 0.7 < reviewed < branches
    assert Review.objects.filter(round=round, acknowledged_at__isnull=False).exists()
    assert Review.objects.filter(round=round, acknowledged_at__isnull=True).exists()


def test_it_leaves_the_demo_member_a_review_to_acknowledge(client, institute):
    member = Person.objects.get(user__username=demo.DEMO_MEMBER)
    review = Review.objects.get(person=member)
    assert review.acknowledged_at is None
    client.force_login(member.user)
    assert client.get(review.get_absolute_url()).status_code == 200


def test_it_shows_the_office_the_finished_round(client, institute):
    round = InspectionRound.objects.get(campaign__scope=institute, quarter=1)
    client.force_login(Person.objects.get(user__username=demo.DEMO_OFFICE).user)
    page = client.get(round.get_absolute_url()).content.decode()
    assert 'data-testid="sample-list"' in page
    assert client.get(reverse("inspections:rectifications")).status_code == 200


def test_it_changes_nothing_when_seeded_again(institute):
    def counts():
        return (
            InspectionRound.objects.count(),
            SpotCheckDraw.objects.count(),
            Finding.objects.count(),
            RectificationItem.objects.count(),
            HelpItem.objects.count(),
            ReviewRound.objects.count(),
            Review.objects.count(),
        )

    before = counts()
    demo_inspections.seed(institute)
    assert counts() == before
