"""The demo's assessment of leading bodies (evaluations.demo.assessment.seed), after
the other demo seeders, and its pages reached by links from the navigation."""

from collections import defaultdict

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from evaluations.demo import assessment as demo_assessment
from evaluations.models import BodyAssessment, LeadershipAssessment
from organizations import demo
from organizations.models import Role, User
from pledges.demo import demo_campaign
from tests.pages import crawl


@pytest.fixture(scope="module")
def demo_institute(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        institute = demo.demo_build()
        demo.demo_seeders_run(institute=institute)
        yield institute
        transaction.set_rollback(True)


@pytest.fixture
def campaign(demo_institute, db):
    return demo_campaign(demo_institute)


def test_it_seeds_an_open_assessment_with_the_secretarys_achievements(campaign):
    assessment = LeadershipAssessment.objects.get(campaign=campaign)
    assert not assessment.is_published
    branch = Role.objects.get(
        person__user__username="secretary", kind=Role.Kind.SECRETARY
    ).node
    row = assessment.bodies.get(body=branch)
    assert row.is_submitted
    assert assessment.bodies.filter(marked_at__isnull=False).count() == 6
    assert not assessment.bodies.filter(computed_at__isnull=True).exists()


def test_seeding_again_changes_nothing(demo_institute, campaign):
    before = BodyAssessment.objects.count()
    demo_assessment.seed(demo_institute)
    assert BodyAssessment.objects.count() == before
    assert LeadershipAssessment.objects.count() == 1


def test_every_page_is_reached_by_a_link_and_answers(campaign):
    seen = defaultdict(set)
    statuses = {}
    for username in ("office", "leader", "secretary"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        statuses |= {
            f"{username} {url}": status
            for url, status in crawl(
                client, reverse("assessment:index"), seen, limit=40
            ).items()
            if status >= 400
        }
    assert statuses == {}
    assert {
        "assessment:list",
        "assessment:items",
        "assessment:body",
        "assessment:achievements",
    } <= set(seen)
