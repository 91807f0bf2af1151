from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import User
from organizations.services import role_grant
from pledges import services
from pledges.models import (
    Campaign,
    Plan,
    Pledge,
    ProgressUpdate,
    Status,
    SupervisionComment,
)
from tests.pledges.builders import fill_plan, make_campaign, make_plan, make_pledge
from tests.pledges.files import pdf_bytes

pytestmark = pytest.mark.usefixtures("english")

S = Status
ROLES = ["outsider", "staff", "member", "othermember", "secretary", "gsec", "office"]


@dataclass
class World:
    inst: object
    other: object
    campaign: Campaign
    plan: Plan  # published, inst.branch
    draft_plan: Plan  # draft, inst.other_branch
    pledge: Pledge  # published, member
    draft_pledge: Pledge  # draft, othermember
    submitted_plan: Plan  # submitted, inst.lone_branch

    def user(self, role):
        if role == "outsider":
            return self.other.user("secretary")
        return self.inst.user(role)


@pytest.fixture
def world(inst, other_inst, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    campaign = make_campaign(inst.institute)
    make_campaign(other_inst.institute)
    gsec, sec = inst.user("gsec"), inst.user("secretary")
    plan = make_plan(campaign, inst.branch, sec, state=S.PUBLISHED, approver=gsec)
    draft_plan = make_plan(campaign, inst.other_branch, inst.user("othersec"))
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=S.PUBLISHED,
        approver=sec,
    )
    draft_pledge = make_pledge(
        campaign,
        inst.other_branch,
        inst.people["othermember"],
        inst.user("othermember"),
    )
    # Filed by a secretary of the lone branch, so the office may approve it
    # (nobody approves what they filed).
    role_grant(person=inst.people["othersec"], kind="secretary", node=inst.lone_branch)
    inst.user("othersec").__dict__.pop("_cx_scope", None)  # the new role counts
    submitted = make_plan(
        campaign, inst.lone_branch, inst.user("othersec"), state=S.SUBMITTED
    )
    return World(
        inst, other_inst, campaign, plan, draft_plan, pledge, draft_pledge, submitted
    )


