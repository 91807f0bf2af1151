import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organizations.access import scope_of
from organizations.models import Notification, Person
from pledges import services
from pledges.models import (
    ConflictError,
    Plan,
    PlanVersion,
    Pledge,
    PledgeVersion,
    Status,
    TransitionError,
)
from tests.factories import person
from tests.pledges.builders import (
    fill_plan,
    fill_pledge,
    first_criterion,
    league_setup,
    make_plan,
    make_pledge,
)

pytestmark = pytest.mark.usefixtures("english")

S = Status


@pytest.fixture
def plan(inst, campaign):
    return make_plan(campaign, inst.branch, inst.user("secretary"))


@pytest.fixture
def pledge(inst, campaign):
    return make_pledge(
        campaign, inst.branch, inst.people["member"], inst.user("member")
    )


def plan_in(inst, campaign, state):
    return make_plan(
        campaign,
        inst.branch,
        inst.user("secretary"),
        state=state,
        approver=inst.user("gsec"),
    )


def pledge_in(inst, campaign, state):
    return make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=state,
        approver=inst.user("secretary"),
    )


# --- creating -----------------------------------------------------------------


def test_it_starts_a_plan_from_the_category_template(inst, plan):
    assert plan.status == S.DRAFT
    assert plan.focus == inst.category.emphasis
    assert plan.measures.count() == 3
    assert plan.milestones.count() == 3
    assert plan.criteria_set.code == "party_branch"


def test_it_refuses_a_second_plan_for_the_same_branch(inst, campaign, plan):
    with pytest.raises(ValidationError) as error:
        services.plan_create(
            campaign=campaign, unit=inst.branch, by=inst.user("secretary")
        )
    assert "already has a plan" in error.value.messages[0]


def test_it_refuses_a_plan_for_someone_elses_branch(inst, campaign):
    with pytest.raises(PermissionDenied):
        services.plan_create(
            campaign=campaign, unit=inst.other_branch, by=inst.user("secretary")
        )


def test_it_refuses_a_plan_for_a_department(inst, campaign):
    with pytest.raises(ValidationError):
        services.plan_create(
            campaign=campaign, unit=inst.department, by=inst.user("office")
        )


def test_it_refuses_a_plan_outside_the_campaign(inst, other_inst, campaign):
    with pytest.raises(PermissionDenied):
        services.plan_create(
            campaign=campaign, unit=other_inst.branch, by=inst.user("office")
        )


def test_it_files_a_pledge_by_the_member_themself(inst, pledge):
    assert pledge.on_behalf is False
    assert pledge.filed_by == inst.user("member")
    assert pledge.criteria_set.code == "party_member"
    assert pledge.plans  # from the template


def test_it_files_a_pledge_on_the_members_behalf(inst, campaign):
    p = services.pledge_create(
        campaign=campaign,
        unit=inst.branch,
        person=inst.people["member"],
        by=inst.user("secretary"),
    )
    assert p.on_behalf is True
    assert p.filed_by == inst.user("secretary")


def test_it_refuses_a_pledge_for_a_member_of_another_branch(inst, campaign):
    with pytest.raises(ValidationError) as error:
        services.pledge_create(
            campaign=campaign,
            unit=inst.branch,
            person=inst.people["othermember"],
            by=inst.user("office"),
        )
    assert "is not a member of" in error.value.messages[0]


def test_it_refuses_a_pledge_filed_by_another_member(inst, campaign):
    with pytest.raises(PermissionDenied):
        services.pledge_create(
            campaign=campaign,
            unit=inst.other_branch,
            person=inst.people["othermember"],
            by=inst.user("member"),
        )


def test_it_refuses_a_second_pledge(inst, campaign, pledge):
    with pytest.raises(ValidationError):
        services.pledge_create(
            campaign=campaign,
            unit=inst.branch,
            person=inst.people["member"],
            by=inst.user("member"),
        )


