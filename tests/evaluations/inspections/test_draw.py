"""The spot-check draw from a typed seed, on a round of its own (the page tests in
test_views.py share one campaign with its round already drawn)."""

import pytest
from django.urls import reverse

from evaluations.inspections import services
from evaluations.models import InspectionRound, SpotCheckDraw
from tests.evaluations.inspections.builders import RESEARCH, campaign_of


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_draws_from_a_typed_seed_and_shows_seed_rule_and_sample(client, inst):
    campaign = campaign_of(inst)
    round = services.inspection_round_open(campaign=campaign, quarter=1)
    services.spot_check_configure(
        round=round, mode=InspectionRound.SampleMode.PER_STRATUM, sizes={RESEARCH: 1}
    )
    client.force_login(inst.user("office"))
    page = client.get(round.get_absolute_url()).content.decode()
    assert 'data-testid="draw-sample"' in page
    response = client.post(
        reverse("inspections:round_draw", args=[round.pk]),
        {"seed": "424242", "witnesses": "纪检委员"},
    )
    assert response.status_code == 302
    draw = SpotCheckDraw.objects.get(round=round)
    assert draw.seed == "424242"
    page = client.get(round.get_absolute_url()).content.decode()
    assert 'data-testid="sample-seed">424242<' in page
    assert 'data-testid="sample-list"' in page
    assert 'data-testid="redraw-verify"' in page
    drawn = draw.sample[RESEARCH][0]
    assert f'data-unit="{drawn}"' in page