def status_for(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


def matrix(client, world, url, expected: dict, method="get", data=None):
    got = {
        role: status_for(client, world.user(role), url, method, data)
        for role in expected
    }
    assert got == expected


# --- campaigns -------------------------------------------------------------------


def test_it_shows_the_campaign_to_its_institute_only(client, world):
    url = reverse("pledges:campaign", args=[world.campaign.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 200,
            "member": 200,
            "secretary": 200,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_lets_only_the_office_edit_a_campaign(client, world):
    url = reverse("pledges:campaign_edit", args=[world.campaign.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 403,
            "member": 403,
            "secretary": 403,
            "gsec": 403,
            "office": 200,
        },
    )


def test_it_lets_only_the_office_create_campaigns(client, world):
    url = reverse("pledges:campaign_create")
    matrix(
        client,
        world,
        url,
        {
            "outsider": 403,
            "staff": 403,
            "member": 403,
            "secretary": 403,
            "gsec": 403,
            "office": 200,
        },
    )


def test_it_lists_only_campaigns_of_ones_institute(client, world):
    client.force_login(world.user("outsider"))
    response = client.get(reverse("pledges:campaigns"))
    assert list(response.context["page"]) == list(
        Campaign.objects.filter(scope=world.other.institute)
    )


def test_it_shows_the_award_deadline_error_on_the_campaign_form(client, world):
    client.force_login(world.user("office"))
    url = reverse("pledges:campaign_edit", args=[world.campaign.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()
    }
    data["award_deadline"] = f"{world.campaign.year + 1}-07-05"
    data["theme"] = "我输入的主题"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["award_deadline"] == [
        "Awards are commended before 七一: the award deadline must be no later than 30 June."
    ]
    assert "我输入的主题" in response.content.decode()


def test_it_creates_a_campaign_in_the_browser(client, inst):
    client.force_login(inst.user("office"))
    form = client.get(reverse("pledges:campaign_create")).context["form"]
    data = {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in form.initial.items()
    }
    data.update(
        scope=inst.institute.pk, min_ballots=5, news_check_day=5, is_active="on"
    )
    response = client.post(reverse("pledges:campaign_create"), data)
    assert response.status_code == 302
    assert Campaign.objects.get(scope=inst.institute).criteria_sets.count() == 10


def test_it_copies_a_campaign_from_its_page(client, world):
    client.force_login(world.user("office"))
    response = client.post(reverse("pledges:campaign_copy", args=[world.campaign.pk]))
    assert response.status_code == 302
    assert Campaign.objects.filter(
        scope=world.inst.institute, year=world.campaign.year + 1
    ).exists()


def test_it_edits_a_category_template(client, world):
    template = world.campaign.plan_templates.get(category=world.inst.category)
    url = reverse("pledges:template_edit", args=[world.campaign.pk, template.pk])
    matrix(client, world, url, {"outsider": 404, "secretary": 403, "office": 200})
    client.force_login(world.user("office"))
    client.post(
        url,
        {
            "focus": "新重点",
            "targets": "t",
            "pledge_plans": "p",
            "pledge_direction": "d",
            "measures": "甲\n\n乙",
        },
    )
    template.refresh_from_db()
    assert template.focus == "新重点"
    assert list(template.measures.values_list("text", flat=True)) == ["甲", "乙"]


def test_it_lets_a_union_officer_set_up_union_items(client, world):
    from organizations import services as org_services
    from organizations.models import Role
    from tests.factories import person

    officer = person(world.inst.institute, "unioner", department=world.inst.department)
    org_services.role_grant(
        person=officer, kind=Role.Kind.UNION_OFFICER, node=world.inst.union
    )
    union = world.campaign.criteria_sets.get(code="union_member")
    url = reverse("pledges:criteria_edit", args=[world.campaign.pk, union.pk])
    client.force_login(officer.user)
    assert client.post(url, {"name": "爱岗敬业"}).status_code == 302
    assert union.criteria.order_by("-order").first().name == "爱岗敬业"
    party = world.campaign.criteria_sets.get(code="party_member")
    url = reverse("pledges:criteria_edit", args=[world.campaign.pk, party.pk])
    assert client.post(url, {"name": "x"}).status_code == 403


# --- plans -----------------------------------------------------------------------


def test_it_shows_a_published_plan_to_the_staff_it_concerns(client, world):
    url = reverse("pledges:plan", args=[world.plan.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 200,
            "member": 200,
            "othermember": 404,
            "secretary": 200,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_hides_a_draft_plan_from_members_and_staff(client, world):
    url = reverse("pledges:plan", args=[world.draft_plan.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 404,
            "othermember": 404,
            "secretary": 404,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_lets_only_managers_edit_a_plan(client, world):
    url = reverse("pledges:plan_edit", args=[world.draft_plan.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 404,
            "othermember": 404,
            "secretary": 404,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_lets_only_the_general_secretary_approve_a_branch_plan(client, world):
    othersec = world.inst.user("othersec")
    plan = fill_plan(world.draft_plan, othersec)
    services.plan_submit(plan=plan, by=othersec)
    url = reverse("pledges:plan_step", args=[plan.pk, "approve"])
    matrix(
        client,
        world,
        url,
        {"outsider": 404, "staff": 404, "othermember": 404},
        method="post",
    )
    assert status_for(client, othersec, url, "post") == 403
    assert Plan.objects.get(pk=plan.pk).status == S.SUBMITTED
    assert status_for(client, world.user("gsec"), url, "post") == 302
    assert Plan.objects.get(pk=plan.pk).status == S.APPROVED


def test_it_lets_the_office_approve_and_publish_in_one_step(client, world):
    client.force_login(world.user("office"))
    url = reverse(
        "pledges:plan_step", args=[world.submitted_plan.pk, "approve_publish"]
    )
    assert client.post(url).status_code == 302
    assert Plan.objects.get(pk=world.submitted_plan.pk).status == S.PUBLISHED


def test_it_shows_a_clear_message_for_a_second_approval(client, world):
    services.plan_approve(plan=world.submitted_plan, by=world.inst.user("office"))
    client.force_login(world.user("office"))
    url = reverse("pledges:plan_step", args=[world.submitted_plan.pk, "approve"])
    response = client.post(url, follow=True)
    assert "already approved by office" in response.content.decode()


def test_it_needs_a_reason_to_return_in_the_browser(client, world):
    client.force_login(world.user("office"))
    url = reverse("pledges:plan_step", args=[world.submitted_plan.pk, "return"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Say why it is returned" in response.content.decode()
    assert Plan.objects.get(pk=world.submitted_plan.pk).status == S.SUBMITTED


def test_it_refuses_an_unknown_step(client, world):
    client.force_login(world.user("office"))
    url = reverse("pledges:plan_step", args=[world.submitted_plan.pk, "explode"])
    assert client.post(url).status_code == 404


def _plan_post(plan, **overrides):
    data = {
        "revision": plan.revision,
        "focus": plan.focus,
        "targets": plan.targets,
        "measures-TOTAL_FORMS": "1",
        "measures-INITIAL_FORMS": "0",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "measures-0-text": "新措施",
        "measures-0-due_on": plan.campaign.phase2_end.isoformat(),
        "milestones-0-text": "节点",
        "milestones-0-due_on": plan.campaign.phase2_end.isoformat(),
    }
    data.update(overrides)
    return data


def test_it_saves_a_plan_with_new_rows(client, world):
    plan = world.draft_plan
    client.force_login(world.user("gsec"))
    response = client.post(
        reverse("pledges:plan_edit", args=[plan.pk]), _plan_post(plan)
    )
    assert response.status_code == 302
    assert plan.measures.filter(text="新措施").exists()


def test_it_asks_for_a_due_date_on_a_used_row(client, world):
    plan = world.draft_plan
    client.force_login(world.user("gsec"))
    response = client.post(
        reverse("pledges:plan_edit", args=[plan.pk]),
        _plan_post(plan, **{"measures-0-due_on": "", "focus": "我的文字"}),
    )
    assert response.status_code == 200
    assert response.context["measures"].forms[0].errors["due_on"] == [
        "Fill this in, or tick Remove."
    ]
    assert "我的文字" in response.content.decode()


def test_it_shows_a_conflict_and_keeps_what_was_typed(client, world):
    plan = world.draft_plan
    stale = plan.revision
    services.plan_update(
        plan=plan,
        by=world.inst.user("othersec"),
        revision=stale,
        focus="别人的改动",
        targets="t",
        measures=[],
        milestones=[],
    )
    client.force_login(world.user("gsec"))
    response = client.post(
        reverse("pledges:plan_edit", args=[plan.pk]),
        _plan_post(plan, revision=stale, focus="我的改动"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "changed this at" in body
    assert "我的改动" in body
    assert Plan.objects.get(pk=plan.pk).focus == "别人的改动"
    assert response.context["form"]["revision"].value() == str(
        Plan.objects.get(pk=plan.pk).revision
    )


def test_it_starts_a_plan_from_the_list(client, world):
    from organizations.models import Organization
    from tests.factories import unit

    new = unit(
        "新支部",
        Organization.Kind.BRANCH,
        world.inst.gb,
        category=world.inst.category,
    )
    client.force_login(world.user("gsec"))
    listed = client.get(reverse("pledges:plans")).context["units_without_plan"]
    assert new in listed
    response = client.post(reverse("pledges:plan_create", args=[new.pk]))
    plan = Plan.objects.get(unit=new)
    assert response.url == reverse("pledges:plan_edit", args=[plan.pk])
    assert plan.focus == world.inst.category.emphasis


def test_it_says_when_the_plan_exists_already(client, world):
    client.force_login(world.user("secretary"))
    response = client.post(
        reverse("pledges:plan_create", args=[world.inst.branch.pk]), follow=True
    )
    assert "already has a plan" in response.content.decode()


def test_it_lists_plans_for_roles_only(client, world):
    url = reverse("pledges:plans")
    matrix(
        client,
        world,
        url,
        {
            "outsider": 200,
            "staff": 403,
            "member": 403,
            "secretary": 200,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_lists_only_plans_in_reach(client, world):
    client.force_login(world.user("secretary"))
    response = client.get(reverse("pledges:plans"))
    assert [p.pk for p in response.context["page"]] == [world.plan.pk]


# --- pledges ---------------------------------------------------------------------


def test_it_shows_a_draft_pledge_to_its_member_and_secretaries(client, world):
    url = reverse("pledges:pledge", args=[world.draft_pledge.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 404,
            "member": 404,
            "othermember": 200,
            "secretary": 404,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_shows_a_published_pledge_on_the_board(client, world):
    url = reverse("pledges:pledge", args=[world.pledge.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 200,
            "member": 200,
            "othermember": 404,
            "secretary": 200,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_lets_the_member_and_secretary_edit_a_pledge(client, world):
    url = reverse("pledges:pledge_edit", args=[world.pledge.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 403,
            "member": 200,
            "othermember": 404,
            "secretary": 200,
            "gsec": 200,
        },
    )


def test_it_files_a_pledge_on_behalf_from_the_list(client, world):
    client.force_login(world.user("secretary"))
    response = client.get(reverse("pledges:pledges"))
    missing = dict(response.context["missing"])
    assert world.inst.people["secretary"] in missing[world.inst.branch]
    response = client.post(
        reverse("pledges:pledge_create"),
        {"unit": world.inst.branch.pk, "person": world.inst.people["gsec"].pk},
    )
    pledge = Pledge.objects.get(person=world.inst.people["gsec"])
    assert response.url == reverse("pledges:pledge_edit", args=[pledge.pk])
    assert pledge.on_behalf


def test_it_shows_a_pledge_filed_on_behalf_by_a_removed_account(client, world):
    client.force_login(world.user("secretary"))
    client.post(
        reverse("pledges:pledge_create"),
        {"unit": world.inst.branch.pk, "person": world.inst.people["gsec"].pk},
    )
    pledge = Pledge.objects.get(person=world.inst.people["gsec"])
    Pledge.objects.filter(pk=pledge.pk).update(created_by=None)  # account removed
    response = client.get(reverse("pledges:pledge", args=[pledge.pk]))
    assert response.status_code == 200
    assert 'data-testid="on-behalf"' in response.content.decode()


def test_it_refuses_to_file_for_someone_out_of_reach(client, world):
    client.force_login(world.user("member"))
    response = client.post(
        reverse("pledges:pledge_create"),
        {
            "unit": world.inst.other_branch.pk,
            "person": world.inst.people["othermember"].pk,
        },
    )
    assert response.status_code == 404


def test_it_saves_pledge_items_and_requires_the_daitou(client, world):
    pledge = make_pledge(
        world.campaign,
        world.inst.branch,
        world.inst.people["secretary"],
        world.inst.user("secretary"),
    )
    client.force_login(world.user("secretary"))
    data = {
        "revision": pledge.revision,
        "plans": "p",
        "direction": "d",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-text": "发表论文",
        "items-0-target": "2篇",
        "items-0-due_on": world.campaign.phase2_end.isoformat(),
    }
    response = client.post(reverse("pledges:pledge_edit", args=[pledge.pk]), data)
    assert response.status_code == 200
    assert response.context["items"].forms[0].errors["criterion"] == [
        "Fill this in, or tick Remove."
    ]
    crit = pledge.criteria_set.criteria.filter(parent=None).first()
    data["items-0-criterion"] = crit.pk
    data["submit_now"] = "1"
    response = client.post(reverse("pledges:pledge_edit", args=[pledge.pk]), data)
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.status == S.SUBMITTED
    assert pledge.items.get().criterion == crit


def test_it_shows_versions_with_what_changed(client, world):
    pledge = world.pledge
    item = pledge.items.first()
    services.pledge_update(
        pledge=pledge,
        by=world.inst.user("member"),
        revision=pledge.revision,
        plans="改过的打算",
        direction=pledge.direction,
        items=[
            {
                "id": item.pk,
                "text": item.text,
                "target": "三篇",
                "due_on": item.due_on,
                "criterion": item.criterion,
            }
        ],
    )
    services.pledge_change_approve(pledge=pledge, by=world.inst.user("secretary"))
    client.force_login(world.user("staff"))
    response = client.get(reverse("pledges:pledge", args=[pledge.pk]))
    body = response.content.decode()
    assert 'data-version="2"' in body and 'data-version="1"' in body
    assert "改过的打算" in body
    assert "三篇" in body


# --- board, comments -------------------------------------------------------------


def test_it_puts_the_department_on_the_staff_board(client, world):
    client.force_login(world.user("staff"))
    response = client.get(reverse("pledges:board"))
    assert [p["pk"] for p in response.context["page"]] == [world.pledge.pk]
    response = client.get(reverse("pledges:board") + "?show=plans")
    assert list(response.context["page"]) == [world.plan.pk]


def test_it_shows_an_outsider_nothing_of_another_institute(client, world):
    client.force_login(world.user("outsider"))
    response = client.get(reverse("pledges:board"))
    assert list(response.context["page"]) == []
    assert response.context["campaign"].scope == world.other.institute


def test_it_filters_the_board_by_daitou(client, world):
    client.force_login(world.user("office"))
    crit = world.pledge.items.first().criterion
    other = (
        world.campaign.criteria_sets.get(code="party_member")
        .criteria.filter(parent=None)
        .last()
    )
    url = reverse("pledges:board")
    assert len(client.get(url, {"criterion": crit.pk}).context["page"]) == 1
    assert len(client.get(url, {"criterion": other.pk}).context["page"]) == 0


def test_it_searches_the_board(client, world):
    client.force_login(world.user("office"))
    url = reverse("pledges:board")
    assert len(client.get(url, {"q": "member"}).context["page"]) == 1
    assert len(client.get(url, {"q": "没有这个"}).context["page"]) == 0


def test_it_filters_the_board_by_unit_and_category(client, world):
    client.force_login(world.user("office"))
    url = reverse("pledges:board")
    assert (
        len(client.get(url, {"unit": world.inst.other_branch.pk}).context["page"]) == 0
    )
    assert (
        len(
            client.get(
                url, {"category": world.inst.category.pk, "show": "plans"}
            ).context["page"]
        )
        == 1
    )


def test_it_shows_the_unit_page_to_those_it_concerns(client, world):
    url = reverse("pledges:board_unit", args=[world.inst.branch.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 200,
            "member": 200,
            "othermember": 404,
            "secretary": 200,
            "gsec": 200,
            "office": 200,
        },
    )


def test_it_prints_an_a4_sheet_with_a_qr_code(client, world, settings):
    settings.SITE_URL = "https://cx.example.org"
    client.force_login(world.user("staff"))
    response = client.get(reverse("pledges:board_print", args=[world.inst.branch.pk]))
    body = response.content.decode()
    assert "size: A4" in body
    assert "<svg" in body
    assert (
        "https://cx.example.org"
        + reverse("pledges:board_unit", args=[world.inst.branch.pk])
        in body
    )
    assert world.inst.people["member"].name in body


def test_it_keeps_an_anonymous_comment_unlinked(client, world):
    client.force_login(world.user("staff"))
    url = reverse("pledges:comment_add", args=["pledge", world.pledge.pk])
    client.post(url, {"text": "请按时完成", "anonymous": "on"})
    comment = SupervisionComment.objects.get()
    assert comment.author is None
    assert comment.is_anonymous
    assert not hasattr(comment, "created_at")
    assert (
        world.inst.people["staff"].name
        not in client.get(reverse("pledges:pledge", args=[world.pledge.pk]))
        .content.decode()
        .split('id="comments"')[1]
    )


def test_it_keeps_the_author_of_a_named_comment(client, world):
    client.force_login(world.user("staff"))
    client.post(
        reverse("pledges:comment_add", args=["plan", world.plan.pk]), {"text": "好"}
    )
    assert SupervisionComment.objects.get().author == world.user("staff")


def test_it_refuses_an_empty_comment(client, world):
    client.force_login(world.user("staff"))
    response = client.post(
        reverse("pledges:comment_add", args=["plan", world.plan.pk]),
        {"text": ""},
        follow=True,
    )
    assert "Write your comment first." in response.content.decode()
    assert not SupervisionComment.objects.exists()


def test_it_refuses_comments_from_outsiders(client, world):
    url = reverse("pledges:comment_add", args=["plan", world.plan.pk])
    matrix(
        client,
        world,
        url,
        {"outsider": 404, "othermember": 404},
        method="post",
        data={"text": "x"},
    )


def test_it_lets_the_secretary_answer(client, world):
    comment = services.comment_add(
        target=world.pledge, by=world.user("staff"), text="?", anonymous=True
    )
    url = reverse("pledges:comment_answer", args=[comment.pk])
    matrix(
        client,
        world,
        url,
        {"outsider": 404, "staff": 403, "member": 403, "othermember": 404},
        method="post",
        data={"text": "a"},
    )
    client.force_login(world.user("secretary"))
    client.post(url, {"text": "已落实"})
    comment.refresh_from_db()
    assert comment.answer == "已落实"
    assert comment.answered_by == world.user("secretary")


# --- progress and evidence -------------------------------------------------------


def _report(client, user, item, **data):
    client.force_login(user)
    return client.post(reverse("pledges:progress_item", args=[item.pk]), data)


def test_it_reports_progress_with_a_pdf(client, world):
    item = world.pledge.items.first()
    response = _report(
        client,
        world.user("member"),
        item,
        status="on_track",
        percent=40,
        text="完成一半",
        files=[SimpleUploadedFile("../../报告.pdf", pdf_bytes())],
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    evidence = update.evidence.get()
    assert evidence.name == "报告.pdf"
    assert ".." not in evidence.file.name
    item.refresh_from_db()
    assert (item.progress_status, item.progress_percent) == ("on_track", 40)


def test_it_refuses_a_disguised_file_and_keeps_the_text(client, world):
    item = world.pledge.items.first()
    response = _report(
        client,
        world.user("member"),
        item,
        status="on_track",
        percent=40,
        text="我的说明",
        files=[SimpleUploadedFile("photo.png", b"<script>alert(1)</script>")],
    )
    assert response.status_code == 200
    assert "not an allowed type" in response.context["form"].errors["files"][0]
    assert "我的说明" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_it_refuses_a_file_too_big(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 50
    item = world.pledge.items.first()
    response = _report(
        client,
        world.user("member"),
        item,
        status="on_track",
        percent=40,
        text="x",
        files=[SimpleUploadedFile("a.pdf", pdf_bytes())],
    )
    assert "at most" in response.context["form"].errors["files"][0]


def test_it_refuses_a_bad_percentage(client, world):
    item = world.pledge.items.first()
    response = _report(
        client, world.user("member"), item, status="on_track", percent=140, text="x"
    )
    assert response.context["form"].errors["percent"] == [
        "Give a percentage from 0 to 100."
    ]


def test_it_asks_instead_of_turning_done_at_40_into_100(client, world):
    item = world.pledge.items.first()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    response = _report(
        client, world.user("member"), item, status="done", percent=40, text="x"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["percent"] == [
        "已完成的事项进度应为 100 %，您填写的是 40 %。"
        "请改为 100 %，如尚未完成请选择其他状态。"
    ]
    assert not ProgressUpdate.objects.exists()
    item.refresh_from_db()
    assert item.progress_percent == 0


def test_it_refuses_progress_reports_from_readers(client, world):
    item = world.pledge.items.first()
    assert (
        _report(
            client, world.user("staff"), item, status="done", percent=100, text="x"
        ).status_code
        == 403
    )
    assert (
        _report(
            client, world.user("outsider"), item, status="done", percent=100, text="x"
        ).status_code
        == 404
    )


def test_it_serves_evidence_only_in_scope(client, world):
    item = world.pledge.items.first()
    _report(
        client,
        world.user("member"),
        item,
        status="done",
        percent=100,
        text="x",
        files=[SimpleUploadedFile("r.pdf", pdf_bytes())],
    )
    evidence = ProgressUpdate.objects.get().evidence.get()
    url = reverse("pledges:evidence", args=[evidence.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "othermember": 404,
            "staff": 200,
            "secretary": 200,
            "office": 200,
        },
    )
    client.force_login(world.user("secretary"))
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_it_marks_overdue_items_on_the_progress_page(client, world, time_machine=None):
    import datetime

    item = world.pledge.items.first()
    item.due_on = datetime.date(2000, 1, 1)
    item.save()
    client.force_login(world.user("secretary"))
    response = client.get(reverse("pledges:progress", args=[world.inst.branch.pk]))
    body = response.content.decode()
    assert 'data-overdue-row="1"' in body
    assert response.context["overdue"]["items"] == 1


def test_it_shows_the_progress_page_to_those_it_concerns(client, world):
    url = reverse("pledges:progress", args=[world.inst.branch.pk])
    matrix(
        client,
        world,
        url,
        {
            "outsider": 404,
            "staff": 200,
            "member": 200,
            "othermember": 404,
            "secretary": 200,
            "gsec": 200,
            "office": 200,
        },
    )


# --- home panels, navigation, phase ----------------------------------------------


@pytest.mark.parametrize(
    "role,panel",
    [
        ("secretary", "pledges-secretary"),
        ("gsec", "pledges-secretary"),
        ("member", "pledges-member"),
        ("staff", "pledges-staff"),
        ("office", "pledges-office"),
    ],
)
def test_it_adds_a_panel_to_each_home(client, world, role, panel):
    client.force_login(world.user(role))
    assert f'data-panel="{panel}"' in client.get("/").content.decode()


def test_it_names_members_without_a_pledge_on_the_secretary_home(client, world):
    client.force_login(world.user("secretary"))
    body = client.get("/").content.decode()
    assert 'data-testid="panel-missing"' in body


def test_it_shows_the_board_in_everyones_navigation(client, world):
    client.force_login(world.user("staff"))
    body = client.get("/").content.decode()
    assert 'data-nav="board"' in body
    assert 'data-nav="campaigns"' not in body
    client.force_login(world.user("office"))
    assert 'data-nav="campaigns"' in client.get("/").content.decode()


def test_it_shows_the_current_phase_on_every_page(client, world, settings):
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    if "pledges.context_processors.current_phase" not in processors:
        settings.TEMPLATES = [
            {
                **settings.TEMPLATES[0],
                "OPTIONS": {
                    **settings.TEMPLATES[0]["OPTIONS"],
                    "context_processors": [
                        *processors,
                        "pledges.context_processors.current_phase",
                    ],
                },
            }
        ]
    client.force_login(world.user("staff"))
    body = client.get(reverse("pledges:board")).content.decode()
    assert 'data-testid="current-phase"' in body
    assert "积极争创，扎实推进" in body


def test_it_shows_no_phase_without_a_running_campaign(rf, inst):
    from pledges.context_processors import current_phase

    request = rf.get("/")
    request.user = inst.user("staff")
    assert str(current_phase(request)["current_phase"]) == ""


def test_it_asks_anonymous_users_to_sign_in(client, world):
    response = client.get(reverse("pledges:board"))
    assert response.status_code == 302
    assert User.objects.count() > 0


def test_it_refuses_an_absurd_row_count_without_building_the_rows(client, world):
    # TOTAL_FORMS=10^30 used to build some 1 050 forms per request.
    plan = world.draft_plan
    before = list(plan.measures.values_list("pk", "text"))
    client.force_login(world.user("gsec"))
    response = client.post(
        reverse("pledges:plan_edit", args=[plan.pk]),
        _plan_post(plan, **{"measures-TOTAL_FORMS": str(10**30)}),
    )
    assert response.status_code == 200
    measures = response.context["measures"]
    assert len(measures.forms) <= 50
    assert "A list holds at most 50 rows" in response.content.decode()
    assert list(plan.measures.values_list("pk", "text")) == before


def test_every_row_formset_caps_the_forms_it_builds():
    from pledges import forms as pledge_forms

    formsets = [
        value
        for value in vars(pledge_forms).values()
        if isinstance(value, type)
        and issubclass(value, pledge_forms.forms.BaseFormSet)
        and value is not pledge_forms._RowFormSet
    ]
    assert len(formsets) == 3
    assert all(f.absolute_max <= pledge_forms.MAX_ROWS for f in formsets)


def test_an_admin_inline_caps_the_forms_it_builds(client, world):
    from django.contrib import admin

    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.get(
        reverse("admin:pledges_plan_change", args=[world.draft_plan.pk])
    )
    caps = [f.formset.absolute_max for f in response.context["inline_admin_formsets"]]
    assert caps == [500, 500]
    inlines = [i for a in admin.site._registry.values() for i in a.inlines]
    assert max(max(i.absolute_max, i.max_num) for i in inlines) <= 500


def test_it_shows_a_held_change_and_lets_the_approver_decide_it(client, world):
    pledge = world.pledge
    client.force_login(world.user("member"))
    data = {
        "revision": pledge.revision,
        "plans": "改过的打算",
        "direction": pledge.direction,
        "items-TOTAL_FORMS": "0",
        "items-INITIAL_FORMS": "0",
    }
    for i, item in enumerate(pledge.items.all()):
        data.update(
            {
                f"items-{i}-id": item.pk,
                f"items-{i}-text": item.text,
                f"items-{i}-target": item.target,
                f"items-{i}-due_on": item.due_on.isoformat(),
                f"items-{i}-criterion": item.criterion_id or "",
            }
        )
        data["items-TOTAL_FORMS"] = str(i + 1)
        data["items-INITIAL_FORMS"] = str(i + 1)
    edit = reverse("pledges:pledge_edit", args=[pledge.pk])
    response = client.post(edit, data, follow=True)
    assert "sent for approval" in response.content.decode()
    # The edit form shows the held change; the board still the published text.
    assert "改过的打算" in client.get(edit).content.decode()
    client.force_login(world.user("staff"))
    body = client.get(reverse("pledges:pledge", args=[pledge.pk])).content.decode()
    assert "改过的打算" not in body
    assert 'data-testid="pending-change"' in body
    assert 'data-testid="approve-change"' not in body
    client.force_login(world.user("secretary"))
    url = reverse("pledges:pledge_step", args=[pledge.pk, "approve_change"])
    assert client.post(url).status_code == 302
    pledge.refresh_from_db()
    assert pledge.plans == "改过的打算" and pledge.version == 2


def _plans_row(client, user, plan) -> str:
    client.force_login(user)
    body = client.get(reverse("pledges:plans")).content.decode()
    body = body[body.index('data-testid="plans"') :]
    row = body[body.index(f'<a href="{plan.get_absolute_url()}">{plan.unit.name}') :]
    return row[: row.index("</tr>")]


def test_it_shows_a_returned_plan_in_the_plan_list_kept_in_the_cache(client, world):
    office = world.user("office")
    assert 'data-status="submitted"' in _plans_row(client, office, world.submitted_plan)
    services.plan_return(plan=world.submitted_plan, by=office, reason="再改改")
    assert 'data-status="returned"' in _plans_row(client, office, world.submitted_plan)


def test_it_keeps_the_offices_cached_plan_list_from_a_secretary(client, world):
    client.force_login(world.user("office"))
    assert (
        world.draft_plan.unit.name
        in client.get(reverse("pledges:plans")).content.decode()
    )
    client.force_login(world.user("secretary"))
    body = client.get(reverse("pledges:plans")).content.decode()
    assert f'href="{world.plan.get_absolute_url()}"' in body
    assert f'href="{world.draft_plan.get_absolute_url()}"' not in body


def test_it_shows_the_plans_awaiting_approval_on_the_plan_list(client, world):
    client.force_login(world.user("office"))
    body = client.get(reverse("pledges:plans")).content.decode()
    awaiting = body[body.index('data-testid="plans-awaiting"') :]
    awaiting = awaiting[: awaiting.index("</div>")]
    assert f'href="{world.submitted_plan.get_absolute_url()}"' in awaiting
    assert world.submitted_plan.unit.name in awaiting
