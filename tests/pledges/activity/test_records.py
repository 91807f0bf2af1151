"""纪实登记 and the branch ledger (台账): filing, attachments, links, the ledger's order
and its fixed query count."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pledges.activity import selectors, services
from pledges.models import ActivityRecord, Meeting, NewsReport, RecordAttachment
from tests.pledges.files import pdf_bytes, png_bytes

DAY = datetime.date(2026, 5, 4)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    with translation.override("en"):
        yield tmp_path


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def form_data(**extra):
    data = {
        "kind": "process",
        "occurred_on": "2026-05-04",
        "title": "主题党日",
        "text": "开展主题党日活动。",
    }
    data.update(extra)
    return data


def test_it_registers_a_branch_record_with_a_pdf(en, inst, media):
    en.force_login(inst.user("secretary"))
    url = reverse("activity:record_create", args=[inst.branch.pk])
    response = en.post(
        url, form_data(files=[SimpleUploadedFile("会议纪要.pdf", pdf_bytes())])
    )
    record = ActivityRecord.objects.get()
    assert response.status_code == 302
    assert record.branch == inst.branch
    assert record.person is None
    assert record.created_by == inst.user("secretary")
    attachment = record.attachments.get()
    assert attachment.name == "会议纪要.pdf"
    assert attachment.content_type == "application/pdf"


def test_it_stores_files_under_a_random_name_inside_media_root(inst, media):
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("../../etc/passwd.pdf", pdf_bytes())],
    )
    attachment = record.attachments.get()
    assert attachment.name == "passwd.pdf"
    stored = media / attachment.file.name
    assert stored.exists()
    assert stored.resolve().is_relative_to(media.resolve())
    assert "passwd" not in attachment.file.name
    assert attachment.file.name.startswith("activity/records/")
    assert attachment.file.name.endswith(".pdf")


def test_it_lets_a_member_file_a_record_of_their_own(en, inst):
    en.force_login(inst.user("member"))
    response = en.post(reverse("activity:record_create_own"), form_data())
    record = ActivityRecord.objects.get()
    assert response.status_code == 302
    assert record.person == inst.people["member"]
    assert record.branch == inst.branch


def test_it_ignores_a_person_posted_by_a_member(en, inst):
    en.force_login(inst.user("member"))
    en.post(
        reverse("activity:record_create_own"),
        form_data(person=inst.people["secretary"].pk),
    )
    assert ActivityRecord.objects.get().person == inst.people["member"]


def test_it_refuses_a_record_for_a_member_of_another_branch(en, inst):
    en.force_login(inst.user("secretary"))
    url = reverse("activity:record_create", args=[inst.branch.pk])
    response = en.post(url, form_data(person=inst.people["othermember"].pk))
    assert response.status_code == 200
    assert not ActivityRecord.objects.exists()
    assert "person" in response.context["form"].errors


def test_it_refuses_a_record_dated_in_the_future(en, inst):
    en.force_login(inst.user("secretary"))
    url = reverse("activity:record_create", args=[inst.branch.pk])
    response = en.post(url, form_data(occurred_on="2999-01-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["occurred_on"] == [
        "The date lies in the future; enter the day it happened."
    ]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("tool.exe", b"MZ\x90\x00" + b"0" * 40, "is not an allowed type"),
        ("report.pdf", b"<html><script>alert(1)</script>", "is not an allowed type"),
        ("photo.png", pdf_bytes(), "is not what its name says"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_it_refuses_bad_attachments_and_keeps_what_was_typed(
    en, inst, name, content, message
):
    en.force_login(inst.user("secretary"))
    url = reverse("activity:record_create", args=[inst.branch.pk])
    response = en.post(url, form_data(files=[SimpleUploadedFile(name, content)]))
    assert response.status_code == 200
    assert not ActivityRecord.objects.exists()
    errors = response.context["form"].errors["files"]
    assert any(message in e for e in errors)
    body = response.content.decode()
    assert "主题党日" in body
    assert "开展主题党日活动。" in body


def test_it_refuses_a_file_over_the_size_limit(en, inst, settings):
    settings.EVIDENCE_MAX_BYTES = 100
    en.force_login(inst.user("secretary"))
    url = reverse("activity:record_create", args=[inst.branch.pk])
    big = SimpleUploadedFile("big.pdf", pdf_bytes() + b"0" * 200)
    response = en.post(url, form_data(files=[big]))
    assert not ActivityRecord.objects.exists()
    assert "files may be at most" in response.context["form"].errors["files"][0]


def test_it_strips_path_tricks_from_the_shown_name(inst):
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("..\\..\\windows\\照片.png", png_bytes())],
    )
    attachment = record.attachments.get()
    assert attachment.name == "照片.png"
    assert ".." not in attachment.file.name


def test_it_refuses_a_bad_file_in_the_service_too(inst):
    with pytest.raises(ValidationError):
        services.record_create(
            branch=inst.branch,
            person=None,
            kind="process",
            occurred_on=DAY,
            title="t",
            text="x",
            files=[SimpleUploadedFile("a.pdf", b"#!/bin/sh\nrm -rf /")],
        )
    assert not ActivityRecord.objects.exists()


def test_it_serves_an_attachment_as_a_download_with_nosniff(client, inst):
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("纪要.pdf", pdf_bytes())],
    )
    attachment = record.attachments.get()
    client.force_login(inst.user("secretary"))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_it_does_not_serve_another_records_file_through_this_record(client, inst):
    one = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
    )
    other = services.record_create(
        branch=inst.other_branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("秘密.pdf", pdf_bytes())],
    )
    client.force_login(inst.user("secretary"))
    url = reverse("activity:record_file", args=[one.pk, other.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_it_removes_an_attachment_and_its_file(
    client, inst, media, django_capture_on_commit_callbacks
):
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("a.pdf", pdf_bytes())],
    )
    attachment = record.attachments.get()
    path = media / attachment.file.name
    client.force_login(inst.user("secretary"))
    url = reverse("activity:record_file_delete", args=[record.pk, attachment.pk])
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not RecordAttachment.objects.exists()
    assert not path.exists()


def test_it_keeps_earlier_attachments_when_a_record_is_changed(en, inst):
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("a.pdf", pdf_bytes())],
    )
    en.force_login(inst.user("secretary"))
    response = en.post(
        reverse("activity:record_edit", args=[record.pk]),
        form_data(kind="major", files=[SimpleUploadedFile("b.png", png_bytes())]),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.kind == "major"
    assert sorted(a.name for a in record.attachments.all()) == ["a.pdf", "b.png"]


def test_it_lists_records_a_member_may_read_only(client, inst):
    services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="支部的",
        text="x",
    )
    services.record_create(
        branch=inst.branch,
        person=inst.people["member"],
        kind="process",
        occurred_on=DAY,
        title="我自己的",
        text="x",
    )
    client.force_login(inst.user("member"))
    body = client.get(reverse("activity:records")).content.decode()
    assert "我自己的" in body
    assert "支部的" not in body


def test_it_deletes_a_record(client, inst):
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="t",
        text="x",
        files=[SimpleUploadedFile("a.pdf", pdf_bytes())],
    )
    client.force_login(inst.user("secretary"))
    response = client.post(reverse("activity:record_delete", args=[record.pk]))
    assert response.status_code == 302
    assert not ActivityRecord.objects.exists()
    assert not RecordAttachment.objects.exists()


# ----------------------------------------------------------------------------------
# Links to pledge items and plan measures


def test_it_links_a_member_record_to_the_members_committed_item(inst):
    from tests.pledges.builders import make_campaign

    item = _pledge_item(inst, make_campaign(inst.institute), "member")
    record = services.record_create(
        branch=inst.branch,
        person=inst.people["member"],
        kind="effect",
        occurred_on=DAY,
        title="t",
        text="x",
        pledge_item=item,
    )
    assert record.pledge_item == item
    assert list(item.records.all()) == [record]


def test_it_refuses_a_link_to_another_members_item(inst):
    from tests.pledges.builders import make_campaign

    item = _pledge_item(inst, make_campaign(inst.institute), "secretary")
    with pytest.raises(ValidationError) as error:
        services.record_create(
            branch=inst.branch,
            person=inst.people["member"],
            kind="effect",
            occurred_on=DAY,
            title="t",
            text="x",
            pledge_item=item,
        )
    assert "pledge_item" in error.value.message_dict


def _pledge_item(inst, campaign, who):
    from pledges.models import Pledge, PledgeItem

    pledge = Pledge.objects.create(
        campaign=campaign,
        unit=inst.branch,
        person=inst.people[who],
        plans="打算",
        direction="方向",
    )
    return PledgeItem.objects.create(
        pledge=pledge, text="承诺", target="目标", due_on=campaign.phase2_end
    )


# ----------------------------------------------------------------------------------
# The ledger (台账)


def _fill_branch(inst, branch, n, *, start=datetime.date(2026, 1, 5)):
    member = inst.people["member"] if branch == inst.branch else None
    for i in range(n):
        day = start + datetime.timedelta(days=i)
        services.record_create(
            branch=branch,
            person=member if i % 2 else None,
            kind="process",
            occurred_on=day,
            title=f"纪实{i}",
            text="x",
            files=[SimpleUploadedFile("a.png", png_bytes())] if i % 3 == 0 else [],
        )
        services.meeting_create(
            branch=branch, kind=Meeting.Kind.GENERAL, held_on=day, topic=f"会{i}"
        )
        services.news_create(
            branch=branch,
            title=f"通讯{i}",
            text="x",
            channel=NewsReport.Channel.NEWSLETTER,
            published_on=day,
        )
        if member is not None:
            services.note_create(
                person=member, title=f"书{i}", text="x", written_on=day
            )


def test_it_lists_everything_of_the_branch_in_date_order(client, inst):
    services.record_create(
        branch=inst.branch,
        person=None,
        kind="major",
        occurred_on=datetime.date(2026, 2, 1),
        title="二月纪实",
        text="x",
    )
    services.meeting_create(
        branch=inst.branch,
        kind=Meeting.Kind.LECTURE,
        held_on=datetime.date(2026, 4, 1),
        topic="四月党课",
        speaker=inst.people["secretary"],
    )
    services.news_create(
        branch=inst.branch,
        title="三月通讯",
        text="x",
        channel="party_site",
        published_on=datetime.date(2026, 3, 1),
    )
    services.note_create(
        person=inst.people["member"],
        title="五月书",
        text="x",
        written_on=datetime.date(2026, 5, 1),
    )
    services.record_create(
        branch=inst.other_branch,
        person=None,
        kind="major",
        occurred_on=datetime.date(2026, 2, 2),
        title="别的支部",
        text="x",
    )
    client.force_login(inst.user("secretary"))
    response = client.get(reverse("activity:ledger", args=[inst.branch.pk]))
    kinds = [e.kind for e in response.context["entries"]]
    assert kinds == ["note", "meeting", "news", "record"]
    body = response.content.decode()
    assert body.index("五月书") < body.index("四月党课") < body.index("三月通讯")
    assert body.index("三月通讯") < body.index("二月纪实")
    assert "别的支部" not in body


def test_it_shows_progress_reports_of_the_branch_in_the_ledger(client, inst):
    from pledges.models import ProgressUpdate
    from tests.pledges.builders import make_campaign

    item = _pledge_item(inst, make_campaign(inst.institute), "member")
    update = ProgressUpdate.objects.create(
        item=item, status="on_track", percent=40, text="进展", reported_by=None
    )
    client.force_login(inst.user("secretary"))
    response = client.get(reverse("activity:ledger", args=[inst.branch.pk]))
    entries = response.context["entries"]
    assert [e.obj for e in entries if e.kind == "progress"] == [update]
    assert "40%" in response.content.decode()


def test_it_pages_the_ledger(client, inst):
    _fill_branch(inst, inst.branch, 15)
    client.force_login(inst.user("secretary"))
    url = reverse("activity:ledger", args=[inst.branch.pk])
    first = client.get(url).context
    assert first["page"].paginator.count == 60
    assert len(first["entries"]) == 50
    second = client.get(url + "?page=2").context
    assert len(second["entries"]) == 10
    seen = {(e.kind, e.obj.pk) for e in first["entries"]} | {
        (e.kind, e.obj.pk) for e in second["entries"]
    }
    assert len(seen) == 60


def test_it_keeps_the_ledger_query_count_fixed(client, inst, django_assert_num_queries):
    _fill_branch(inst, inst.branch, 3)
    client.force_login(inst.user("secretary"))
    url = reverse("activity:ledger", args=[inst.branch.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _fill_branch(inst, inst.branch, 30, start=datetime.date(2026, 2, 1))
    _fill_branch(inst, inst.other_branch, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["entries"]) == 50


def test_it_builds_the_ledger_from_one_union_query(inst):
    _fill_branch(inst, inst.branch, 2)
    rows = list(selectors.ledger_rows(inst.branch))
    assert len(rows) == 8
    days = [selectors._as_date(day) for _kind, _pk, day in rows]
    assert days == sorted(days, reverse=True)


def test_it_keeps_the_record_list_query_count_fixed(
    client, inst, django_assert_num_queries, django_assert_max_num_queries
):
    _fill_branch(inst, inst.branch, 2)
    client.force_login(inst.user("office"))
    url = reverse("activity:records")
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    _fill_branch(inst, inst.other_branch, 30)
    _fill_branch(inst, inst.lone_branch, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"]) == 50


def test_it_offers_only_items_of_approved_or_published_pledges(inst):
    from pledges.activity.forms import RecordForm
    from pledges.models import Pledge, Status
    from tests.pledges.builders import make_campaign

    campaign = make_campaign(inst.institute)
    draft = _pledge_item(inst, campaign, "member")
    published = _pledge_item(inst, campaign, "secretary")
    Pledge.objects.filter(pk=published.pledge_id).update(status=Status.PUBLISHED)
    offered = set(RecordForm(branch=inst.branch).fields["pledge_item"].queryset)
    assert offered == {published}
    for status in (Status.RETURNED, Status.SUBMITTED):
        Pledge.objects.filter(pk=draft.pledge_id).update(status=status)
        assert (
            draft not in RecordForm(branch=inst.branch).fields["pledge_item"].queryset
        )
    # A record keeps the item it already refers to.
    record = ActivityRecord.objects.create(
        branch=inst.branch, kind="effect", occurred_on=DAY, title="t", pledge_item=draft
    )
    form = RecordForm(branch=inst.branch, instance=record)
    assert draft in form.fields["pledge_item"].queryset


def test_it_says_saved_after_a_record_and_a_news_report(client, inst):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    client.force_login(inst.user("secretary"))
    response = client.post(
        reverse("activity:record_create", args=[inst.branch.pk]),
        form_data(),
        follow=True,
    )
    assert "已保存：纪实已登记。" in response.content.decode()
    response = client.post(
        reverse("activity:news_create", args=[inst.branch.pk]),
        {
            "title": "支部开展主题党日",
            "text": "正文",
            "channel": "party_site",
            "published_on": "2026-11-03",
        },
        follow=True,
    )
    assert "已保存：通讯报道已提交。" in response.content.decode()
