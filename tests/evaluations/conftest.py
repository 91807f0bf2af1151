"""Fixtures of the secret evaluation: an open round in the small test institute."""

import pytest

from tests.evaluations.ballots.builders import make_round


@pytest.fixture
def open_round(inst):
    """Open mass evaluation: staff rate their department's branches, members their
    branch's members; k = 3."""
    return make_round(inst)


@pytest.fixture(autouse=True)
def english(english):
    """The root ``english`` fixture (tests/conftest.py), for every test of this folder."""
    return english
