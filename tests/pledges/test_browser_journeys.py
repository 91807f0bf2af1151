"""Browser journeys of phases 1 and 2: file, approve, publish, supervise, fulfil."""

import pytest

from pledges.models import Plan, Pledge, Status
from tests.pages import sign_in
from tests.pledges.builders import make_campaign, make_pledge
from tests.pledges.files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(page, username):
    page.context.clear_cookies()
    sign_in(page, username)


def click(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def test_it_files_approves_publishes_and_answers_a_comment(page, inst):
    campaign = make_campaign(inst.institute)
    member = inst.people["member"]
    due = campaign.phase2_end.isoformat()

    # The secretary starts the branch plan from the category template and submits it.
    as_user(page, "secretary")
    page.goto(page.base_url + "/plans/")
    click(page, f'[data-testid="plan-new-{inst.branch.pk}"]')
    page.fill('textarea[name="targets"]', "年度重点任务按节点完成")
    click(page, '[data-testid="save-submit"]')
    assert page.get_attribute("[data-status]", "data-status") == "submitted"

    # … and files a pledge on the member's behalf and submits it.
    page.goto(page.base_url + "/pledges/")
    click(page, f'[data-testid="pledge-behalf-{member.pk}"]')
    page.fill('input[name="items-0-text"]', "带头攻克射频前端难题")
    page.fill('input[name="items-0-target"]', "完成样机验证")
    page.fill('input[name="items-0-due_on"]', due)
    page.select_option('select[name="items-0-criterion"]', label="带头创新攻关")
    click(page, '[data-testid="save-submit"]')
    assert page.get_attribute("[data-status]", "data-status") == "submitted"
    assert page.locator('[data-testid="on-behalf"]').is_visible()

    # The general-branch secretary approves and publishes the plan.
    plan = Plan.objects.get(unit=inst.branch)
    as_user(page, "gsec")
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    click(page, '[data-testid="approve-publish"]')
    assert page.get_attribute("[data-status]", "data-status") == "published"

    # The branch secretary filed the pledge, so he may not approve it: the
    # general-branch secretary (the level above) approves and publishes it.
    pledge = Pledge.objects.get(person=member)
    as_user(page, "secretary")
    page.goto(page.base_url + f"/pledges/{pledge.pk}/")
    assert page.locator('[data-testid="approve-publish"]').count() == 0
    assert page.locator('[data-testid="filer-note"]').is_visible()
    as_user(page, "gsec")
    page.goto(page.base_url + f"/pledges/{pledge.pk}/")
    click(page, '[data-testid="approve-publish"]')
    assert page.get_attribute("[data-status]", "data-status") == "published"

    # Staff of the department find both on the board and comment on the plan.
    as_user(page, "staff")
    page.goto(page.base_url + "/board/")
    assert "带头攻克射频前端难题" in page.inner_text('[data-testid="board-pledge"]')
    click(page, '[data-testid="tab-plans"]')
    click(page, f'[data-testid="board-plan"] >> text={inst.branch.name}')
    page.fill('textarea[name="text"]', "请把措施的完成情况按月公示")
    click(page, '[data-testid="comment-submit"]')
    assert "请把措施的完成情况按月公示" in page.inner_text('[data-testid="comments"]')

    # The secretary answers it.
    as_user(page, "secretary")
    page.goto(page.base_url + f"/plans/{plan.pk}/")
    page.fill('[data-testid="comments"] input[name="text"]', "好的，每月在公示栏更新")
    click(page, '[data-testid="answer-submit"]')
    assert "每月在公示栏更新" in page.inner_text('[data-testid="answer"]')
    assert Plan.objects.get(pk=plan.pk).comments.get().answer


def test_it_reports_progress_with_a_pdf_that_the_secretary_sees(
    page, inst, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = make_campaign(inst.institute)
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    item = pledge.items.first()
    pdf = tmp_path / "阶段总结.pdf"
    pdf.write_bytes(pdf_bytes())

    as_user(page, "member")
    page.goto(page.base_url + f"/pledges/{pledge.pk}/")
    click(page, f'[data-testid="report-{item.pk}"]')
    page.select_option('select[name="status"]', "on_track")
    page.fill('input[name="percent"]', "60")
    page.fill('textarea[name="text"]', "完成样机调试")
    page.set_input_files('input[name="files"]', str(pdf))
    click(page, '[data-testid="progress-form"] [type=submit]')
    assert "阶段总结.pdf" in page.inner_text('[data-testid="progress-history"]')

    as_user(page, "secretary")
    page.goto(page.base_url + f"/progress/{inst.branch.pk}/")
    assert "阶段总结.pdf" in page.inner_text('[data-testid="progress-items"]')
    with page.expect_download() as download:
        page.click('[data-testid="progress-items"] >> text=阶段总结.pdf')
    assert download.value.suggested_filename == "阶段总结.pdf"
