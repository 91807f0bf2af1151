"""An institute campaign beneath an academy campaign: inherit, then only tighten."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pledges import services
from pledges.models import Campaign, Criterion
from pledges.services.academy import (
    create_institute_campaign_from,
    criteria_check_tightens,
)
from tests.pledges.builders import make_campaign

pytestmark = pytest.mark.django_db


def test_it_copies_the_calendar_and_criteria(academy, inst):
    parent = academy.campaign
    child = create_institute_campaign_from(parent, inst.institute)

    assert child.parent == parent and child.scope == inst.institute
    for field in Campaign.DATE_FIELDS + Campaign.SETTING_FIELDS:
        assert getattr(child, field) == getattr(parent, field)
    assert sorted(child.criteria_sets.values_list("code", flat=True)) == sorted(
        parent.criteria_sets.values_list("code", flat=True)
    )
    assert Criterion.objects.filter(criteria_set__campaign=child).count() == (
        Criterion.objects.filter(criteria_set__campaign=parent).count()
    )


def test_it_refuses_an_institute_outside_or_a_campaign_not_at_an_academy(academy, inst):
    from tests.factories import build_institute

    outsider = build_institute("丙研究所", prefix="z")
    with pytest.raises(ValidationError):
        create_institute_campaign_from(academy.campaign, outsider.institute)
    with pytest.raises(ValidationError):
        create_institute_campaign_from(
            make_campaign(outsider.institute), inst.institute
        )


def test_it_takes_earlier_deadlines_and_refuses_later_ones(academy, inst):
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    earlier = child.award_deadline - datetime.timedelta(days=1)

    services.campaign_update(campaign=child, award_deadline=earlier, min_ballots=7)
    assert child.award_deadline == earlier

    with pytest.raises(ValidationError) as error:
        services.campaign_update(
            campaign=child,
            phase5_end=academy.campaign.phase5_end + datetime.timedelta(days=3),
        )
    assert "phase5_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=child, min_ballots=2, separate_duties=False)
    assert {"min_ballots", "separate_duties"} <= set(error.value.message_dict)
    child.refresh_from_db()
    assert child.award_deadline == earlier and child.min_ballots == 7


def test_it_refuses_removed_items_and_lighter_weights(academy, inst):
    parent = academy.campaign
    item = Criterion.objects.filter(criteria_set__campaign=parent).first()
    Criterion.objects.filter(pk=item.pk).update(weight=Decimal("0.3"))
    child = create_institute_campaign_from(parent, inst.institute)
    own = Criterion.objects.get(
        criteria_set__campaign=child,
        criteria_set__code=item.criteria_set.code,
        code=item.code,
    )
    # Heavier, and an item of its own: tighter, accepted.
    Criterion.objects.filter(pk=own.pk).update(weight=Decimal("0.5"))
    services.criterion_save(criteria_set=own.criteria_set, name="本所加项")
    criteria_check_tightens(child)

    Criterion.objects.filter(pk=own.pk).update(weight=Decimal("0.1"))
    with pytest.raises(ValidationError):
        criteria_check_tightens(child)
    Criterion.objects.filter(pk=own.pk).update(weight=Decimal("0.5"))

    leaf = (
        Criterion.objects.filter(criteria_set__campaign=child, children__isnull=True)
        .exclude(name="本所加项")
        .first()
    )
    with pytest.raises(ValidationError):
        services.criterion_delete(criterion=leaf)
    assert Criterion.objects.filter(pk=leaf.pk).exists()
    # The institute's own item goes freely.
    services.criterion_delete(
        criterion=Criterion.objects.get(criteria_set=own.criteria_set, name="本所加项")
    )


def test_the_institute_office_adopts_with_the_button(client, academy, inst, other_inst):
    url = reverse("pledges:campaign", args=[academy.campaign.pk])
    client.force_login(inst.user("office"))
    page = client.get(url)
    assert b'data-testid="campaign-adopt"' in page.content

    answer = client.post(reverse("pledges:campaign_adopt", args=[academy.campaign.pk]))
    child = Campaign.objects.get(scope=inst.institute, year=academy.campaign.year)
    assert answer.status_code == 302 and answer.url == child.get_absolute_url()
    assert child.parent == academy.campaign
    # Adopted once: the button is gone, a second post is refused.
    assert b'data-testid="campaign-adopt"' not in client.get(url).content
    again = client.post(reverse("pledges:campaign_adopt", args=[academy.campaign.pk]))
    assert again.status_code == 403
    assert (
        b'data-testid="campaign-parent"' in client.get(child.get_absolute_url()).content
    )


@pytest.mark.parametrize("who", ["member", "secretary", "leader"])
def test_only_an_institute_office_adopts(client, academy, inst, who):
    client.force_login(inst.user(who))
    answer = client.post(reverse("pledges:campaign_adopt", args=[academy.campaign.pk]))
    assert answer.status_code == 403
    assert not Campaign.objects.filter(parent=academy.campaign).exists()


def test_the_academy_office_cannot_adopt_for_an_institute(client, academy, inst):
    client.force_login(academy.user)
    answer = client.post(
        reverse("pledges:campaign_adopt", args=[academy.campaign.pk]),
        {"institute": inst.institute.pk},
    )
    assert answer.status_code == 403


def test_adopt_is_post_only(client, academy, inst):
    client.force_login(inst.user("office"))
    answer = client.get(reverse("pledges:campaign_adopt", args=[academy.campaign.pk]))
    assert answer.status_code == 405
