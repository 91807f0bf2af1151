"""Filing, changing and submitting plans and pledges through the API gives what the
pages give: the same states, revisions, versions and rows, through the same services."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from pledges import services
from pledges.models import Criterion, Plan, PlanVersion, Pledge, PledgeVersion, Status
from tests.api.builders import as_user
from tests.pledges.builders import advance, fill_plan, make_campaign
from tests.shared import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(shared_campaign, inst, copies):
    return fresh(copies, shared_campaign, make_campaign, inst.institute)


def send(client, user, method, url, data=None):
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    as_user(client, user)
    call = getattr(client, method)
    if data is None:
        return call(url)
    return call(url, json.dumps(data), content_type="application/json")


def plan_state(plan: Plan) -> dict:
    plan = Plan.objects.get(pk=plan.pk)
    return {
        "status": plan.status,
        "revision": plan.revision,
        "version": plan.version,
        "focus": plan.focus,
        "targets": plan.targets,
        "measures": [(m.text, m.due_on) for m in plan.measures.all()],
        "milestones": [(m.due_on, m.text) for m in plan.milestones.all()],
        # Owners differ between the two branches: compare versions without them.
        "versions": [
            {
                **v.snapshot,
                "measures": [
                    {k: x for k, x in m.items() if k != "owner"}
                    for m in v.snapshot["measures"]
                ],
            }
            for v in PlanVersion.objects.filter(plan=plan)
        ],
        "submitted": plan.submitted_at is not None,
    }


def pledge_state(pledge: Pledge) -> dict:
    pledge = Pledge.objects.get(pk=pledge.pk)
    return {
        "status": pledge.status,
        "revision": pledge.revision,
        "version": pledge.version,
        "plans": pledge.plans,
        "direction": pledge.direction,
        "on_behalf": pledge.on_behalf,
        "items": [
            (i.text, i.target, i.due_on, i.criterion_id) for i in pledge.items.all()
        ],
        "versions": [v.snapshot for v in PledgeVersion.objects.filter(pledge=pledge)],
        "submitted": pledge.submitted_at is not None,
    }


def plan_form(plan: Plan, *, focus: str, new_measure: str) -> dict:
    """What the edit page posts: every row with its id, plus one new measure."""
    measures = list(plan.measures.all())
    milestones = list(plan.milestones.all())
    data = {
        "revision": plan.revision,
        "focus": focus,
        "targets": plan.targets,
        "measures-TOTAL_FORMS": str(len(measures) + 1),
        "measures-INITIAL_FORMS": str(len(measures)),
        "milestones-TOTAL_FORMS": str(len(milestones)),
        "milestones-INITIAL_FORMS": str(len(milestones)),
    }
    for i, m in enumerate(measures):
        data.update(
            {
                f"measures-{i}-id": m.pk,
                f"measures-{i}-text": m.text,
                f"measures-{i}-due_on": m.due_on.isoformat(),
            }
        )
    data.update(
        {
            f"measures-{len(measures)}-text": new_measure,
            f"measures-{len(measures)}-due_on": plan.campaign.phase2_end.isoformat(),
        }
    )
    for i, m in enumerate(milestones):
        data.update(
            {
                f"milestones-{i}-id": m.pk,
                f"milestones-{i}-text": m.text,
                f"milestones-{i}-due_on": m.due_on.isoformat(),
            }
        )
    return data


def plan_body(plan: Plan, *, focus: str, new_measure: str) -> dict:
    """The same change as the API takes it: the whole plan."""
    return {
        "revision": plan.revision,
        "focus": focus,
        "targets": plan.targets,
        "measures": [
            {"id": m.pk, "text": m.text, "due_on": m.due_on.isoformat()}
            for m in plan.measures.all()
        ]
        + [{"text": new_measure, "due_on": plan.campaign.phase2_end.isoformat()}],
        "milestones": [
            {"id": m.pk, "text": m.text, "due_on": m.due_on.isoformat()}
            for m in plan.milestones.all()
        ],
    }


def two_plans(client, inst, campaign):
    """A plan filed through the API (first branch) and one through the page (second)."""
    response = send(
        client,
        inst.user("secretary"),
        "post",
        "/api/v1/plans/",
        {"unit": inst.branch.pk},
    )
    assert response.status_code == 201
    api_plan = Plan.objects.get(pk=response.json()["id"])
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(inst.user("othersec"))
    page.post(reverse("pledges:plan_create", args=[inst.other_branch.pk]))
    page_plan = Plan.objects.get(campaign=campaign, unit=inst.other_branch)
    return api_plan, page_plan, page


# ---------------------------------------------------------------------------
# Plans


def test_it_files_a_plan_as_the_page_does(client, inst, campaign):
    api_plan, page_plan, _page = two_plans(client, inst, campaign)
    assert plan_state(api_plan) == plan_state(page_plan)
    assert api_plan.status == Status.DRAFT
    assert api_plan.measures.exists()


def test_it_answers_a_filed_plan_with_its_rows(client, inst, campaign):
    response = send(
        client,
        inst.user("secretary"),
        "post",
        "/api/v1/plans/",
        {"unit": inst.branch.pk},
    )
    body = response.json()
    assert body["status"] == "draft"
    assert body["unit"] == {
        "id": inst.branch.pk,
        "name": inst.branch.name,
        "kind": "branch",
    }
    assert len(body["milestones"]) == 3
    assert body["campaign"] == campaign.pk


def test_it_updates_a_plan_as_the_page_does(client, inst, campaign):
    api_plan, page_plan, page = two_plans(client, inst, campaign)
    response = send(
        client,
        inst.user("secretary"),
        "put",
        f"/api/v1/plans/{api_plan.pk}/",
        plan_body(api_plan, focus="攻关", new_measure="新措施"),
    )
    assert response.status_code == 200, response.json()
    page.post(
        reverse("pledges:plan_edit", args=[page_plan.pk]),
        plan_form(page_plan, focus="攻关", new_measure="新措施"),
    )
    assert plan_state(api_plan) == plan_state(page_plan)
    assert response.json()["revision"] == api_plan.revision + 1
    assert "新措施" in [m["text"] for m in response.json()["measures"]]


def test_it_submits_a_plan_as_the_page_does(client, inst, campaign):
    api_plan, page_plan, page = two_plans(client, inst, campaign)
    fill_plan(api_plan, inst.user("secretary"))
    fill_plan(page_plan, inst.user("othersec"))
    response = send(
        client, inst.user("secretary"), "post", f"/api/v1/plans/{api_plan.pk}/submit/"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    page.post(reverse("pledges:plan_step", args=[page_plan.pk, "submit"]))
    assert plan_state(api_plan) == plan_state(page_plan)


def test_it_keeps_a_version_for_each_change_after_publication(client, inst, campaign):
    api_plan, page_plan, page = two_plans(client, inst, campaign)
    gsec = inst.user("gsec")
    api_plan = advance(
        api_plan,
        Status.PUBLISHED,
        by=inst.user("secretary"),
        approver=gsec,
        kind="plan",
    )
    page_plan = advance(
        page_plan,
        Status.PUBLISHED,
        by=inst.user("othersec"),
        approver=gsec,
        kind="plan",
    )
    response = send(
        client,
        inst.user("secretary"),
        "put",
        f"/api/v1/plans/{api_plan.pk}/",
        plan_body(api_plan, focus="改后的重点", new_measure="追加措施"),
    )
    assert response.status_code == 200
    page.post(
        reverse("pledges:plan_edit", args=[page_plan.pk]),
        plan_form(page_plan, focus="改后的重点", new_measure="追加措施"),
    )
    # Both hold the change for the 总支书记's approval; the published one stays.
    assert response.json()["version"] == 1
    for plan in (api_plan, page_plan):
        plan.refresh_from_db()
        assert plan.change_awaits_approval and plan.version == 1
        services.plan_change_approve(plan=plan, by=gsec)
    state = plan_state(api_plan)
    assert state == plan_state(page_plan)
    assert state["version"] == 2
    assert len(state["versions"]) == 2


def test_it_removes_the_rows_left_out_of_an_update(client, inst, campaign):
    api_plan, _page_plan, _page = two_plans(client, inst, campaign)
    body = plan_body(api_plan, focus="f", new_measure="唯一措施")
    body["measures"] = body["measures"][-1:]
    send(client, inst.user("secretary"), "put", f"/api/v1/plans/{api_plan.pk}/", body)
    assert [m.text for m in api_plan.measures.all()] == ["唯一措施"]


def test_it_answers_409_to_a_stale_revision(client, inst, campaign):
    api_plan, _page_plan, _page = two_plans(client, inst, campaign)
    stale = plan_body(api_plan, focus="我的改动", new_measure="m")
    services.plan_update(
        plan=api_plan,
        by=inst.user("gsec"),
        revision=api_plan.revision,
        focus="别人的改动",
        targets="t",
        measures=[],
        milestones=[],
    )
    response = send(
        client, inst.user("secretary"), "put", f"/api/v1/plans/{api_plan.pk}/", stale
    )
    assert response.status_code == 409
    current = Plan.objects.get(pk=api_plan.pk)
    assert response.json() == {
        "detail": (
            f"Someone changed this after revision {stale['revision']}; it is now at "
            f"revision {current.revision}. Read it again, then send your change with "
            "the current revision."
        ),
        "revision": current.revision,
    }
    assert current.focus == "别人的改动"


def test_it_says_what_is_missing_before_submitting(client, inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    services.plan_update(
        plan=plan,
        by=inst.user("secretary"),
        revision=plan.revision,
        focus="",
        targets="t",
        measures=[],
        milestones=[],
    )
    response = send(
        client, inst.user("secretary"), "post", f"/api/v1/plans/{plan.pk}/submit/"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Complete it before submitting: focus."]
    }


def test_it_refuses_a_second_submission_with_the_services_message(
    client, inst, campaign
):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    url = f"/api/v1/plans/{plan.pk}/submit/"
    send(client, inst.user("secretary"), "post", url)
    response = send(client, inst.user("secretary"), "post", url)
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Only a draft or a returned one can be submitted; this one is Submitted."
        ]
    }


def test_it_refuses_to_change_a_submitted_plan(client, inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    services.plan_submit(plan=plan, by=inst.user("secretary"))
    response = send(
        client,
        inst.user("secretary"),
        "put",
        f"/api/v1/plans/{plan.pk}/",
        plan_body(plan, focus="x", new_measure="y"),
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "It is Submitted and cannot be changed now; the approver can return it to you."
    ]


def test_it_refuses_an_owner_from_outside_the_unit(client, inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    body = plan_body(plan, focus="f", new_measure="m")
    body["measures"][-1]["owner"] = inst.people["othermember"].pk
    response = send(
        client, inst.user("secretary"), "put", f"/api/v1/plans/{plan.pk}/", body
    )
    assert response.status_code == 400
    last = str(len(body["measures"]) - 1)
    assert "owner" in response.json()["measures"][last]


def test_it_refuses_a_row_of_another_plan(client, inst, campaign):
    api_plan, page_plan, _page = two_plans(client, inst, campaign)
    body = plan_body(api_plan, focus="f", new_measure="m")
    body["measures"][0]["id"] = page_plan.measures.first().pk
    response = send(
        client, inst.user("gsec"), "put", f"/api/v1/plans/{api_plan.pk}/", body
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["One of the rows belongs to something else."]
    }


def test_it_refuses_a_plan_for_a_unit_one_does_not_manage(client, inst, campaign):
    response = send(
        client, inst.user("member"), "post", "/api/v1/plans/", {"unit": inst.branch.pk}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not file a plan for this unit."}


def test_it_refuses_a_second_plan_for_a_unit(client, inst, campaign):
    services.plan_create(campaign=campaign, unit=inst.branch, by=inst.user("secretary"))
    response = send(
        client,
        inst.user("secretary"),
        "post",
        "/api/v1/plans/",
        {"unit": inst.branch.pk},
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            f"{inst.branch.name} already has a plan for this campaign."
        ]
    }


def test_it_answers_404_for_a_unit_of_another_institute(
    client, inst, other_inst, campaign
):
    make_campaign(other_inst.institute)
    response = send(
        client,
        inst.user("office"),
        "post",
        "/api/v1/plans/",
        {"unit": other_inst.branch.pk},
    )
    assert response.status_code == 404
    assert not Plan.objects.exists()


def test_it_answers_404_when_changing_another_institutes_plan(
    client, inst, other_inst, campaign
):
    other_campaign = make_campaign(other_inst.institute)
    plan = services.plan_create(
        campaign=other_campaign, unit=other_inst.branch, by=other_inst.user("secretary")
    )
    body = plan_body(plan, focus="f", new_measure="m")
    for method, url, data in [
        ("put", f"/api/v1/plans/{plan.pk}/", body),
        ("post", f"/api/v1/plans/{plan.pk}/submit/", None),
    ]:
        assert send(client, inst.user("office"), method, url, data).status_code == 404


def test_it_answers_403_to_a_reader_who_may_not_change_a_plan(client, inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.other_branch, by=inst.user("othersec")
    )
    plan = advance(
        plan,
        Status.PUBLISHED,
        by=inst.user("othersec"),
        approver=inst.user("gsec"),
        kind="plan",
    )
    reader = inst.user("othermember")
    put = send(
        client,
        reader,
        "put",
        f"/api/v1/plans/{plan.pk}/",
        plan_body(plan, focus="f", new_measure="m"),
    )
    submit = send(client, reader, "post", f"/api/v1/plans/{plan.pk}/submit/")
    assert put.status_code == 403
    assert submit.status_code == 403
    assert submit.json() == {"detail": "You may not submit this."}


def test_it_says_when_no_campaign_is_set_up(client, inst):
    response = send(
        client,
        inst.user("secretary"),
        "post",
        "/api/v1/plans/",
        {"unit": inst.branch.pk},
    )
    assert response.status_code == 400
    assert response.json() == {"campaign": ["No campaign is set up yet."]}


# ---------------------------------------------------------------------------
# Pledges


def two_pledges(client, inst, campaign):
    """A member's pledge filed through the API and another's through the page."""
    response = send(
        client,
        inst.user("member"),
        "post",
        "/api/v1/pledges/",
        {"unit": inst.branch.pk},
    )
    assert response.status_code == 201, response.json()
    api_pledge = Pledge.objects.get(pk=response.json()["id"])
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(inst.user("othermember"))
    page.post(reverse("pledges:pledge_create"), {"unit": inst.other_branch.pk})
    page_pledge = Pledge.objects.get(campaign=campaign, unit=inst.other_branch)
    return api_pledge, page_pledge, page


def pledge_body(pledge: Pledge, criterion: Criterion) -> dict:
    return {
        "revision": pledge.revision,
        "plans": "钻研业务",
        "direction": "争当先锋",
        "items": [
            {
                "text": "发表论文",
                "target": "2篇",
                "due_on": pledge.campaign.phase2_end.isoformat(),
                "criterion": criterion.pk,
            }
        ],
    }


def pledge_form(pledge: Pledge, criterion: Criterion) -> dict:
    return {
        "revision": pledge.revision,
        "plans": "钻研业务",
        "direction": "争当先锋",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "发表论文",
        "items-0-target": "2篇",
        "items-0-due_on": pledge.campaign.phase2_end.isoformat(),
        "items-0-criterion": criterion.pk,
    }


def first_daitou(pledge) -> Criterion:
    return Criterion.objects.filter(
        criteria_set=pledge.criteria_set, parent__isnull=True
    ).first()


def test_it_files_a_pledge_as_the_page_does(client, inst, campaign):
    api_pledge, page_pledge, _page = two_pledges(client, inst, campaign)
    assert pledge_state(api_pledge) == pledge_state(page_pledge)
    assert api_pledge.person == inst.people["member"]
    assert not api_pledge.on_behalf


def test_it_files_a_pledge_on_a_members_behalf(client, inst, campaign):
    response = send(
        client,
        inst.user("secretary"),
        "post",
        "/api/v1/pledges/",
        {"unit": inst.branch.pk, "person": inst.people["member"].pk},
    )
    assert response.status_code == 201
    assert response.json()["on_behalf"] is True
    assert response.json()["person"]["id"] == inst.people["member"].pk


def test_it_answers_404_for_a_person_out_of_reach(client, inst, campaign):
    response = send(
        client,
        inst.user("othersec"),
        "post",
        "/api/v1/pledges/",
        {"unit": inst.other_branch.pk, "person": inst.people["member"].pk},
    )
    assert response.status_code == 404


def test_it_updates_and_submits_a_pledge_as_the_page_does(client, inst, campaign):
    api_pledge, page_pledge, page = two_pledges(client, inst, campaign)
    criterion = first_daitou(api_pledge)
    response = send(
        client,
        inst.user("member"),
        "put",
        f"/api/v1/pledges/{api_pledge.pk}/",
        pledge_body(api_pledge, criterion),
    )
    assert response.status_code == 200, response.json()
    page.post(
        reverse("pledges:pledge_edit", args=[page_pledge.pk]),
        pledge_form(page_pledge, criterion),
    )
    assert pledge_state(api_pledge) == pledge_state(page_pledge)
    response = send(
        client, inst.user("member"), "post", f"/api/v1/pledges/{api_pledge.pk}/submit/"
    )
    assert response.status_code == 200
    page.post(reverse("pledges:pledge_step", args=[page_pledge.pk, "submit"]))
    state = pledge_state(api_pledge)
    assert state == pledge_state(page_pledge)
    assert state["status"] == Status.SUBMITTED


def test_it_asks_each_item_for_its_daitou(client, inst, campaign):
    api_pledge, _page_pledge, _page = two_pledges(client, inst, campaign)
    body = pledge_body(api_pledge, first_daitou(api_pledge))
    del body["items"][0]["criterion"]
    response = send(
        client, inst.user("member"), "put", f"/api/v1/pledges/{api_pledge.pk}/", body
    )
    assert response.status_code == 400
    assert response.json() == {
        "items": {"0": {"criterion": ["This field is required."]}}
    }


def test_it_refuses_a_daitou_of_another_set(client, inst, campaign):
    api_pledge, _page_pledge, _page = two_pledges(client, inst, campaign)
    foreign = Criterion.objects.exclude(criteria_set=api_pledge.criteria_set).first()
    body = pledge_body(api_pledge, foreign)
    response = send(
        client, inst.user("member"), "put", f"/api/v1/pledges/{api_pledge.pk}/", body
    )
    assert response.status_code == 400
    assert "criterion" in response.json()["items"]["0"]


def test_it_answers_409_to_a_stale_pledge_revision(client, inst, campaign):
    api_pledge, _page_pledge, _page = two_pledges(client, inst, campaign)
    body = pledge_body(api_pledge, first_daitou(api_pledge))
    send(
        client, inst.user("secretary"), "put", f"/api/v1/pledges/{api_pledge.pk}/", body
    )
    response = send(
        client, inst.user("member"), "put", f"/api/v1/pledges/{api_pledge.pk}/", body
    )
    assert response.status_code == 409
    assert response.json()["revision"] == Pledge.objects.get(pk=api_pledge.pk).revision


def test_it_refuses_a_session_write_without_the_csrf_token(inst, campaign):
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(inst.user("secretary"))
    response = browser.post(
        "/api/v1/plans/",
        json.dumps({"unit": inst.branch.pk}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Plan.objects.exists()


def test_it_answers_in_chinese_by_default(client, inst, campaign):
    plan = services.plan_create(
        campaign=campaign, unit=inst.branch, by=inst.user("secretary")
    )
    fill_plan(plan, inst.user("secretary"))
    url = f"/api/v1/plans/{plan.pk}/submit/"
    send(client, inst.user("secretary"), "post", url)
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    response = send(client, inst.user("secretary"), "post", url)
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith(
        "只有草稿或已退回的才能提交"
    )
