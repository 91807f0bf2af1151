"""The factories leave what the workflow leaves (tests/pledges/factories.py)."""

import pytest

from organizations.access import scope_of
from pledges.access import can_read_plan, can_read_pledge
from pledges.models import Status
from tests.pledges.builders import make_plan, make_pledge
from tests.pledges.factories import filed_plan, filed_pledge

STATES = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.APPROVED,
    Status.PUBLISHED,
]
STAMPS = ("submitted_at", "returned_at", "approved_at", "published_at")
ACTORS = ("created_by_id", "returned_by_id", "approved_by_id", "published_by_id")


def _shape(obj) -> dict:
    obj.refresh_from_db()
    return {
        "status": obj.status,
        "version": obj.version,
        "versions": obj.versions.count(),
        "criteria_set": obj.criteria_set_id,
        "stamped": {f for f in STAMPS if getattr(obj, f) is not None},
        "actors": {f: getattr(obj, f) for f in ACTORS},
        "return_reason": bool(obj.return_reason),
    }


@pytest.mark.parametrize("state", STATES)
def test_a_plan_made_in_a_state_is_the_plan_the_workflow_leaves(inst, campaign, state):
    secretary, gsec = inst.user("secretary"), inst.user("gsec")
    walked = make_plan(campaign, inst.branch, secretary, state=state, approver=gsec)
    made = filed_plan(
        campaign, inst.other_branch, secretary, state=state, approver=gsec
    )

    assert _shape(made) == {**_shape(walked), "criteria_set": made.criteria_set_id}
    assert made.criteria_set == walked.criteria_set
    assert made.measures.count() == 1
    staff = scope_of(inst.user("othermember"))
    assert can_read_plan(staff, made) == (state == Status.PUBLISHED)


@pytest.mark.parametrize("state", STATES)
def test_a_pledge_made_in_a_state_is_the_pledge_the_workflow_leaves(
    inst, campaign, state
):
    member, secretary = inst.people["member"], inst.user("secretary")
    walked = make_pledge(
        campaign, inst.branch, member, member.user, state=state, approver=secretary
    )
    other = inst.people["secretary"]
    made = filed_pledge(
        campaign, inst.branch, other, other.user, state=state, approver=secretary
    )

    expected = _shape(walked)
    expected["actors"] = {
        **expected["actors"],
        "created_by_id": other.user_id,
    }
    assert _shape(made) == expected
    assert made.on_behalf is walked.on_behalf is False
    assert made.items.count() == 1
    staff = scope_of(inst.user("staff"))
    assert can_read_pledge(staff, made) == (state == Status.PUBLISHED)
    assert can_read_pledge(staff, walked) == (state == Status.PUBLISHED)
