"""读书: the office's reading list, members' notes and the yearly 读书笔记展评."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from pledges.activity import services
from pledges.models import ReadingBook, ReadingNote, TransitionError

NOW = datetime.datetime(2026, 11, 22, 3, 0, tzinfo=datetime.UTC)
DAY = datetime.date(2026, 9, 1)


@pytest.fixture(autouse=True)
def frozen(english):
    """In English (the root fixture), on NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def book(inst):
    return services.book_save(
        institute=inst.institute,
        year=2026,
        title="习近平新时代中国特色社会主义思想学习纲要",
    )


def test_it_lets_the_office_recommend_a_book(client, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("activity:book_create"),
        {
            "year": "2026",
            "title": "红岩",
            "author": "罗广斌",
            "note": "经典",
            "order": "1",
        },
    )
    assert response.status_code == 302
    book = ReadingBook.objects.get()
    assert (book.institute, book.year, book.title) == (inst.institute, 2026, "红岩")


def test_it_refuses_the_same_book_twice_in_a_year(client, inst, book):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("activity:book_create"),
        {"year": "2026", "title": book.title, "order": "0"},
    )
    assert response.context["form"].errors["title"] == [
        "This book is already on the year's list."
    ]


def test_it_shows_the_reading_list_of_the_year_to_staff(client, inst, book):
    services.book_save(institute=inst.institute, year=2025, title="去年的书")
    client.force_login(inst.user("staff"))
    body = client.get(reverse("activity:reading")).content.decode()
    assert book.title in body
    assert "去年的书" not in body


def test_it_lets_a_member_write_a_note_on_a_listed_book(client, inst, book):
    client.force_login(inst.user("member"))
    response = client.post(
        reverse("activity:note_create"),
        {"book": book.pk, "written_on": "2026-09-01", "text": "体会"},
    )
    note = ReadingNote.objects.get()
    assert response.status_code == 302
    assert note.person == inst.people["member"]
    assert note.branch == inst.branch
    assert note.book_title == book.title


def test_it_lets_a_member_write_a_note_on_another_book(client, inst):
    client.force_login(inst.user("member"))
    client.post(
        reverse("activity:note_create"),
        {"title": "平凡的世界", "written_on": "2026-09-01", "text": "体会"},
    )
    assert ReadingNote.objects.get().book_title == "平凡的世界"


def test_it_asks_for_a_book_or_a_title(client, inst):
    client.force_login(inst.user("member"))
    response = client.post(
        reverse("activity:note_create"), {"written_on": "2026-09-01", "text": "体会"}
    )
    assert response.context["form"].errors["title"] == [
        "Choose a book from the list or write the title of another."
    ]
    assert "体会" in response.content.decode()


def test_it_refuses_a_book_of_another_institute(inst, other_inst):
    foreign = services.book_save(institute=other_inst.institute, year=2026, title="书")
    with pytest.raises(ValidationError):
        services.note_create(
            person=inst.people["member"], book=foreign, text="x", written_on=DAY
        )


def test_it_lets_the_office_pick_a_note_with_a_comment(client, inst, book):
    note = services.note_create(
        person=inst.people["member"], book=book, text="体会", written_on=DAY
    )
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("activity:note_pick", args=[note.pk]),
        {"picked": "on", "comment": "联系实际，体会深刻"},
    )
    note.refresh_from_db()
    assert response.status_code == 302
    assert note.picked
    assert note.pick_comment == "联系实际，体会深刻"
    assert note.picked_by == inst.user("office")


def test_it_asks_the_office_why_a_note_is_picked(client, inst, book):
    note = services.note_create(
        person=inst.people["member"], book=book, text="体会", written_on=DAY
    )
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("activity:note_pick", args=[note.pk]), {"picked": "on"}
    )
    assert response.context["form"].errors["comment"] == [
        "Say in a sentence why this note is picked."
    ]
    note.refresh_from_db()
    assert not note.picked


def test_it_freezes_a_picked_note(inst, book):
    note = services.note_create(
        person=inst.people["member"], book=book, text="体会", written_on=DAY
    )
    services.note_pick(note=note, by=inst.user("office"), picked=True, comment="好")
    note.refresh_from_db()
    with pytest.raises(TransitionError):
        services.note_update(note=note, text="改了", written_on=DAY, book=book)


def test_it_shows_the_picks_of_the_year_publicly(client, inst, book):
    picked = services.note_create(
        person=inst.people["member"], book=book, text="入选的笔记", written_on=DAY
    )
    services.note_create(
        person=inst.people["othermember"], title="书", text="没入选", written_on=DAY
    )
    earlier = services.note_create(
        person=inst.people["member"],
        title="旧书",
        text="去年入选",
        written_on=datetime.date(2025, 5, 1),
    )
    for note in (picked, earlier):
        services.note_pick(note=note, by=inst.user("office"), picked=True, comment="好")
    client.force_login(inst.user("staff"))
    body = client.get(reverse("activity:picks", args=[2026])).content.decode()
    assert "入选的笔记" in body
    assert "没入选" not in body
    assert "去年入选" not in body


def test_it_lists_notes_for_the_office_to_pick(client, inst, book):
    for who in ("member", "othermember"):
        services.note_create(
            person=inst.people[who], book=book, text=f"{who}的笔记", written_on=DAY
        )
    client.force_login(inst.user("office"))
    response = client.get(reverse("activity:notes"))
    assert response.context["page"].paginator.count == 2


def test_it_lists_only_the_branchs_notes_to_its_secretary(client, inst, book):
    services.note_create(
        person=inst.people["member"], book=book, text="x", written_on=DAY
    )
    services.note_create(
        person=inst.people["othermember"], book=book, text="x", written_on=DAY
    )
    client.force_login(inst.user("secretary"))
    response = client.get(reverse("activity:notes"))
    assert [n.person.name for n in response.context["page"]] == ["member"]


def test_it_keeps_the_notes_title_when_its_book_is_taken_off_the_list(inst, book):
    note = services.note_create(
        person=inst.people["member"], book=book, text="x", written_on=DAY
    )
    services.book_delete(book=book)
    note.refresh_from_db()
    assert note.book is None
    assert note.book_title == "习近平新时代中国特色社会主义思想学习纲要"


def test_it_keeps_the_notes_list_query_count_fixed(
    client, inst, book, django_assert_num_queries, django_assert_max_num_queries
):
    services.note_create(
        person=inst.people["member"], book=book, text="x", written_on=DAY
    )
    client.force_login(inst.user("office"))
    url = reverse("activity:notes")
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for i in range(60):
        services.note_create(
            person=inst.people["othermember"],
            title=f"书{i}",
            text="x",
            written_on=DAY - datetime.timedelta(days=i),
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
