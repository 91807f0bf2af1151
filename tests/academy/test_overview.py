"""The academy's office overview: institutes side by side, a fixed number of queries,
and nobody else opens it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.services.academy import create_institute_campaign_from
from tests.factories import build_institute
from tests.pledges.academy import place_under
from tests.pledges.builders import make_plan

pytestmark = pytest.mark.django_db

URL = reverse("academy:overview")


def test_it_shows_both_institutes_side_by_side(client, academy, inst, other_inst):
    create_institute_campaign_from(academy.campaign, other_inst.institute)
    make_plan(academy.campaign, inst.branch, inst.user("secretary"))
    client.force_login(academy.user)
    page = client.get(URL)

    assert page.status_code == 200
    columns = page.context["columns"]
    assert [c["institute"] for c in columns] == [inst.institute, other_inst.institute]
    assert columns[0]["campaign"] is None and columns[1]["campaign"] is not None
    assert columns[0]["plans_due"] == 3 and columns[1]["plans_due"] == 3
    html = page.content.decode()
    assert inst.institute.name in html and other_inst.institute.name in html
    assert 'data-testid="academy-overview"' in html


def test_it_links_to_no_institute_page(client, academy, inst, other_inst):
    client.force_login(academy.user)
    html = client.get(URL).content.decode()
    # The overview itself (the navigation bar is the user's own, as a staff member).
    html = html[html.index('data-testid="academy-overview"') :]
    html = html[: html.index("</table>")]
    assert "href=" not in html
    for i in (inst, other_inst):
        for unit in (i.institute, i.branch, i.committee):
            assert reverse("organizations:unit", args=[unit.pk]) not in html
    assert "/vote/" not in html and "/rounds/" not in html and "/people/" not in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    return len(ctx.captured_queries)


def test_it_keeps_a_fixed_query_count_whatever_the_number_of_institutes(
    client, academy, inst, other_inst
):
    client.force_login(academy.user)
    _queries(client)  # warm the per-process caches
    two = _queries(client)
    third = build_institute("丁研究所", prefix="d")
    place_under(academy.unit, third.institute)
    create_institute_campaign_from(academy.campaign, other_inst.institute)
    _queries(client)  # the writes above made the shared figures stale: warm again
    three = _queries(client)

    assert len(client.get(URL).context["columns"]) == 3
    assert three == two
    assert two <= 30  # one grouped query per figure + 4 for the recommendations


def test_it_keeps_its_figures_until_an_institute_writes(
    client, academy, inst, other_inst
):
    from pledges.models import Status

    client.force_login(academy.user)
    cold = _queries(client)
    assert 'data-testid="plans-filed">0 / 3 ' in client.get(URL).content.decode()
    warm = _queries(client)
    assert cold - warm >= 10 and warm <= 14  # the figures come from the shared cache

    make_plan(
        academy.campaign, inst.branch, inst.user("secretary"), state=Status.SUBMITTED
    )
    page = client.get(URL)
    assert [c["plans_filed"] for c in page.context["columns"]] == [1, 0]
    html = page.content.decode()  # the shared table too
    assert 'data-testid="plans-filed">1 / 3 ' in html


@pytest.mark.parametrize("who", ["office", "leader", "secretary", "member", "staff"])
def test_no_institute_role_opens_it(client, academy, inst, who):
    client.force_login(inst.user(who))
    assert client.get(URL).status_code == 403


def test_the_navigation_offers_it_to_the_academy_office_only(client, academy, inst):
    client.force_login(academy.user)
    assert URL in client.get(reverse("home"), follow=True).content.decode()
    client.force_login(inst.user("office"))
    assert URL not in client.get(reverse("home")).content.decode()


def test_it_counts_the_mass_units_information_reports_per_institute(
    client, academy, inst, other_inst
):
    from organizations.models import Organization
    from pledges.models import InfoReport
    from tests.factories import unit

    union = unit("甲所工会", Organization.Kind.UNION, inst.institute)
    for month in (1, 2):
        InfoReport.objects.create(
            unit=union,
            year=academy.campaign.year,
            month=month,
            title="报送",
            text="内容",
        )
    client.force_login(academy.user)
    columns = client.get(URL).context["columns"]
    assert [c["info_reports"] for c in columns] == [2, 0]
