"""The awards demo data (evaluations.demo.awards.seed), after the other demo seeders, and
a crawl of the demo showing every award page is reached by a link and answers."""

import re
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from evaluations.demo import awards as demo_awards
from evaluations.models import (
    AwardCandidate,
    AwardList,
    AwardQuota,
    DutyReport,
    ExchangeSession,
    ModelPost,
    Nomination,
    Round,
)
from organizations import demo
from organizations.models import User
from pledges.demo import demo_campaign
from tests.pages import crawl


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


def test_it_seeds_a_list_awaiting_sign_off(campaign):
    award_list = AwardList.objects.get(campaign=campaign)
    assert award_list.status == AwardList.Status.SUBMITTED
    assert award_list.snapshot is not None
    assert award_list.candidates.filter(state=AwardCandidate.State.SELECTED).exists()
    assert AwardQuota.objects.filter(campaign=campaign).count() >= 3


def test_it_builds_the_proposal_from_the_demo_scores(campaign):
    award_list = AwardList.objects.get(campaign=campaign)
    system = award_list.candidates.filter(origin=AwardCandidate.Origin.SYSTEM)
    assert system.exists()
    assert all(c.snapshot_score_id for c in system)


def test_it_seeds_a_hand_added_candidate_and_deeds(campaign):
    award_list = AwardList.objects.get(campaign=campaign)
    assert award_list.candidates.filter(origin=AwardCandidate.Origin.OFFICE).exists()
    assert Nomination.objects.filter(award_list=award_list).exists()


def test_it_seeds_duty_reports_and_their_draft_round(campaign):
    reports = DutyReport.objects.filter(campaign=campaign)
    assert reports.filter(submitted_at__isnull=False).exists()
    assert reports.filter(submitted_at__isnull=True).exists()
    assert not reports.filter(person__user__username=demo.DEMO_SECRETARY).exists()
    round = Round.objects.get(campaign=campaign, kind=Round.Kind.DUTY_REPORT)
    assert round.is_draft
    assert round.targets.count() == reports.filter(submitted_at__isnull=False).count()


def test_it_seeds_model_posts_and_an_exchange_with_a_file(campaign):
    assert ModelPost.objects.filter(campaign=campaign).count() == 3
    session = ExchangeSession.objects.get(campaign=campaign)
    assert session.files.count() == 1
    assert session.units.exists()


def test_it_changes_nothing_when_seeded_again(demo_institute, campaign):
    def counts():
        return (
            AwardList.objects.count(),
            AwardCandidate.objects.count(),
            Nomination.objects.count(),
            DutyReport.objects.count(),
            ModelPost.objects.count(),
            ExchangeSession.objects.count(),
            Round.objects.count(),
        )

    before = counts()
    demo_awards.seed(demo_institute)
    assert counts() == before


def award_patterns() -> list[str]:
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == "awards":
            return [f"awards:{p.name}" for p in entry.url_patterns]
    return []


# Award pages the demo institute does not reach, with why (tested on their own in
# tests/evaluations/awards/test_committees.py and test_academy.py).
NOT_IN_DEMO = {
    # the demo's nominations carry no attachment
    "awards:nomination_file",
    # pages of academy campaigns only: the demo's campaign is held at its institute
    "awards:recommend",
    "awards:recommendations",
    "awards:recommendation_quotas",
}


def test_it_links_every_award_page_from_the_demo(campaign):
    """The demo's list awaits sign-off, so the adjustment pages show once the office
    recalls it (a POST); everything else is linked as the demo stands."""
    seen = defaultdict(set)
    for username in ("office", "leader", "gsec", "secretary", "member", "staff"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        crawl(client, reverse("awards:index"), seen, limit=250)
    office = Client()
    office.force_login(User.objects.get(username="office"))
    assert not {"awards:candidate_remove", "awards:candidate_add"} & set(seen)
    office.post(reverse("awards:recall", args=[campaign.pk]))
    crawl(office, reverse("awards:list", args=[campaign.pk]), seen, limit=60)
    # "Put on the list" shows on rows that are off the list: make sure there is one
    # whatever the demo's scores came to today.
    award_list = AwardList.objects.get(campaign=campaign)
    selected = award_list.candidates.filter(state=AwardCandidate.State.SELECTED).first()
    response = office.post(
        reverse("awards:candidate_remove", args=[campaign.pk, selected.pk]),
        {"reason": "名额调整"},
    )
    assert response.status_code == 302
    # The adjustment links sit on the rows; the navigation's links come first in a
    # page, so open the list filtered by each state too (a link counts once found).
    for state in AwardCandidate.State.values:
        url = reverse("awards:list", args=[campaign.pk]) + f"?state={state}"
        crawl(office, url, seen, limit=1)
    missing = []
    for name in award_patterns():
        if name in seen or name in NOT_IN_DEMO:
            continue
        route = next(
            str(p.pattern)
            for e in get_resolver().url_patterns
            if getattr(e, "namespace", None) == "awards"
            for p in e.url_patterns
            if p.name == name.split(":")[1]
        )
        sample = "/" + re.sub(r"<(?:int:)?[^>]+>", "1", route)
        if office.get(sample).status_code == 405:
            continue  # POST-only
        missing.append(name)
    assert missing == []
