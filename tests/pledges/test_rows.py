"""Rows added in place on the plan and pledge forms (htmx)."""

import pytest
from django.urls import reverse

from pledges.models import Status
from tests.pledges.builders import make_plan, make_pledge

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def pledge(inst, campaign):
    return make_pledge(
        campaign, inst.branch, inst.people["member"], inst.user("member")
    )


def test_it_adds_a_blank_item_row_and_counts_it(client, inst, pledge):
    client.force_login(inst.user("member"))
    url = reverse("pledges:pledge_row", args=[pledge.pk])
    body = client.get(url, {"items-TOTAL_FORMS": "3"}).content.decode()
    assert 'name="items-3-text"' in body
    assert 'name="items-3-criterion"' in body
    assert 'name="items-TOTAL_FORMS" value="4"' in body
    assert 'hx-swap-oob="true"' in body


def test_it_stops_at_the_row_limit(client, inst, pledge):
    client.force_login(inst.user("member"))
    url = reverse("pledges:pledge_row", args=[pledge.pk])
    body = client.get(url, {"items-TOTAL_FORMS": "50"}).content.decode()
    assert "At most 50 rows" in body
    assert "items-50-text" not in body


def test_it_treats_a_bad_count_as_zero(client, inst, pledge):
    client.force_login(inst.user("member"))
    url = reverse("pledges:pledge_row", args=[pledge.pk])
    body = client.get(url, {"items-TOTAL_FORMS": "-1x"}).content.decode()
    assert 'name="items-0-text"' in body


def test_it_adds_plan_rows_only_for_those_who_edit_it(client, inst, campaign):
    plan = make_plan(campaign, inst.branch, inst.user("secretary"))
    url = reverse("pledges:plan_row", args=[plan.pk, "milestones"])
    client.force_login(inst.user("secretary"))
    assert 'name="milestones-0-due_on"' in client.get(url).content.decode()
    bad = reverse("pledges:plan_row", args=[plan.pk, "nothing"])
    assert client.get(bad).status_code == 404
    client.force_login(inst.user("member"))
    assert client.get(url).status_code in (403, 404)


def test_it_offers_no_rows_while_awaiting_approval(client, inst, campaign):
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.SUBMITTED,
    )
    client.force_login(inst.user("member"))
    url = reverse("pledges:pledge_row", args=[pledge.pk])
    assert client.get(url).status_code == 404


def test_it_keeps_the_user_on_the_form_after_saving(client, inst, pledge):
    client.force_login(inst.user("member"))
    url = reverse("pledges:pledge_edit", args=[pledge.pk])
    data = {
        "revision": pledge.revision,
        "plans": "p",
        "direction": "d",
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).url == url
    data["revision"] = pledge.revision + 1
    data["finish"] = "1"
    assert client.post(url, data).url == pledge.get_absolute_url()
