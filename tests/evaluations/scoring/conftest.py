"""Fixtures of the scoring tests: the campaign's scoring lines."""

import pytest

from tests.evaluations.scoring.builders import add_lines


@pytest.fixture(name="lines")
def lines_fixture(campaign, inst):
    return add_lines(campaign, by=inst.user("office"))