# --- legal transitions ----------------------------------------------------------


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RETURNED, S.APPROVED, S.PUBLISHED])
def test_it_moves_a_plan_through_the_workflow(inst, campaign, state):
    assert plan_in(inst, campaign, state).status == state


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RETURNED, S.APPROVED, S.PUBLISHED])
def test_it_moves_a_pledge_through_the_workflow(inst, campaign, state):
    assert pledge_in(inst, campaign, state).status == state


def test_it_resubmits_a_returned_plan(inst, campaign):
    plan = plan_in(inst, campaign, S.RETURNED)
    assert plan.return_reason == "请细化措施"
    plan = services.plan_submit(plan=plan, by=inst.user("secretary"))
    assert plan.status == S.SUBMITTED


def test_it_records_who_approved_and_published(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    assert plan.approved_by == inst.user("gsec")
    assert plan.published_by == inst.user("gsec")
    assert plan.approved_at and plan.published_at


def test_it_keeps_version_one_at_publication(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    assert plan.version == 1
    v = PlanVersion.objects.get(plan=plan)
    assert v.number == 1
    assert v.snapshot["focus"] == plan.focus
    assert len(v.snapshot["measures"]) == plan.measures.count()


# --- illegal transitions --------------------------------------------------------

ILLEGAL = [
    # (state, step)
    (S.DRAFT, "return"),
    (S.DRAFT, "approve"),
    (S.DRAFT, "publish"),
    (S.SUBMITTED, "submit"),
    (S.SUBMITTED, "publish"),
    (S.RETURNED, "return"),
    (S.RETURNED, "approve"),
    (S.RETURNED, "publish"),
    (S.APPROVED, "submit"),
    (S.APPROVED, "return"),
    (S.APPROVED, "approve"),
    (S.PUBLISHED, "submit"),
    (S.PUBLISHED, "return"),
    (S.PUBLISHED, "approve"),
    (S.PUBLISHED, "publish"),
]


def _do(kind, step, obj, inst):
    fn = getattr(services, f"{kind}_{step}")
    approver = inst.user("gsec") if kind == "plan" else inst.user("secretary")
    editor = inst.user("secretary") if kind == "plan" else inst.user("member")
    kwargs = {kind: obj, "by": editor if step == "submit" else approver}
    if step == "return":
        kwargs["reason"] = "原因"
    return fn(**kwargs)


@pytest.mark.parametrize("state,step", ILLEGAL)
def test_it_refuses_an_illegal_plan_step(inst, campaign, state, step):
    plan = plan_in(inst, campaign, state)
    with pytest.raises(TransitionError) as error:
        _do("plan", step, plan, inst)
    assert error.value.messages[0]
    assert Plan.objects.get(pk=plan.pk).status == state


@pytest.mark.parametrize("state,step", ILLEGAL)
def test_it_refuses_an_illegal_pledge_step(inst, campaign, state, step):
    pledge = pledge_in(inst, campaign, state)
    with pytest.raises(TransitionError):
        _do("pledge", step, pledge, inst)
    assert Pledge.objects.get(pk=pledge.pk).status == state


def test_it_says_who_approved_first(inst, campaign):
    plan = plan_in(inst, campaign, S.APPROVED)
    with pytest.raises(TransitionError) as error:
        services.plan_approve(plan=plan, by=inst.user("office"))
    assert "already approved by gsec" in error.value.messages[0]


def test_it_says_what_state_refuses_a_step(inst, campaign):
    plan = plan_in(inst, campaign, S.DRAFT)
    with pytest.raises(TransitionError) as error:
        services.plan_publish(plan=plan, by=inst.user("gsec"))
    assert error.value.messages[0] == (
        "Only an approved one can be published; this one is Draft."
    )


def test_it_refuses_to_submit_an_incomplete_pledge(inst, pledge):
    with pytest.raises(ValidationError) as error:
        services.pledge_submit(pledge=pledge, by=inst.user("member"))
    assert "at least one committed item" in error.value.messages[0]


def test_it_refuses_to_submit_items_without_their_daitou(inst, pledge):
    services.pledge_update(
        pledge=pledge,
        by=inst.user("member"),
        revision=pledge.revision,
        plans="p",
        direction="d",
        items=[{"text": "x", "target": "y", "due_on": pledge.campaign.phase2_end}],
    )
    with pytest.raises(ValidationError) as error:
        services.pledge_submit(pledge=pledge, by=inst.user("member"))
    assert "带头" in error.value.messages[0]


def test_it_refuses_to_submit_a_plan_without_measures(inst, plan):
    services.plan_update(
        plan=plan,
        by=inst.user("secretary"),
        revision=plan.revision,
        focus="f",
        targets="t",
        measures=[{"id": m.pk, "delete": True} for m in plan.measures.all()],
        milestones=[],
    )
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=inst.user("secretary"))
    assert "at least one measure" in error.value.messages[0]


def test_it_needs_a_reason_to_return(inst, campaign):
    plan = plan_in(inst, campaign, S.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        services.plan_return(plan=plan, by=inst.user("gsec"), reason="  ")
    assert "reason" in error.value.message_dict


# --- who may act ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["secretary", "member", "staff", "othersec", "leader"])
def test_it_refuses_plan_approval_by_others_than_the_approver(inst, campaign, who):
    plan = plan_in(inst, campaign, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=inst.user(who))


def test_it_lets_the_office_approve_a_branch_without_general_branch(inst, campaign):
    campaign.separate_duties = False  # the office filed it: allowed only when off
    campaign.save()
    plan = make_plan(
        campaign,
        inst.lone_branch,
        inst.user("office"),
        state=S.PUBLISHED,
        approver=inst.user("office"),
    )
    assert plan.approved_by == inst.user("office")


def test_it_refuses_a_general_secretary_for_a_branch_outside_his_general_branch(
    inst, campaign
):
    plan = make_plan(campaign, inst.lone_branch, inst.user("office"), state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=inst.user("gsec"))


@pytest.mark.parametrize("who", ["member", "staff", "othersec", "leader"])
def test_it_refuses_pledge_approval_by_others_than_the_secretary(inst, campaign, who):
    pledge = pledge_in(inst, campaign, S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.pledge_approve(pledge=pledge, by=inst.user(who))


def test_it_refuses_a_secretary_approving_their_own_pledge(inst, campaign):
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["secretary"],
        inst.user("secretary"),
        state=S.SUBMITTED,
    )
    with pytest.raises(PermissionDenied):
        services.pledge_approve(pledge=pledge, by=inst.user("secretary"))
    assert (
        services.pledge_approve(pledge=pledge, by=inst.user("gsec")).status
        == S.APPROVED
    )


@pytest.mark.parametrize("who", ["staff", "othersec", "othermember", "leader"])
def test_it_refuses_edits_by_outsiders(inst, pledge, who):
    with pytest.raises(PermissionDenied):
        fill_pledge(pledge, inst.user(who))


def test_it_lets_the_secretary_edit_a_members_pledge(inst, pledge):
    fill_pledge(pledge, inst.user("secretary"))
    assert pledge.items.count() == 1


# --- editing and versions -------------------------------------------------------


@pytest.mark.parametrize("state", [S.SUBMITTED, S.APPROVED])
def test_it_refuses_to_edit_while_awaiting_approval(inst, campaign, state):
    plan = plan_in(inst, campaign, state)
    with pytest.raises(TransitionError) as error:
        fill_plan(plan, inst.user("secretary"))
    assert "cannot be changed now" in error.value.messages[0]


def test_it_refuses_a_stale_edit_with_a_conflict(inst, plan):
    stale = plan.revision
    fill_plan(plan, inst.user("secretary"))
    with pytest.raises(ConflictError) as error:
        services.plan_update(
            plan=plan,
            by=inst.user("gsec"),
            revision=stale,
            focus="我的改动",
            targets="t",
            measures=[],
            milestones=[],
        )
    assert "secretary changed this" in error.value.messages[0]
    assert Plan.objects.get(pk=plan.pk).focus != "我的改动"


def test_it_makes_a_new_version_for_a_change_after_publication(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    services.plan_update(
        plan=plan,
        by=inst.user("secretary"),
        revision=plan.revision,
        focus="修改后的重点",
        targets=plan.targets,
        measures=[],
        milestones=[],
    )
    services.plan_change_approve(plan=plan, by=inst.user("gsec"))
    plan.refresh_from_db()
    assert plan.status == S.PUBLISHED
    assert plan.version == 2
    versions = list(plan.versions.all())
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].snapshot["focus"] == "修改后的重点"
    assert versions[0].changed_by == inst.user("secretary")
    assert versions[1].snapshot["focus"] != "修改后的重点"


def test_it_keeps_no_version_for_draft_edits(inst, plan):
    fill_plan(plan, inst.user("secretary"))
    assert not plan.versions.exists()


def test_it_versions_a_published_pledge(inst, campaign):
    pledge = pledge_in(inst, campaign, S.PUBLISHED)
    fill_pledge(pledge, inst.user("member"), items=2)
    assert PledgeVersion.objects.filter(pledge=pledge).count() == 1
    services.pledge_change_approve(pledge=pledge, by=inst.user("secretary"))
    assert PledgeVersion.objects.filter(pledge=pledge).count() == 2


def test_it_refuses_a_daitou_of_another_set(inst, campaign, pledge):
    other = campaign.criteria_sets.get(code="league_member").criteria.first()
    with pytest.raises(ValidationError):
        services.pledge_update(
            pledge=pledge,
            by=inst.user("member"),
            revision=pledge.revision,
            plans="p",
            direction="d",
            items=[
                {
                    "text": "x",
                    "target": "y",
                    "due_on": campaign.phase2_end,
                    "criterion": other,
                }
            ],
        )


def test_it_refuses_rows_of_another_plan(inst, campaign, plan):
    other = make_plan(campaign, inst.other_branch, inst.user("othersec"))
    foreign = other.measures.first()
    with pytest.raises(ValidationError):
        services.plan_update(
            plan=plan,
            by=inst.user("secretary"),
            revision=plan.revision,
            focus="f",
            targets="t",
            measures=[
                {
                    "id": foreign.pk,
                    "text": "x",
                    "owner": None,
                    "due_on": campaign.phase2_end,
                }
            ],
            milestones=[],
        )


# --- mass organisations -----------------------------------------------------------


def test_it_runs_a_league_branch_plan_through_the_party_that_leads_it(inst, campaign):
    # 党建带群建: the branch is led by the party committee, whose office endorses it;
    # the league committee's officer no longer approves (tests/pledges/leadership/).
    committee, branch, officer, branch_officer, youth = league_setup(inst)
    office = inst.user("office")
    plan = make_plan(
        campaign, branch, branch_officer, state=S.PUBLISHED, approver=office
    )
    assert plan.criteria_set.code == "league_unit"
    assert plan.approved_by == office


def test_it_refuses_a_league_branch_officer_approving_his_own_plan(inst, campaign):
    committee, branch, officer, branch_officer, youth = league_setup(inst)
    plan = make_plan(campaign, branch, branch_officer, state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=branch_officer)


def test_it_files_a_league_pledge_against_the_four_daitou(inst, campaign):
    committee, branch, officer, branch_officer, youth = league_setup(inst)
    pledge = make_pledge(
        campaign, branch, youth, youth.user, state=S.PUBLISHED, approver=branch_officer
    )
    assert pledge.criteria_set.code == "league_member"
    assert pledge.items.first().criterion.name == "带头坚定信念"


def test_it_refuses_a_mass_pledge_for_a_non_member(inst, campaign):
    committee, branch, officer, branch_officer, youth = league_setup(inst)
    with pytest.raises(ValidationError):
        services.pledge_create(
            campaign=campaign, unit=branch, person=inst.people["member"], by=officer
        )


def test_it_lets_a_union_pledge_go_without_daitou_while_the_union_has_none(
    inst, campaign
):
    from organizations import services as org_services
    from organizations.models import MassMembership, Role

    officer = person(inst.institute, "unionofficer", department=inst.department)
    org_services.role_grant(
        person=officer, kind=Role.Kind.UNION_OFFICER, node=inst.union
    )
    # The union's 先进工作者 set ships with items now; this union removed them.
    campaign.criteria_sets.get(code="union_member").criteria.all().delete()
    worker = inst.people["staff"]
    MassMembership.objects.create(person=worker, unit=inst.union)
    pledge = services.pledge_create(
        campaign=campaign, unit=inst.union, person=worker, by=worker.user
    )
    assert first_criterion(pledge) is None
    fill_pledge(pledge, worker.user)
    assert services.pledge_submit(pledge=pledge, by=worker.user).status == S.SUBMITTED
    assert services.pledge_approve(pledge=pledge, by=officer.user).status == S.APPROVED
    assert Person.objects.get(pk=worker.pk).is_party_member is False


# --- separation of duties -----------------------------------------------------------


def _filed_on_behalf(inst, campaign, state=S.SUBMITTED):
    return make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("secretary"),
        state=state,
        approver=inst.user("gsec"),
    )


def test_it_refuses_a_secretary_approving_a_pledge_he_filed_on_a_members_behalf(
    inst, campaign
):
    pledge = _filed_on_behalf(inst, campaign)
    assert not pledge.can_approve(scope_of(inst.user("secretary")))
    with pytest.raises(PermissionDenied):
        services.pledge_approve(pledge=pledge, by=inst.user("secretary"))
    with pytest.raises(PermissionDenied):
        services.pledge_return(pledge=pledge, by=inst.user("secretary"), reason="x")
    # The level above approves instead.
    assert services.pledge_approve(
        pledge=pledge, by=inst.user("gsec")
    ).approved_by == inst.user("gsec")


def test_it_refuses_the_one_who_submitted_a_members_pledge(inst, campaign):
    pledge = make_pledge(
        campaign, inst.branch, inst.people["member"], inst.user("member")
    )
    fill_pledge(pledge, inst.user("member"))
    services.pledge_submit(pledge=pledge, by=inst.user("secretary"))
    with pytest.raises(PermissionDenied):
        services.pledge_approve(pledge=pledge, by=inst.user("secretary"))


def test_it_lets_the_secretary_approve_a_pledge_the_member_filed(inst, campaign):
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=S.SUBMITTED,
    )
    services.pledge_approve(pledge=pledge, by=inst.user("secretary"))
    assert pledge.approved_by == inst.user("secretary")


