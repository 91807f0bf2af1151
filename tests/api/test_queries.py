"""Every list of the API runs the same number of queries whatever its size."""

import datetime

import pytest

from evaluations.scoring import services as scoring_services
from pledges.models import Campaign
from tests.api.builders import as_user
from tests.evaluations.ballots.builders import make_round
from tests.pledges.builders import add_branches, make_campaign

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/organisations/",
    "/api/v1/people/",
    "/api/v1/campaigns/",
    "/api/v1/plans/",
    "/api/v1/pledges/",
    "/api/v1/rounds/",
    "/api/v1/scores/",
]


def grow(inst, campaign, n):
    """n more branches (with members, plans and pledges), rounds and past campaigns,
    and the scores computed and published again."""
    add_branches(inst, n, campaign=campaign)
    for _ in range(n):
        make_round(inst)
        year = 2000 + Campaign.objects.count()
        make_campaign(inst.institute, start=datetime.date(year, 3, 1))
    scoring_services.scores_compute(campaign=campaign)
    scoring_services.scores_publish(campaign=campaign, by=inst.user("office"))


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("role", ["office", "gsec"])
def test_it_keeps_the_query_count_of_a_list_fixed(
    client, inst, django_assert_max_num_queries, django_assert_num_queries, url, role
):
    campaign = make_campaign(inst.institute)
    grow(inst, campaign, 1)
    as_user(client, inst.user(role))
    with django_assert_max_num_queries(20) as small:
        first = client.get(url)
    grow(inst, campaign, 4)
    with django_assert_num_queries(len(small.captured_queries)):
        second = client.get(url)
    if first.status_code == 200:
        assert second.json()["count"] > first.json()["count"]
    else:
        assert second.status_code == first.status_code


def test_it_keeps_the_query_count_of_a_members_lists_fixed(
    client, inst, django_assert_max_num_queries, django_assert_num_queries
):
    campaign = make_campaign(inst.institute)
    grow(inst, campaign, 1)
    as_user(client, inst.user("member"))
    for url in ("/api/v1/organisations/", "/api/v1/plans/", "/api/v1/pledges/"):
        with django_assert_max_num_queries(20) as small:
            client.get(url)
        grow(inst, campaign, 3)
        with django_assert_num_queries(len(small.captured_queries)):
            client.get(url)
