"""Requests and reports (请示报告) of a mass unit to its leading party organisation:
filed with files, the secretary told, answered in a thread, seen by nobody else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.access import scope_of
from organizations.models import Notification, User
from pledges.leadership import services
from pledges.leadership.access import can_read_report, readable_reports_q
from pledges.models import MassReport
from tests.pledges.leadership.builders import league_under_party

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def league(inst, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return league_under_party(inst)


def _report(league, n=1):
    return services.mass_report_create(
        unit=league.branch,
        by=league.branch_officer,
        subject=f"关于开展青年突击队活动的请示{n}",
        body="拟于五月组织青年突击队。",
        files=[SimpleUploadedFile("方案.pdf", PDF)],
    )


def test_it_goes_to_the_leading_branch_and_tells_its_secretary(inst, league):
    report = _report(league)
    assert report.lead == inst.branch
    assert report.status == MassReport.Status.SUBMITTED
    assert report.attachments.get().name == "方案.pdf"
    told = Notification.objects.filter(url=report.get_absolute_url())
    assert {n.recipient_id for n in told} == {inst.people["secretary"].pk}


def test_the_page_files_a_report_with_an_attachment(inst, league, client):
    client.force_login(league.branch_officer)
    assert client.get("/leadership/reports/new/").status_code == 200
    response = client.post(
        "/leadership/reports/new/",
        {
            "unit": league.branch.pk,
            "subject": "关于团支部换届的请示",
            "body": "请支部审定候选人。",
            "files": SimpleUploadedFile("名单.pdf", PDF),
        },
    )
    assert response.status_code == 302
    report = MassReport.objects.get()
    assert report.attachments.count() == 1
    assert client.get(report.attachments.get().get_absolute_url()).status_code == 200


def test_the_page_keeps_what_was_typed_and_says_what_is_missing(league, client):
    client.force_login(league.branch_officer)
    response = client.post(
        "/leadership/reports/new/",
        {"unit": league.branch.pk, "subject": "", "body": "请支部审定。"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "该字段是必填项。" in body
    assert "请支部审定。" in body
    assert not MassReport.objects.exists()


def test_only_mass_officers_file_reports(inst, client):
    client.force_login(inst.user("member"))
    assert client.get("/leadership/reports/new/").status_code == 403


def test_the_partys_answer_marks_it_answered_and_a_further_word_reopens_it(
    inst, league, client
):
    report = _report(league)
    client.force_login(inst.user("secretary"))
    response = client.post(
        f"/leadership/reports/{report.pk}/reply/", {"body": "同意。"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MassReport.Status.ANSWERED
    assert report.messages.get().is_answer
    assert (
        Notification.objects.filter(
            recipient=inst.people["secretary"], kind=Notification.Kind.COMMENT
        ).count()
        == 0
    )
    client.force_login(league.branch_officer)
    client.post(f"/leadership/reports/{report.pk}/reply/", {"body": "补充名单。"})
    report.refresh_from_db()
    assert report.status == MassReport.Status.SUBMITTED


def test_an_empty_reply_is_refused_with_a_message(inst, league, client):
    report = _report(league)
    client.force_login(inst.user("secretary"))
    response = client.post(f"/leadership/reports/{report.pk}/reply/", {"body": " "})
    assert response.status_code == 400
    assert "请先写好回复再发送" in response.content.decode()


@pytest.mark.parametrize(
    "who,status",
    [
        ("league", 200),
        ("secretary", 200),
        ("gsec", 200),
        ("office", 200),
        ("leagueofficer", 200),  # the league committee above the branch
        ("othersec", 404),
        ("member", 404),
        ("staff", 404),
        ("y_office", 404),
    ],
)
def test_only_the_unit_its_leading_party_and_the_office_see_it(
    inst, other_inst, league, client, who, status
):
    report = _report(league)
    users = {"league": league.branch_officer, "leagueofficer": league.officer}
    user = users.get(who) or (
        User.objects.get(username="yoffice") if who == "y_office" else inst.user(who)
    )
    client.force_login(user)
    assert client.get(report.get_absolute_url()).status_code == status
    listed = client.get("/leadership/reports/")
    assert (report.subject in listed.content.decode()) is (status == 200)


def test_the_check_and_the_filter_agree(inst, other_inst, league):
    _report(league)
    reports = list(MassReport.objects.select_related("unit", "lead"))
    for user in User.objects.all():
        scope = scope_of(user)
        listed = set(
            MassReport.objects.filter(readable_reports_q(scope)).values_list(
                "pk", flat=True
            )
        )
        checked = {r.pk for r in reports if can_read_report(scope, r)}
        assert listed == checked, user.username


def test_the_list_takes_the_same_queries_for_one_report_as_for_many(
    inst, league, client
):
    client.force_login(inst.user("secretary"))
    _report(league)
    client.get("/leadership/reports/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/leadership/reports/").status_code == 200
    for n in range(2, 7):
        _report(league, n)
    client.get(
        "/leadership/reports/"
    )  # the writes made the shared figures stale: warm again
    with CaptureQueriesContext(connection) as many:
        client.get("/leadership/reports/")
    assert len(many) == len(one)
