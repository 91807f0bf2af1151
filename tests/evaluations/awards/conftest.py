"""Fixtures of the award tests: the office and the leader, and an award list proposed, submitted and signed off."""

import pytest

from evaluations.awards import services
from tests.evaluations.awards.builders import rank_all, score, set_quota, write_deeds


@pytest.fixture(name="office")
def office_fixture(inst):
    return inst.user("office")


@pytest.fixture(name="leader")
def leader_fixture(inst):
    return inst.user("leader")


@pytest.fixture(name="proposed")
def proposed_fixture(inst, campaign, office):
    """Three scored branches, a branch quota of 2: proposed (branch, other_branch)."""
    score(campaign, inst.branch, 95, grade="excellent")
    score(campaign, inst.other_branch, 88)
    score(campaign, inst.lone_branch, 70, grade="average")
    rank_all(campaign)
    set_quota(campaign, office, "party_branch", 2)
    return services.awards_propose(campaign=campaign, by=office)


@pytest.fixture(name="submitted")
def submitted_fixture(proposed, office):
    return services.award_list_submit(award_list=proposed, by=office)


@pytest.fixture(name="signed")
def signed_fixture(submitted, leader, office):
    """Signed off, with the deeds (先进事迹) of every winner written."""
    award_list = services.award_list_sign_off(award_list=submitted, by=leader)
    write_deeds(award_list, office)
    return award_list
