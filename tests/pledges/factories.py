"""Plans and pledges made directly in a given state, without walking the workflow.

For tests where the workflow is not what is tested (query budgets, dashboards, lists at
size): a handful of INSERTs instead of the ≈60 queries of create → fill → submit →
approve → publish (``tests.pledges.builders.make_plan``), and no audit events or
notifications. The rows are those the workflow leaves: the status with its actors and
times, filled content, measures or items, and for a published one its first version.
Tests of the workflow itself, of notifications or of the audit log use the builders.
"""

from django.utils import timezone

from pledges.models import (
    CriteriaSet,
    Criterion,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    Status,
)
from pledges.services.workflow import _save_version, criteria_set_for

RETURN_REASON = "请细化措施"


def _stamps(state: str, approver) -> dict:
    """The fields the workflow's steps set on the way to ``state``."""
    now = timezone.now()
    if state == Status.DRAFT:
        return {}
    fields = {"submitted_at": now}
    if state == Status.RETURNED:
        fields.update(
            returned_by=approver, returned_at=now, return_reason=RETURN_REASON
        )
    if state in (Status.APPROVED, Status.PUBLISHED):
        fields.update(approved_by=approver, approved_at=now)
    if state == Status.PUBLISHED:
        fields.update(published_by=approver, published_at=now, version=1)
    return fields


def _published(obj, approver):
    if obj.status == Status.PUBLISHED:
        _save_version(obj, by=approver)
    return obj


def filed_plan(
    campaign, unit, by, *, state=Status.PUBLISHED, approver=None, measures=1
) -> Plan:
    """The unit's plan in ``state``, filed by ``by`` and decided by ``approver``."""
    approver = approver or by
    plan = Plan.objects.create(
        campaign=campaign,
        unit=unit,
        criteria_set=criteria_set_for(
            campaign=campaign, unit=unit, audience=CriteriaSet.Audience.UNIT
        ),
        focus="争创重点",
        targets="效果目标",
        status=state,
        created_by=by,
        updated_by=by,
        **_stamps(state, approver),
    )
    owner = unit.party_members.first()
    PlanMeasure.objects.bulk_create(
        PlanMeasure(
            plan=plan,
            text=f"措施{i}",
            owner=owner,
            due_on=campaign.phase2_end,
            order=i,
        )
        for i in range(measures)
    )
    return _published(plan, approver)


def filed_pledge(
    campaign, unit, person, by, *, state=Status.PUBLISHED, approver=None, items=1
) -> Pledge:
    """``person``'s pledge in ``unit`` in ``state``, filed by ``by`` (on their behalf
    unless ``by`` is their own account) and decided by ``approver``."""
    approver = approver or by
    criteria_set = criteria_set_for(
        campaign=campaign, unit=unit, audience=CriteriaSet.Audience.PERSON
    )
    pledge = Pledge.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        criteria_set=criteria_set,
        plans="具体打算",
        direction="努力方向",
        on_behalf=person.user_id is None or person.user_id != by.pk,
        status=state,
        created_by=by,
        updated_by=by,
        **_stamps(state, approver),
    )
    criterion = Criterion.objects.filter(
        criteria_set=criteria_set, parent__isnull=True
    ).first()
    PledgeItem.objects.bulk_create(
        PledgeItem(
            pledge=pledge,
            text=f"承诺{i}",
            target="完成两项",
            due_on=campaign.phase2_end,
            criterion=criterion,
            order=i,
        )
        for i in range(items)
    )
    return _published(pledge, approver)
