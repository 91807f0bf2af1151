"""Rectification (督促整改) and help (帮助指导): states, evidence, escalation, the award query."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evaluations.inspections import services
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionKind,
    RectificationItem,
    RectificationStep,
    TransitionError,
)
from organizations.audit import AuditEvent
from organizations.models import Notification
from tests.evaluations.inspections.builders import (
    campaign_of,
    deadline,
    finding,
    open_round,
    rectification,
)
from tests.pledges.files import pdf_bytes
from tests.shared import fresh

S = RectificationItem.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def campaign(shared_campaign, inst, copies):
    return fresh(copies, shared_campaign, campaign_of, inst)


@pytest.fixture
def round(campaign):
    return open_round(campaign)


def pdf():
    return SimpleUploadedFile("整改材料.pdf", pdf_bytes())


def answer(item, user, text="已整改", files=None):
    return services.rectification_answer(
        item=item, by=user, text=text, files=files if files is not None else [pdf()]
    )


def reinspect(item, inst, round, rating=Finding.Rating.GOOD, new_deadline=None):
    return services.rectification_reinspect(
        item=item,
        by=inst.user("office"),
        round=round,
        kind=InspectionKind.FIELD,
        rating=rating,
        text="复查",
        found_on=timezone.localdate(),
        deadline=new_deadline,
    )


def item_in(state, inst, round):
    item = rectification(inst, round, by=inst.user("office"))
    if state in (S.ANSWERED, S.CLOSED):
        answer(item, inst.user("secretary"))
    if state == S.CLOSED:
        reinspect(item, inst, round)
    item.refresh_from_db()
    assert item.status == state
    return item


# ---------------------------------------------------------------------------------------
# Opening


def test_it_opens_an_item_from_a_poor_finding_with_defaults(inst, round):
    poor = finding(round, inst.branch)
    item = services.rectification_open(unit=inst.branch, source=poor, title="整改")
    assert item.owner == inst.people["secretary"]
    assert item.deadline == timezone.localdate() + datetime.timedelta(days=30)
    assert item.campaign == round.campaign
    assert item.source == RectificationItem.Source.FINDING
    assert item.finding == poor
    assert item.status == S.OPEN


def test_it_tells_the_owner_an_item_is_open(inst, round):
    item = rectification(inst, round)
    note = Notification.objects.get(recipient=inst.people["secretary"])
    assert note.kind == Notification.Kind.RECTIFICATION
    assert note.url == item.get_absolute_url()


def test_it_opens_the_same_item_only_once(inst, round):
    poor = finding(round, inst.branch)
    first = services.rectification_open(unit=inst.branch, source=poor, title="整改")
    second = services.rectification_open(unit=inst.branch, source=poor, title="整改")
    assert first.pk == second.pk
    assert first.steps.count() == 1


def test_it_opens_several_items_for_one_finding(inst, round):
    poor = finding(round, inst.branch)
    services.rectification_open(unit=inst.branch, source=poor, title="整改一")
    services.rectification_open(unit=inst.branch, source=poor, title="整改二")
    assert poor.rectifications.count() == 2


def test_it_opens_an_item_for_a_poor_grade_given_as_an_object(inst, campaign):
    grade_row = inst.branch  # any model instance stands for the scoring module's row
    item = services.rectification_open(
        unit=inst.branch, source=grade_row, title="年度考核差", campaign=campaign
    )
    assert item.source == RectificationItem.Source.GRADE
    assert item.source_ref == f"organizations.organization:{inst.branch.pk}"
    again = services.rectification_open(
        unit=inst.branch, source=grade_row, title="年度考核差", campaign=campaign
    )
    assert again.pk == item.pk


def test_it_opens_an_item_for_a_grade_named_by_its_source_kind(inst, campaign):
    item = services.rectification_open(
        unit=inst.branch, source="grade", title="年度考核差", campaign=campaign
    )
    assert item.source == RectificationItem.Source.GRADE


def test_it_needs_a_campaign_for_a_source_that_has_none(inst):
    with pytest.raises(ValueError):
        services.rectification_open(unit=inst.branch, source="grade", title="差")


def test_it_refuses_a_deadline_that_has_passed(inst, round):
    with pytest.raises(ValidationError) as error:
        services.rectification_open(
            unit=inst.branch,
            source=finding(round, inst.branch),
            title="整改",
            deadline=timezone.localdate(),
        )
    assert error.value.message_dict == {
        "deadline": ["The deadline must be after today."]
    }


def test_it_refuses_a_finding_of_another_unit(inst, round):
    with pytest.raises(ValidationError):
        services.rectification_open(
            unit=inst.other_branch, source=finding(round, inst.branch), title="整改"
        )


def test_it_audits_the_opening(inst, round):
    item = rectification(inst, round, by=inst.user("office"))
    event = AuditEvent.objects.get(
        object_type="evaluations.RectificationItem",
        object_id=str(item.pk),
        action=AuditEvent.Action.CREATE,
    )
    assert event.user == inst.user("office")
    assert event.institute_id == inst.institute.pk


# ---------------------------------------------------------------------------------------
# Transitions


LEGAL = {
    (S.OPEN, "answer"): True,
    (S.OPEN, "close"): False,
    (S.OPEN, "reopen"): False,
    (S.ANSWERED, "answer"): False,
    (S.ANSWERED, "close"): True,
    (S.ANSWERED, "reopen"): True,
    (S.CLOSED, "answer"): False,
    (S.CLOSED, "close"): False,
    (S.CLOSED, "reopen"): True,
}


def _do(action, item, inst, round):
    if action == "answer":
        answer(item, inst.user("secretary"))
    elif action == "close":
        services.rectification_close(
            item=item,
            finding=finding(round, inst.branch, Finding.Rating.GOOD),
            by=inst.user("office"),
        )
    else:
        services.rectification_reopen(
            item=item, by=inst.user("office"), reason="仍有问题", deadline=deadline(20)
        )


@pytest.mark.parametrize("state,action", list(LEGAL))
def test_it_allows_only_the_legal_transitions(inst, round, state, action):
    item = item_in(state, inst, round)
    if LEGAL[state, action]:
        _do(action, item, inst, round)
    else:
        with pytest.raises(TransitionError):
            _do(action, item, inst, round)


@pytest.mark.parametrize(
    "state,action,target",
    [
        (S.OPEN, "answer", S.ANSWERED),
        (S.ANSWERED, "close", S.CLOSED),
        (S.ANSWERED, "reopen", S.OPEN),
        (S.CLOSED, "reopen", S.OPEN),
    ],
)
def test_it_moves_to_the_right_state(inst, round, state, action, target):
    item = item_in(state, inst, round)
    _do(action, item, inst, round)
    item.refresh_from_db()
    assert item.status == target


def test_it_keeps_the_answer_and_its_evidence(inst, round):
    item = item_in(S.OPEN, inst, round)
    step = answer(item, inst.user("secretary"), text="已补齐记录")
    assert step.action == RectificationStep.Action.ANSWERED
    assert step.text == "已补齐记录"
    assert step.files.get().name == "整改材料.pdf"


def test_it_tells_the_office_an_item_was_answered(inst, round):
    item = item_in(S.OPEN, inst, round)
    answer(item, inst.user("secretary"))
    assert Notification.objects.filter(
        recipient=inst.people["office"], kind=Notification.Kind.RECTIFICATION
    ).exists()


def test_it_lets_the_general_branch_secretary_answer(inst, round):
    item = item_in(S.OPEN, inst, round)
    answer(item, inst.user("gsec"))
    item.refresh_from_db()
    assert item.status == S.ANSWERED


@pytest.mark.parametrize("who", ["office", "member", "othersec", "leader"])
def test_it_lets_nobody_else_answer(inst, round, who):
    item = item_in(S.OPEN, inst, round)
    with pytest.raises(PermissionDenied):
        answer(item, inst.user(who))


def test_it_needs_a_file_when_evidence_is_required(inst, round):
    item = rectification(inst, round, evidence="会议记录复印件")
    with pytest.raises(ValidationError) as error:
        answer(item, inst.user("secretary"), files=[])
    assert error.value.message_dict == {
        "files": ["This item asks for evidence: attach at least one file."]
    }


def test_it_takes_an_answer_without_files_when_none_is_required(inst, round):
    item = rectification(inst, round)
    answer(item, inst.user("secretary"), files=[])
    item.refresh_from_db()
    assert item.status == S.ANSWERED


def test_it_needs_an_answer_text(inst, round):
    item = rectification(inst, round)
    with pytest.raises(ValidationError) as error:
        answer(item, inst.user("secretary"), text="  ")
    assert error.value.message_dict == {
        "text": ["Say what the unit has done to rectify."]
    }


def test_it_closes_by_a_good_reinspection(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    found = reinspect(item, inst, round, Finding.Rating.AVERAGE)
    item.refresh_from_db()
    assert item.status == S.CLOSED
    assert item.closed_by_finding == found
    assert found.reinspects == item


def test_it_reopens_by_a_poor_reinspection_with_the_new_deadline(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    reinspect(item, inst, round, Finding.Rating.POOR, new_deadline=deadline(40))
    item.refresh_from_db()
    assert item.status == S.OPEN
    assert item.deadline == deadline(40)


def test_it_needs_a_new_deadline_for_a_poor_reinspection(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    with pytest.raises(ValidationError) as error:
        reinspect(item, inst, round, Finding.Rating.POOR)
    assert error.value.message_dict == {
        "deadline": ["A poor re-inspection re-opens the item: set a new deadline."]
    }
    item.refresh_from_db()
    assert item.status == S.ANSWERED


def test_it_will_not_close_by_a_poor_finding(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    with pytest.raises(ValidationError):
        services.rectification_close(
            item=item, finding=finding(round, inst.branch, Finding.Rating.POOR)
        )


def test_it_will_not_close_by_a_finding_on_another_unit(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    with pytest.raises(ValidationError):
        services.rectification_close(
            item=item, finding=finding(round, inst.other_branch, Finding.Rating.GOOD)
        )


def test_it_needs_a_reason_to_reopen(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    with pytest.raises(ValidationError) as error:
        services.rectification_reopen(item=item, reason="", deadline=deadline())
    assert error.value.message_dict == {"reason": ["Say why the item is re-opened."]}


# ---------------------------------------------------------------------------------------
# Overdue escalation


def test_it_escalates_an_overdue_item_once(inst, round):
    item = rectification(inst, round)
    late = item.deadline + datetime.timedelta(days=1)
    assert services.rectification_escalate_overdue(today=late) == 1
    assert services.rectification_escalate_overdue(today=late) == 0
    assert (
        services.rectification_escalate_overdue(today=late + datetime.timedelta(days=5))
        == 0
    )
    item.refresh_from_db()
    assert item.escalated_at is not None
    assert item.steps.filter(action=RectificationStep.Action.ESCALATED).count() == 1


def test_it_escalates_to_the_general_branch_secretary_and_the_office(inst, round):
    item = rectification(inst, round)
    services.rectification_escalate_overdue(
        today=item.deadline + datetime.timedelta(days=1)
    )
    told = set(
        Notification.objects.filter(kind=Notification.Kind.ESCALATION).values_list(
            "recipient__user__username", flat=True
        )
    )
    assert told == {"gsec", "office"}


def test_it_escalates_a_branch_without_general_branch_to_the_office(inst, round):
    poor = finding(round, inst.lone_branch)
    item = services.rectification_open(
        unit=inst.lone_branch, source=poor, title="整改", deadline=deadline()
    )
    services.rectification_escalate_overdue(
        today=item.deadline + datetime.timedelta(days=1)
    )
    told = set(
        Notification.objects.filter(kind=Notification.Kind.ESCALATION).values_list(
            "recipient__user__username", flat=True
        )
    )
    assert told == {"office"}


def test_it_does_not_escalate_on_the_deadline_itself(inst, round):
    item = rectification(inst, round)
    assert services.rectification_escalate_overdue(today=item.deadline) == 0


def test_it_does_not_escalate_an_answered_item(inst, round):
    item = item_in(S.ANSWERED, inst, round)
    late = item.deadline + datetime.timedelta(days=1)
    assert services.rectification_escalate_overdue(today=late) == 0


def test_it_escalates_again_after_a_reopen_with_a_new_deadline(inst, round):
    item = rectification(inst, round)
    services.rectification_escalate_overdue(
        today=item.deadline + datetime.timedelta(days=1)
    )
    answer(item, inst.user("secretary"))
    services.rectification_reopen(
        item=item, by=inst.user("office"), reason="未完成", deadline=deadline(50)
    )
    item.refresh_from_db()
    assert item.escalated_at is None
    assert services.rectification_escalate_overdue(today=deadline(51)) == 1
    assert (
        Notification.objects.filter(
            recipient=inst.people["office"], kind=Notification.Kind.ESCALATION
        ).count()
        == 2
    )


# ---------------------------------------------------------------------------------------
# For the award module


def test_it_names_the_units_with_rectification_not_closed(inst, round, campaign):
    answered = item_in(S.ANSWERED, inst, round)
    poor = finding(round, inst.lone_branch)
    services.rectification_open(
        unit=inst.lone_branch, source=poor, title="整改", deadline=deadline()
    )
    assert services.open_rectification_units(campaign=campaign) == {
        answered.unit_id,
        inst.lone_branch.pk,
    }


def test_it_drops_a_unit_whose_items_are_all_closed(inst, round, campaign):
    item_in(S.CLOSED, inst, round)
    assert services.open_rectification_units(campaign=campaign) == set()


# ---------------------------------------------------------------------------------------
# Help (帮助指导)


def test_it_plans_help_for_an_average_unit(inst, round):
    average = finding(round, inst.branch, Finding.Rating.AVERAGE)
    item = services.help_item_create(
        unit=inst.branch,
        finding=average,
        what="帮助规范三会一课",
        helper=inst.people["leader"],
        by=inst.user("office"),
    )
    assert item.campaign == round.campaign
    assert item.status == HelpItem.Status.PLANNED
    assert Notification.objects.filter(recipient=inst.people["leader"]).exists()


def test_it_moves_help_on_to_done_with_its_outcome(inst, round):
    item = services.help_item_create(
        unit=inst.branch,
        campaign=round.campaign,
        what="帮助",
        helper=inst.people["leader"],
    )
    services.help_item_move(item=item, status=HelpItem.Status.UNDERWAY)
    services.help_item_move(item=item, status=HelpItem.Status.DONE, outcome="已规范")
    item.refresh_from_db()
    assert item.status == HelpItem.Status.DONE
    assert item.done_at is not None


def test_it_needs_an_outcome_to_finish_help(inst, round):
    item = services.help_item_create(
        unit=inst.branch,
        campaign=round.campaign,
        what="帮助",
        helper=inst.people["leader"],
    )
    with pytest.raises(ValidationError) as error:
        services.help_item_move(item=item, status=HelpItem.Status.DONE)
    assert error.value.message_dict == {"outcome": ["Say what the help achieved."]}


def test_it_does_not_move_finished_help_back(inst, round):
    item = services.help_item_create(
        unit=inst.branch,
        campaign=round.campaign,
        what="帮助",
        helper=inst.people["leader"],
    )
    services.help_item_move(item=item, status=HelpItem.Status.DONE, outcome="好")
    with pytest.raises(TransitionError):
        services.help_item_move(item=item, status=HelpItem.Status.UNDERWAY)
