"""The permission matrix of every activity page: records, ledger, meetings, reading,
news reports and suggestions, for the other institute's office, staff, member, the
other branch's secretary, the secretary, the general-branch secretary and the office."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from pledges.activity import services
from pledges.models import Meeting, NewsReport
from tests.pledges.files import pdf_bytes, png_bytes
from tests.shared import fresh

DAY = datetime.date(2026, 3, 10)


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    """One media folder for the module: the shared ``objs`` keep their files there."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def shared_objs(shared_block, shared_inst, media_root):
    with override_settings(MEDIA_ROOT=media_root):
        return shared_inst and shared_block.build("objs", build_objs, shared_inst)


@pytest.fixture
def objs(shared_objs, inst, copies):
    return fresh(copies, shared_objs, build_objs, inst)


def build_objs(inst):
    P = inst.people
    record = services.record_create(
        branch=inst.branch,
        person=None,
        kind="process",
        occurred_on=DAY,
        title="支部纪实",
        text="过程",
        by=inst.user("secretary"),
        files=[SimpleUploadedFile("纪要.pdf", pdf_bytes())],
    )
    own = services.record_create(
        branch=inst.branch,
        person=P["member"],
        kind="effect",
        occurred_on=DAY,
        title="个人纪实",
        text="效果",
        by=inst.user("member"),
    )
    meeting = services.meeting_create(
        branch=inst.branch,
        kind=Meeting.Kind.LECTURE,
        held_on=DAY,
        topic="党课",
        speaker=P["secretary"],
    )
    news = services.news_create(
        branch=inst.branch,
        title="支部通讯",
        text="正文",
        channel=NewsReport.Channel.NEWSLETTER,
        published_on=DAY,
        images=[SimpleUploadedFile("照片.png", png_bytes())],
    )
    book = services.book_save(institute=inst.institute, year=2026, title="书")
    note = services.note_create(
        person=P["member"], book=book, text="笔记", written_on=DAY
    )
    picked = services.note_create(
        person=P["othermember"], title="另一本书", text="好笔记", written_on=DAY
    )
    services.note_pick(note=picked, by=inst.user("office"), picked=True, comment="好")
    suggestion = services.suggestion_file(
        institute=inst.institute,
        branch=inst.branch,
        text="建议",
        author=P["staff"],
        anonymous=False,
    )
    to_office = services.suggestion_file(
        institute=inst.institute,
        branch=None,
        text="给办公室",
        author=P["member"],
        anonymous=False,
    )
    return {
        "record": record,
        "own": own,
        "meeting": meeting,
        "news": news,
        "book": book,
        "note": note,
        "picked": picked,
        "suggestion": suggestion,
        "to_office": to_office,
        "file": record.attachments.get(),
        "image": news.images.get(),
    }


def login(client, inst, other_inst, who):
    user = other_inst.user("office") if who == "outsider" else inst.user(who)
    client.force_login(user)


WHO = ["outsider", "staff", "member", "othersec", "secretary", "gsec", "office"]


def matrix(*codes):
    return list(zip(WHO, codes, strict=True))


