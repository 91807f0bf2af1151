"""Fixtures of the API tests: two institutes with plans, pledges, a round and scores."""

from dataclasses import dataclass

import pytest

from pledges.models import Plan, Pledge, Status
from tests.pledges.builders import make_campaign, make_plan, make_pledge
from tests.shared import fresh


@pytest.fixture(autouse=True)
def english(english):
    """The root ``english`` fixture (tests/conftest.py), for every test of this folder."""
    return english


@dataclass
class World:
    """Handles on the data every permission test reads."""

    inst: object
    other: object
    campaign: object
    other_campaign: object
    draft_plan: Plan
    published_plan: Plan
    draft_pledge: Pledge
    published_pledge: Pledge
    foreign_plan: Plan
    foreign_pledge: Pledge

    def user(self, role: str):
        if role == "yoffice":
            return self.other.user("office")
        return self.inst.user(role)


@pytest.fixture(scope="module")
def shared_world(shared_block, shared_inst, shared_other_inst):
    return (
        shared_inst
        and shared_other_inst
        and shared_block.build("world", build_world, shared_inst, shared_other_inst)
    )


@pytest.fixture
def world(shared_world, inst, other_inst, copies):
    """A draft plan and pledge in the first branch, published ones in the second,
    and a plan and pledge of the other institute (built once per module)."""
    return fresh(copies, shared_world, build_world, inst, other_inst)


def build_world(inst, other_inst) -> World:
    campaign = make_campaign(inst.institute)
    other_campaign = make_campaign(other_inst.institute)
    published = Status.PUBLISHED
    return World(
        inst=inst,
        other=other_inst,
        campaign=campaign,
        other_campaign=other_campaign,
        draft_plan=make_plan(campaign, inst.branch, inst.user("secretary")),
        published_plan=make_plan(
            campaign,
            inst.other_branch,
            inst.user("othersec"),
            state=published,
            approver=inst.user("gsec"),
        ),
        draft_pledge=make_pledge(
            campaign, inst.branch, inst.people["member"], inst.user("member")
        ),
        published_pledge=make_pledge(
            campaign,
            inst.other_branch,
            inst.people["othermember"],
            inst.user("othermember"),
            state=published,
            approver=inst.user("othersec"),
        ),
        foreign_plan=make_plan(
            other_campaign, other_inst.branch, other_inst.user("secretary")
        ),
        foreign_pledge=make_pledge(
            other_campaign,
            other_inst.branch,
            other_inst.people["member"],
            other_inst.user("member"),
        ),
    )
