"""The workflow tells the right people: approvers on submit, the filer on return and
publication."""

from organizations.models import Notification
from pledges import services
from pledges.models import Status
from tests.pledges.builders import fill_plan, fill_pledge


def titles(person):
    return list(
        Notification.objects.filter(recipient=person).values_list("kind", flat=True)
    )


def test_it_asks_the_general_secretary_to_approve_a_branch_plan(inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    services.plan_submit(plan=plan, by=inst.user("secretary"))
    assert titles(inst.people["gsec"]) == ["approval_needed"]
    # The office is not bothered while a general secretary is there to approve.
    assert "approval_needed" not in titles(inst.people["office"])


def test_it_asks_the_office_where_there_is_no_general_branch(inst, campaign):
    from organizations.services import role_grant

    role_grant(person=inst.people["othersec"], kind="secretary", node=inst.lone_branch)
    plan = services.plan_create(
        campaign=campaign, unit=inst.lone_branch, by=inst.user("othersec")
    )
    fill_plan(plan, inst.user("othersec"))
    services.plan_submit(plan=plan, by=inst.user("othersec"))
    assert titles(inst.people["office"]) == ["approval_needed"]


def test_it_tells_the_filer_when_returned_and_published(inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    services.plan_submit(plan=plan, by=inst.user("secretary"))
    services.plan_return(plan=plan, by=inst.user("gsec"), reason="措施不够具体")
    assert "returned" in titles(inst.people["secretary"])
    services.plan_submit(plan=plan, by=inst.user("secretary"))
    services.plan_approve(plan=plan, by=inst.user("gsec"))
    services.plan_publish(plan=plan, by=inst.user("gsec"))
    plan.refresh_from_db()
    assert plan.status == Status.PUBLISHED
    assert "published" in titles(inst.people["secretary"])
    # Submitted twice: the approver was asked twice, once per submission.
    assert titles(inst.people["gsec"]).count("approval_needed") == 2


def test_it_audits_every_change_to_a_plan(inst, campaign):
    from organizations.audit import AuditEvent

    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    services.plan_submit(plan=plan, by=inst.user("secretary"))
    events = list(
        AuditEvent.objects.filter(object_type="pledges.Plan", object_id=str(plan.pk))
        .order_by("pk")
        .values_list("action", "username")
    )
    assert events == [
        ("create", "secretary"),
        ("update", "secretary"),
        ("transition", "secretary"),
    ]
    assert AuditEvent.objects.filter(institute_id=inst.institute.pk).count() >= 3


def _open_requests(person):
    return Notification.objects.filter(
        recipient=person, kind="approval_needed", read_at__isnull=True
    ).count()


def test_it_marks_the_approval_request_done_once_approved(inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    services.plan_submit(plan=plan, by=inst.user("secretary"))
    assert _open_requests(inst.people["gsec"]) == 1
    services.plan_approve(plan=plan, by=inst.user("gsec"))
    assert _open_requests(inst.people["gsec"]) == 0


def test_it_marks_the_approval_request_done_once_returned(inst, campaign):
    pledge = services.pledge_create(
        campaign=campaign,
        unit=inst.branch,
        person=inst.people["member"],
        by=inst.user("member"),
    )
    fill_pledge(pledge, inst.user("member"))
    services.pledge_submit(pledge=pledge, by=inst.user("member"))
    other = services.pledge_create(
        campaign=campaign,
        unit=inst.branch,
        person=inst.people["secretary"],
        by=inst.user("secretary"),
    )
    fill_pledge(other, inst.user("secretary"))
    services.pledge_submit(pledge=other, by=inst.user("secretary"))
    assert _open_requests(inst.people["secretary"]) == 1
    assert _open_requests(inst.people["gsec"]) == 1
    services.pledge_return(pledge=pledge, by=inst.user("secretary"), reason="细化")
    assert _open_requests(inst.people["secretary"]) == 0
    # Another item's request stays open.
    assert _open_requests(inst.people["gsec"]) == 1
