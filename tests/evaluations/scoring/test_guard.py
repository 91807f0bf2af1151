"""A frozen criteria set refuses edits made through the pledges item editor too."""

import pytest
from django.core.exceptions import ValidationError

from evaluations.scoring.services import criteria_set_freeze
from pledges import services as pledge_services
from tests.evaluations.scoring.builders import party_set


def test_it_refuses_renaming_an_item_of_a_frozen_set(campaign, inst):
    criteria_set = party_set(campaign)
    criteria_set_freeze(criteria_set=criteria_set, by=inst.user("office"))
    item = criteria_set.criteria.first()
    with pytest.raises(ValidationError):
        pledge_services.criterion_save(
            criteria_set=criteria_set, name="改名", criterion=item
        )
    item.refresh_from_db()
    assert item.name != "改名"


def test_it_refuses_removing_an_item_of_a_frozen_set(campaign, inst):
    criteria_set = party_set(campaign)
    criteria_set_freeze(criteria_set=criteria_set, by=inst.user("office"))
    item = criteria_set.criteria.first()
    with pytest.raises(ValidationError):
        pledge_services.criterion_delete(criterion=item)
    assert criteria_set.criteria.filter(pk=item.pk).exists()


def test_it_still_edits_an_open_set(campaign):
    criteria_set = party_set(campaign)
    item = criteria_set.criteria.first()
    pledge_services.criterion_save(
        criteria_set=criteria_set, name="新名", criterion=item
    )
    item.refresh_from_db()
    assert item.name == "新名"