def test_it_refuses_an_officer_approving_a_plan_she_filed(inst, campaign):
    plan = make_plan(campaign, inst.lone_branch, inst.user("office"), state=S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, by=inst.user("office"))
    assert plan.status == S.SUBMITTED


def test_it_asks_the_level_above_when_the_secretary_filed_on_behalf(inst, campaign):
    _filed_on_behalf(inst, campaign)
    asked = set(
        Notification.objects.filter(kind="approval_needed").values_list(
            "recipient_id", flat=True
        )
    )
    assert asked == {inst.people["gsec"].pk}


def test_it_lets_a_campaign_turn_separation_of_duties_off(inst, campaign):
    campaign.separate_duties = False
    campaign.save()
    pledge = _filed_on_behalf(inst, campaign)
    pledge.refresh_from_db()
    services.pledge_approve(pledge=pledge, by=inst.user("secretary"))
    assert pledge.approved_by == inst.user("secretary")


# --- a change to what is published goes back through approval ---------------------


def _change_focus(plan, by, focus="修改后的重点"):
    return services.plan_update(
        plan=plan,
        by=by,
        revision=plan.revision,
        focus=focus,
        targets=plan.targets,
        measures=[],
        milestones=[],
    )


def test_it_holds_a_change_to_a_published_plan_for_approval(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    published_focus = plan.focus
    _change_focus(plan, inst.user("secretary"))
    plan.refresh_from_db()
    # Still published as it was: same text, same version, on the board.
    assert (plan.status, plan.version, plan.focus) == (S.PUBLISHED, 1, published_focus)
    assert plan.change_awaits_approval
    assert plan.change["content"]["focus"] == "修改后的重点"
    # The 总支书记 is asked.
    assert Notification.objects.filter(
        recipient=inst.people["gsec"], kind="approval_needed", title__contains="change"
    ).exists()
    assert plan in Plan.objects.filter(status=S.PUBLISHED)


def test_it_publishes_the_change_once_approved(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    _change_focus(plan, inst.user("secretary"))
    with pytest.raises(PermissionDenied):  # nobody approves their own change
        services.plan_change_approve(plan=plan, by=inst.user("secretary"))
    services.plan_change_approve(plan=plan, by=inst.user("gsec"))
    plan.refresh_from_db()
    assert (plan.focus, plan.version, plan.change) == ("修改后的重点", 2, None)
    assert plan.approved_by == inst.user("gsec")
    assert not Notification.objects.filter(
        recipient=inst.people["gsec"], kind="approval_needed", read_at__isnull=True
    ).exists()
    assert plan.versions.get(number=2).changed_by == inst.user("secretary")


def test_it_returns_a_change_and_keeps_the_published_version(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    published_focus = plan.focus
    _change_focus(plan, inst.user("secretary"))
    with pytest.raises(ValidationError):
        services.plan_change_return(plan=plan, by=inst.user("gsec"), reason=" ")
    services.plan_change_return(plan=plan, by=inst.user("gsec"), reason="再具体些")
    plan.refresh_from_db()
    assert (plan.focus, plan.version) == (published_focus, 1)
    assert plan.change_returned and plan.change["reason"] == "再具体些"
    # The filer revises the returned change and sends it again.
    _change_focus(plan, inst.user("secretary"), focus="更具体的重点")
    plan.refresh_from_db()
    assert plan.change_awaits_approval
    assert plan.change["content"]["focus"] == "更具体的重点"


def test_it_refuses_a_change_that_changes_nothing(inst, campaign):
    plan = plan_in(inst, campaign, S.PUBLISHED)
    rows = services.plan_content(plan)
    with pytest.raises(ValidationError) as error:
        services.plan_update(
            plan=plan,
            by=inst.user("secretary"),
            revision=plan.revision,
            focus=plan.focus,
            targets=plan.targets,
            measures=rows["measures"],
            milestones=rows["milestones"],
        )
    assert "Nothing was changed" in error.value.messages[0]


def test_it_holds_a_change_to_a_published_pledge_with_its_items(inst, campaign):
    pledge = pledge_in(inst, campaign, S.PUBLISHED)
    item = pledge.items.first()
    services.pledge_update(
        pledge=pledge,
        by=inst.user("member"),
        revision=pledge.revision,
        plans=pledge.plans,
        direction=pledge.direction,
        items=[
            {
                "id": item.pk,
                "text": "改过的承诺",
                "target": item.target,
                "due_on": item.due_on,
                "criterion": item.criterion,
            },
            {
                "text": "新承诺",
                "target": "一项",
                "due_on": item.due_on,
                "criterion": item.criterion,
            },
        ],
    )
    assert [i.text for i in pledge.items.all()] == [item.text]
    services.pledge_change_approve(pledge=pledge, by=inst.user("secretary"))
    assert [i.text for i in pledge.items.all()] == ["改过的承诺", "新承诺"]
    assert pledge.items.get(text="改过的承诺").pk == item.pk  # its progress stays
    assert pledge.items.get(text="新承诺").criterion == item.criterion
    assert pledge.version == 2
