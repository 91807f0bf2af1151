"""Exports read back cell by cell (openpyxl) or by extracted text (pdftotext), Chinese
included; and nobody outside the scope gets a row of them."""

import datetime
from io import BytesIO

import openpyxl
import pytest
from django.urls import reverse

from chuangxian.models import ExportJob
from pledges.models import PledgeItem
from tests.dashboards.builders import pdf_text
from tests.dashboards.world import grow


def run_export(client, user, kind, django_capture_on_commit_callbacks, **data):
    """Ask for a background export (run inline: eager Celery) and return the job."""
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboards:export_request", args=[kind]), data)
    assert response.status_code == 302, response.status_code
    job = ExportJob.objects.filter(requested_by=user).latest("created_at")
    assert response["Location"] == reverse("dashboards:export_job", args=[job.pk])
    return job


def download(client, job) -> bytes:
    response = client.get(reverse("dashboards:export_job_download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def workbook(data: bytes):
    return openpyxl.load_workbook(BytesIO(data))


def rows(sheet) -> list[list]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


@pytest.fixture
def background(eager_celery, media):
    return eager_celery


# ---------------------------------------------------------------------------------------
# Plans and pledges


def test_it_exports_one_row_per_committed_item(
    client, world, background, django_capture_on_commit_callbacks
):
    office = world.inst.user("office")
    job = run_export(
        client,
        office,
        "plans_pledges",
        django_capture_on_commit_callbacks,
        campaign=world.campaign.pk,
    )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.progress == 100
    book = workbook(download(client, job))
    assert book.sheetnames == ["Pledges", "Plans"]
    sheet = rows(book["Pledges"])
    assert sheet[0] == [
        "Unit",
        "Category",
        "Member",
        "Staff number",
        "Status",
        "Committed item",
        "Serves (带头)",
        "Measurable target",
        "Due date",
        "Progress",
        "Percent done",
        "Overdue",
        "Last reported at",
    ]
    item = PledgeItem.objects.select_related("criterion").get(
        pledge__person=world.inst.people["member"]
    )
    member_row = next(r for r in sheet[1:] if r[2] == "member")
    assert member_row[:11] == [
        "甲研究所一支部",
        world.inst.category.name,
        "member",
        world.inst.people["member"].staff_no,
        "Published",
        "承诺0",
        item.criterion.name,
        "完成两项",
        datetime.datetime.combine(item.due_on, datetime.time()),
        "At risk",
        30,
    ]
    assert member_row[11] is None  # not overdue
    # The secretary's submitted pledge is there too, one row for its item.
    assert [r[4] for r in sheet[1:] if r[2] == "secretary"] == ["Submitted"]


def test_it_exports_one_row_per_plan_measure(
    client, world, background, django_capture_on_commit_callbacks
):
    job = run_export(
        client,
        world.inst.user("office"),
        "plans_pledges",
        django_capture_on_commit_callbacks,
        campaign=world.campaign.pk,
    )
    sheet = rows(workbook(download(client, job))["Plans"])
    plan = world.inst.branch.plans.get(campaign=world.campaign)
    measures = list(plan.measures.order_by("order", "pk"))
    exported = [r for r in sheet[1:] if r[0] == "甲研究所一支部"]
    assert [r[5] for r in exported] == [m.text for m in measures]
    assert {r[2] for r in exported} == {"Published"}
    assert exported[0][3] == plan.focus
    assert "创先争优" in plan.focus


def test_it_exports_only_the_secretarys_own_branch(
    client, world, background, django_capture_on_commit_callbacks
):
    grow(world, 1)
    job = run_export(
        client,
        world.inst.user("secretary"),
        "plans_pledges",
        django_capture_on_commit_callbacks,
        campaign=world.campaign.pk,
    )
    book = workbook(download(client, job))
    units = {r[0] for r in rows(book["Pledges"])[1:]} | {
        r[0] for r in rows(book["Plans"])[1:]
    }
    assert units == {"甲研究所一支部"}


# ---------------------------------------------------------------------------------------
# Scores


def test_it_exports_scores_and_their_breakdown(
    client, world, background, django_capture_on_commit_callbacks
):
    job = run_export(
        client,
        world.inst.user("office"),
        "scores",
        django_capture_on_commit_callbacks,
        campaign=world.campaign.pk,
    )
    book = workbook(download(client, job))
    assert book.sheetnames == ["Scores", "Breakdown"]
    scores = rows(book["Scores"])
    assert scores[0][:8] == [
        "Ranking group",
        "Rank",
        "Name",
        "Kind",
        "Branch",
        "Score",
        "Grade",
        "Vetoed",
    ]
    first = scores[1]
    assert first[:7] == [
        world.inst.category.name,
        1,
        "甲研究所一支部",
        "Unit",
        None,
        92.5,
        "Excellent",
    ]
    member = next(r for r in scores if r[2] == "member")
    assert member[3:7] == ["Member", "甲研究所一支部", 88.0, "Good"]
    breakdown = rows(book["Breakdown"])
    lines = [r for r in breakdown if r[0] == "甲研究所一支部"]
    assert [r[5] for r in lines] == [
        "Office marks",
        "政治引领好：工作落实",
        "Final score",
    ]
    assert lines[1][6:8] == [9.0, 10.0]
    assert lines[0][8:11] == [0.6, 1.0, 92.5]


def test_it_refuses_scores_to_a_secretary(client, world, media):
    client.force_login(world.inst.user("secretary"))
    response = client.post(
        reverse("dashboards:export_request", args=["scores"]),
        {"campaign": world.campaign.pk},
    )
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


# ---------------------------------------------------------------------------------------
# The news matrix


def test_it_exports_the_news_matrix_with_the_missing_months_marked(client, world):
    client.force_login(world.inst.user("office"))
    response = client.get(
        reverse("dashboards:news_matrix_xlsx"), {"year": world.campaign.year}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = workbook(response.content).active
    data = rows(sheet)
    assert data[0][0] == "Branch"
    assert data[0][1:3] == ["1 mo.", "2 mo."]
    assert data[0][-2:] == ["Total", "Months missing"]
    month = world.campaign.phase1_start.month
    by_name = {r[0]: r for r in data[1:]}
    assert set(by_name) == {"甲研究所一支部", "甲研究所二支部", "甲研究所机关支部"}
    assert by_name["甲研究所一支部"][month] == 1
    assert by_name["甲研究所一支部"][13] == 1
    assert by_name["甲研究所二支部"][month] == 0
    # A past month without a report is highlighted; the filed one is not.
    other_row = [r for r in sheet.iter_rows() if r[0].value == "甲研究所二支部"][0]
    assert other_row[month].fill.fgColor.rgb.endswith("F8D7DA")
    first_row = [r for r in sheet.iter_rows() if r[0].value == "甲研究所一支部"][0]
    assert first_row[month].fill.fill_type is None


def test_it_refuses_the_news_matrix_to_a_member(client, world):
    client.force_login(world.inst.user("member"))
    assert client.get(reverse("dashboards:news_matrix_xlsx")).status_code == 403


# ---------------------------------------------------------------------------------------
# PDF


def test_it_exports_the_branch_ledger_pack_as_pdf(
    client, world, background, pdf_ok, django_capture_on_commit_callbacks
):
    job = run_export(
        client,
        world.inst.user("secretary"),
        "ledger",
        django_capture_on_commit_callbacks,
        branch=world.inst.branch.pk,
    )
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    data = download(client, job)
    text = pdf_text(data)
    assert "甲研究所一支部" in text
    assert "一支部开展主题党日活动" in text  # the news report
    assert "承诺0" in text  # the member's committed item
    assert "推进中，进度滞后" in text  # the progress report
    assert "Ledger" in text


def test_it_exports_the_printable_pledge_sheet_as_pdf(client, world, pdf_ok):
    client.force_login(world.inst.user("staff"))
    response = client.get(
        reverse("dashboards:pledge_sheet_pdf", args=[world.inst.branch.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "甲研究所一支部" in text
    assert "承诺0" in text
    assert "完成两项" in text
    assert "争创重点" in text


def test_it_renders_the_pdf_html_with_the_chinese_text(world):
    """Where pdftotext is missing, the HTML behind the PDF is what can be checked."""
    from chuangxian.exports import builders as exports
    from pledges import selectors

    html = exports.pledge_sheet_html(
        unit=world.inst.branch,
        campaign=world.campaign,
        plan=selectors.unit_plan(world.campaign, world.inst.branch),
        pledges=list(selectors.unit_pledges(world.campaign, world.inst.branch)),
        url="http://example.org/board/unit/1/",
    )
    assert "甲研究所一支部" in html
    assert "承诺0" in html
    assert "<svg" in html  # the QR code, inline


# ---------------------------------------------------------------------------------------
# Scope: another institute's office sees none of this institute's rows


def test_it_refuses_another_institute_this_ones_plans(client, world, other_inst, media):
    client.force_login(other_inst.user("office"))
    response = client.post(
        reverse("dashboards:export_request", args=["plans_pledges"]),
        {"campaign": world.campaign.pk},
    )
    assert response.status_code == 404
    assert not ExportJob.objects.exists()


def test_it_refuses_another_institute_this_ones_scores(
    client, world, other_inst, media
):
    client.force_login(other_inst.user("office"))
    response = client.post(
        reverse("dashboards:export_request", args=["scores"]),
        {"campaign": world.campaign.pk},
    )
    assert response.status_code == 404


def test_it_refuses_another_institute_this_ones_ledger(
    client, world, other_inst, media
):
    client.force_login(other_inst.user("office"))
    response = client.post(
        reverse("dashboards:export_request", args=["ledger"]),
        {"branch": world.inst.branch.pk},
    )
    assert response.status_code == 404


def test_it_refuses_another_institute_this_ones_pledge_sheet(client, world, other_inst):
    client.force_login(other_inst.user("office"))
    response = client.get(
        reverse("dashboards:pledge_sheet_pdf", args=[world.inst.branch.pk])
    )
    assert response.status_code == 404


def test_it_gives_another_institute_a_news_matrix_without_this_ones_rows(
    client, world, other_inst
):
    client.force_login(other_inst.user("office"))
    response = client.get(
        reverse("dashboards:news_matrix_xlsx"), {"year": world.campaign.year}
    )
    names = {r[0] for r in rows(workbook(response.content).active)[1:]}
    assert names == {"乙研究所一支部", "乙研究所二支部", "乙研究所机关支部"}


def test_it_serves_an_export_only_to_whoever_asked_for_it(
    client, world, other_inst, background, django_capture_on_commit_callbacks
):
    job = run_export(
        client,
        world.inst.user("office"),
        "plans_pledges",
        django_capture_on_commit_callbacks,
        campaign=world.campaign.pk,
    )
    for user in (world.inst.user("leader"), other_inst.user("office")):
        client.force_login(user)
        for name in ("export_job", "export_job_status", "export_job_download"):
            assert (
                client.get(reverse(f"dashboards:{name}", args=[job.pk])).status_code
                == 404
            )


def test_it_keeps_the_other_institutes_export_free_of_this_ones_rows(
    client, world, other_inst, background, django_capture_on_commit_callbacks
):
    from tests.pledges.builders import make_campaign

    theirs = make_campaign(other_inst.institute, start=world.campaign.phase1_start)
    job = run_export(
        client,
        other_inst.user("office"),
        "plans_pledges",
        django_capture_on_commit_callbacks,
        campaign=theirs.pk,
    )
    book = workbook(download(client, job))
    assert rows(book["Pledges"])[1:] == []
    assert rows(book["Plans"])[1:] == []
