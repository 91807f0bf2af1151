"""The per-request cache: one lookup per GET request, nothing kept from one request to
the next, and no caching at all outside a GET request."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.request_cache import memo
from core.versioned_cache import FIGURES, bump
from pledges.selectors import current_campaign
from tests.pledges.builders import make_campaign


def campaign_queries(ctx) -> int:
    return sum(1 for q in ctx.captured_queries if 'FROM "pledges_campaign"' in q["sql"])


def test_it_computes_every_time_outside_a_request():
    calls = []
    assert memo("k", lambda: calls.append(1) or len(calls)) == 1
    assert memo("k", lambda: calls.append(1) or len(calls)) == 2


def test_it_finds_a_campaign_created_after_an_earlier_lookup(inst):
    assert current_campaign(inst.institute) is None
    campaign = make_campaign(inst.institute)
    assert current_campaign(inst.institute) == campaign


def test_it_looks_the_campaign_up_once_per_kind_for_a_whole_home_page(client, inst):
    make_campaign(inst.institute)
    client.force_login(inst.user("secretary"))
    client.get(reverse("home"))
    bump(FIGURES)  # as a write would: the campaigns are read again, once
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    # Nine panels want a campaign, the current one or the newest: both are found among
    # the campaigns over the institute, read once.
    assert campaign_queries(ctx) == 1


def test_it_sees_a_campaign_created_between_two_requests(client, inst):
    client.force_login(inst.user("office"))
    before = client.get(reverse("home")).content.decode()
    make_campaign(inst.institute, theme="新的主题做研发先锋")
    after = client.get(reverse("home")).content.decode()
    assert "新的主题做研发先锋" not in before
    assert "新的主题做研发先锋" in after