def _get(client, inst, other_inst, who, url):
    login(client, inst, other_inst, who)
    return client.get(url).status_code


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_shows_a_branch_record_to_its_writers_and_overseers(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:record", args=[objs["record"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_serves_a_record_file_only_to_readers_of_the_record(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:record_file", args=[objs["record"].pk, objs["file"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_lets_only_branch_writers_change_a_branch_record(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:record_edit", args=[objs["record"].pk])
    assert _get(client, inst, other_inst, who, url) == status


def test_it_shows_the_branch_record_to_the_leader_read_only(client, inst, objs):
    client.force_login(inst.user("leader"))
    assert client.get(objs["record"].get_absolute_url()).status_code == 200
    url = reverse("activity:record_edit", args=[objs["record"].pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who,status", matrix(404, 404, 200, 404, 200, 200, 200))
def test_it_lets_a_member_and_the_branch_change_the_members_record(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:record_edit", args=[objs["own"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_shows_the_ledger_to_the_branch_and_those_above(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:ledger", args=[inst.branch.pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_lets_only_writers_open_a_new_branch_record(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:record_create", args=[inst.branch.pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(403, 403, 200, 200, 200, 200, 403))
def test_it_lets_party_members_open_their_own_record_form(
    client, inst, other_inst, objs, who, status
):
    # The offices' people belong to a department only, like staff: no branch.
    url = reverse("activity:record_create_own")
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 200, 404, 200, 200, 200))
def test_it_shows_a_meeting_to_the_branch_members_and_those_above(
    client, inst, other_inst, objs, who, status
):
    assert _get(client, inst, other_inst, who, objs["meeting"].get_absolute_url()) == (
        status
    )


@pytest.mark.parametrize("who,status", matrix(404, 404, 403, 404, 200, 200, 200))
def test_it_lets_only_writers_change_a_meeting(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:meeting_edit", args=[objs["meeting"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 403, 404, 200, 200, 200))
def test_it_lets_only_writers_mark_attendance(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:meeting_attendance", args=[objs["meeting"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_lets_only_writers_record_a_new_meeting(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:meeting_create", args=[inst.branch.pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(200, 403, 403, 200, 200, 200, 200))
def test_it_shows_the_lecture_rule_to_role_holders(
    client, inst, other_inst, objs, who, status
):
    assert _get(client, inst, other_inst, who, reverse("activity:lectures")) == status


def test_it_keeps_the_other_institutes_branches_off_its_lecture_page(
    client, inst, other_inst, objs
):
    client.force_login(other_inst.user("office"))
    body = client.get(reverse("activity:lectures")).content.decode()
    assert inst.branch.name not in body
    assert other_inst.branch.name in body


@pytest.mark.parametrize("who,status", matrix(404, 200, 200, 200, 200, 200, 200))
def test_it_shows_a_news_report_to_everyone_in_the_institute(
    client, inst, other_inst, objs, who, status
):
    assert _get(client, inst, other_inst, who, objs["news"].get_absolute_url()) == (
        status
    )


@pytest.mark.parametrize("who,status", matrix(404, 200, 200, 200, 200, 200, 200))
def test_it_serves_news_images_to_everyone_in_the_institute(
    client, inst, other_inst, objs, who, status
):
    url = objs["image"].get_absolute_url()
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 403, 403, 403, 200, 200, 200))
def test_it_lets_only_branch_writers_change_a_news_report(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:news_edit", args=[objs["news"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 404, 404, 200, 200, 200))
def test_it_lets_only_branch_writers_file_news(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:news_create", args=[inst.branch.pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(200, 403, 403, 200, 200, 200, 200))
def test_it_shows_the_news_matrix_to_role_holders(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:news_matrix")
    assert _get(client, inst, other_inst, who, url) == status


def test_it_keeps_other_branches_off_a_secretarys_matrix(client, inst, objs):
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("activity:news_matrix")).content.decode()
    assert f'data-branch="{inst.branch.pk}"' in body
    assert f'data-branch="{inst.other_branch.pk}"' not in body


def test_it_keeps_the_other_institutes_news_out_of_the_list(
    client, inst, other_inst, objs
):
    client.force_login(other_inst.user("staff"))
    body = client.get(reverse("activity:news_list")).content.decode()
    assert "支部通讯" not in body


@pytest.mark.parametrize("who,status", matrix(404, 403, 403, 403, 403, 403, 200))
def test_it_lets_only_the_office_change_the_reading_list(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:book_edit", args=[objs["book"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(200, 403, 403, 403, 403, 403, 200))
def test_it_lets_only_the_office_recommend_a_book(
    client, inst, other_inst, objs, who, status
):
    # The other institute's office recommends books too, for its own institute.
    url = reverse("activity:book_create")
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 200, 404, 200, 200, 200))
def test_it_shows_an_unpicked_note_to_its_author_and_those_above(
    client, inst, other_inst, objs, who, status
):
    assert _get(client, inst, other_inst, who, objs["note"].get_absolute_url()) == (
        status
    )


@pytest.mark.parametrize("who,status", matrix(404, 200, 200, 200, 200, 200, 200))
def test_it_shows_a_picked_note_to_everyone_in_the_institute(
    client, inst, other_inst, objs, who, status
):
    url = objs["picked"].get_absolute_url()
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 200, 404, 403, 403, 403))
def test_it_lets_only_the_author_change_a_note(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:note_edit", args=[objs["note"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 403, 404, 403, 403, 200))
def test_it_lets_only_the_office_pick_a_note(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:note_pick", args=[objs["note"].pk])
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who", WHO)
def test_it_shows_the_show_of_picks_in_each_institute(
    client, inst, other_inst, objs, who
):
    url = reverse("activity:picks", args=[2026])
    login(client, inst, other_inst, who)
    response = client.get(url)
    assert response.status_code == 200
    assert ("好笔记" in response.content.decode()) is (who != "outsider")


@pytest.mark.parametrize("who,status", matrix(404, 200, 404, 404, 200, 200, 200))
def test_it_shows_a_suggestion_to_its_author_addressee_and_those_above(
    client, inst, other_inst, objs, who, status
):
    url = objs["suggestion"].get_absolute_url()
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 404, 200, 404, 404, 404, 200))
def test_it_shows_a_suggestion_to_the_office_to_author_and_office(
    client, inst, other_inst, objs, who, status
):
    url = objs["to_office"].get_absolute_url()
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize("who,status", matrix(404, 403, 404, 404, 302, 302, 302))
def test_it_lets_only_the_addressee_answer(client, inst, other_inst, objs, who, status):
    login(client, inst, other_inst, who)
    url = objs["suggestion"].get_absolute_url()
    assert client.post(url, {"answer": "已改进"}).status_code == status


def test_it_lets_the_leader_read_but_not_answer_a_liaison_suggestion(
    client, inst, objs
):
    client.force_login(inst.user("leader"))
    url = objs["suggestion"].get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "x"}).status_code == 403


@pytest.mark.parametrize("who,status", matrix(200, 403, 403, 200, 200, 200, 200))
def test_it_opens_the_suggestion_inbox_to_role_holders(
    client, inst, other_inst, objs, who, status
):
    url = reverse("activity:suggestion_inbox")
    assert _get(client, inst, other_inst, who, url) == status


@pytest.mark.parametrize(
    "who,status",
    [("leader", 200), ("office", 403), ("secretary", 403), ("staff", 403)],
)
def test_it_opens_the_liaison_page_to_leaders_with_liaison_branches(
    client, inst, objs, who, status
):
    client.force_login(inst.user(who))
    assert client.get(reverse("activity:liaison")).status_code == status


@pytest.mark.parametrize(
    "name",
    [
        "records",
        "meetings",
        "reading",
        "notes",
        "news_list",
        "suggestions",
        "suggestion_create",
    ],
)
@pytest.mark.parametrize("who", ["staff", "member", "secretary", "office"])
def test_it_opens_the_lists_to_everyone_in_the_institute(client, inst, objs, name, who):
    client.force_login(inst.user(who))
    assert client.get(reverse(f"activity:{name}")).status_code == 200


@pytest.mark.parametrize(
    "name", ["records", "meetings", "reading", "news_list", "suggestions"]
)
def test_it_sends_anonymous_visitors_to_sign_in(client, inst, name):
    response = client.get(reverse(f"activity:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
