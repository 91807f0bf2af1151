"""The demo never has a member approve their own pledge (the office may be a member)."""

import random

from django.utils import timezone

from organizations.models import Person
from pledges.demo.commitments import _Actors, _pledge
from pledges.models import Status


def test_it_leaves_the_offices_own_pledge_submitted_where_nobody_else_may_approve(
    inst, campaign
):
    office = inst.people["office"]
    office.political_status = Person.PoliticalStatus.PARTY_FULL
    office.branch = inst.lone_branch
    office.save(update_fields=["political_status", "branch"])
    actors = _Actors(inst.institute)

    assert actors.pledge_approver(inst.lone_branch, office) is None
    pledge = _pledge(
        campaign,
        inst.lone_branch,
        office,
        Status.PUBLISHED,
        actors,
        random.Random(1),  # nosec B311 - test data
        timezone.localdate(),
    )
    assert pledge.status == Status.SUBMITTED
    member = inst.people["member"]
    assert actors.pledge_approver(inst.branch, member) == inst.user("secretary")
