"""Fixtures of the campaign, plan and pledge tests: an academy over two institutes."""

import pytest

from organizations.models import Organization
from tests.factories import unit
from tests.pledges.academy import Academy, place_under, reload
from tests.pledges.builders import make_campaign


@pytest.fixture(name="academy")
def academy_fixture(inst, other_inst) -> Academy:
    """An academy holding this year's campaign over both institutes (no other one)."""
    top = unit("青岚科学院", Organization.Kind.ACADEMY, None)
    for i in (inst, other_inst):
        place_under(top, i.institute)
        reload(i)
    top.refresh_from_db()
    return Academy(top, make_campaign(top))
