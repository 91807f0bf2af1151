"""One definition of a campaign quarter: the calendar's defaults, the round's period, the
dates of its findings and the round list all agree (campaign years need not be
calendar years)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations.inspections import services
from evaluations.models import Finding, InspectionKind
from pledges.services import campaign_default_dates
from tests.evaluations.inspections.builders import campaign_of
from tests.pledges.builders import make_campaign

D = datetime.date
pytestmark = pytest.mark.usefixtures("english")


def test_it_starts_the_first_quarter_with_the_campaign():
    dates = campaign_default_dates(start=D(2026, 10, 22))
    assert [dates[f"quarter{n}_on"] for n in range(1, 5)] == [
        D(2026, 10, 22),
        D(2027, 1, 1),
        D(2027, 4, 1),
        D(2027, 7, 1),
    ]


def test_it_runs_each_quarter_to_the_day_before_the_next(inst):
    campaign = make_campaign(inst.institute, start=D(2026, 10, 22))
    assert campaign.quarter_span(1) == (D(2026, 10, 22), D(2026, 12, 31))
    assert campaign.quarter_span(2) == (D(2027, 1, 1), D(2027, 3, 31))
    assert campaign.quarter_span(4) == (D(2027, 7, 1), D(2027, 9, 30))
    # findings of October and November 2026 fall in the first quarter
    assert campaign.quarter_of(D(2026, 11, 3)) == 1
    assert campaign.quarter_of(D(2027, 4, 1)) == 3
    assert campaign.quarter_of(D(2026, 10, 1)) is None


def test_it_shows_each_round_with_its_quarter_of_the_campaign(client, inst):
    campaign = make_campaign(inst.institute, start=D(2026, 10, 22))
    round = services.inspection_round_open(campaign=campaign, quarter=2)
    client.force_login(inst.user("office"))
    listing = client.get(
        reverse("inspections:rounds") + f"?campaign={campaign.pk}"
    ).content.decode()
    assert 'data-testid="quarter-span-1">2026-10-22 – 2026-12-31<' in listing
    assert 'data-testid="quarter-span-2">2027-01-01 – 2027-03-31<' in listing
    page = client.get(round.get_absolute_url()).content.decode()
    assert "2027-01-01 – 2027-03-31" in page.split('data-testid="round-span"')[1]


def test_it_refuses_a_finding_dated_outside_its_rounds_quarter(client, inst):
    campaign = campaign_of(inst)  # started 45 days ago: today is in quarter 1
    today = timezone.localdate()
    assert campaign.quarter_of(today) == 1
    later = services.inspection_round_open(campaign=campaign, quarter=2)
    client.force_login(inst.user("office"))
    url = (
        reverse("inspections:finding_create", args=[later.pk])
        + f"?unit={inst.branch.pk}"
    )
    response = client.post(
        url,
        {
            "kind": InspectionKind.ROUTINE,
            "rating": Finding.Rating.GOOD,
            "text": "检查情况",
            "found_on": today.isoformat(),
        },
    )
    start, end = later.span
    assert response.status_code == 200
    assert response.context["form"].errors["found_on"] == [
        f"{later} covers {start.isoformat()} to {end.isoformat()}; date the finding "
        "within that quarter, or record it in the round of its quarter."
    ]
    assert not Finding.objects.filter(round=later).exists()
    first = services.inspection_round_open(campaign=campaign, quarter=1)
    response = client.post(
        reverse("inspections:finding_create", args=[first.pk])
        + f"?unit={inst.branch.pk}",
        {
            "kind": InspectionKind.ROUTINE,
            "rating": Finding.Rating.GOOD,
            "text": "检查情况",
            "found_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    assert Finding.objects.filter(round=first, found_on=today).exists()


def test_it_moves_an_old_campaigns_first_quarter_to_its_start(inst):
    import importlib

    from django.apps import apps

    from pledges.models import Campaign

    campaign = make_campaign(inst.institute, start=D(2026, 10, 22))
    Campaign.objects.filter(pk=campaign.pk).update(quarter1_on=D(2027, 1, 1))
    migration = importlib.import_module(
        "pledges.migrations.0003_first_quarter_starts_with_the_campaign"
    )
    migration.forwards(apps, None)
    campaign.refresh_from_db()
    assert campaign.quarter1_on == D(2026, 10, 22)
    assert campaign.quarter_of(D(2026, 11, 3)) == 1
