"""意见箱: named and anonymous suggestions, answers, and the leaders' liaison page."""

import datetime

import pytest
import time_machine
from django.db import models
from django.urls import reverse

from pledges.activity import services
from pledges.models import Suggestion

NOW = datetime.datetime(2026, 11, 22, 15, 47, 13, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen(english):
    """In English (the root fixture), on NOW."""
    with time_machine.travel(NOW, tick=False):
        yield


def file(inst, who="staff", *, branch="branch", anonymous=False, text="建议"):
    return services.suggestion_file(
        institute=inst.institute,
        branch=getattr(inst, branch) if branch else None,
        text=text,
        author=inst.people[who],
        anonymous=anonymous,
    )


def test_it_files_a_named_suggestion_to_a_branch(client, inst):
    client.force_login(inst.user("staff"))
    response = client.post(
        reverse("activity:suggestion_create"),
        {"to": str(inst.branch.pk), "text": "希望多开展学习活动"},
    )
    suggestion = Suggestion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == suggestion.get_absolute_url()
    assert suggestion.author == inst.people["staff"]
    assert suggestion.branch == inst.branch
    assert suggestion.filed_on == datetime.date(2026, 11, 22)


def test_it_files_a_suggestion_to_the_office(client, inst):
    client.force_login(inst.user("member"))
    client.post(reverse("activity:suggestion_create"), {"to": "office", "text": "建议"})
    assert Suggestion.objects.get().branch is None


def test_it_stores_no_link_to_the_author_of_an_anonymous_suggestion(client, inst):
    staff = inst.people["staff"]
    client.force_login(staff.user)
    response = client.post(
        reverse("activity:suggestion_create"),
        {"to": str(inst.branch.pk), "text": "匿名意见", "anonymous": "on"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert response.status_code == 200  # rendered, not redirected: no code in a URL
    row = Suggestion.objects.values().get()
    assert row["author_id"] is None
    assert row["is_anonymous"] is True
    assert row["answered_by_id"] is None
    identifying = {staff.pk, staff.user.pk, staff.name, staff.staff_no, "10.1.2.3"}
    for name, value in row.items():
        if name in ("institute_id", "branch_id"):
            continue
        assert value not in identifying, name
    # No time finer than the day anywhere on the row.
    for field in Suggestion._meta.concrete_fields:
        if isinstance(field, models.DateTimeField):
            assert row[field.attname] is None, field.name
    assert row["filed_on"] == datetime.date(2026, 11, 22)
    assert row["receipt"] in response.content.decode()


def test_it_refuses_an_author_on_an_anonymous_row_in_the_database(inst):
    from django.db import IntegrityError, transaction

    suggestion = file(inst, anonymous=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.filter(pk=suggestion.pk).update(author=inst.people["staff"])


def test_it_uses_random_keys_that_do_not_reveal_the_filing_order(inst):
    keys = [file(inst, anonymous=True).pk for _ in range(5)]
    assert len(set(keys)) == 5
    assert all(key.version == 4 for key in keys)


def test_it_keeps_anonymous_suggestions_off_the_authors_list(client, inst):
    file(inst, anonymous=True, text="匿名的")
    file(inst, text="署名的")
    client.force_login(inst.user("staff"))
    body = client.get(reverse("activity:suggestions")).content.decode()
    assert "署名的" in body
    assert "匿名的" not in body


def test_it_shows_the_answer_to_the_named_author(client, inst):
    suggestion = file(inst)
    services.suggestion_answer(
        suggestion=suggestion, answer="已安排", by=inst.user("secretary")
    )
    client.force_login(inst.user("staff"))
    body = client.get(suggestion.get_absolute_url()).content.decode()
    assert "已安排" in body


def test_it_shows_the_answer_to_whoever_holds_the_receipt(client, inst):
    suggestion = file(inst, anonymous=True, text="匿名意见")
    services.suggestion_answer(
        suggestion=suggestion, answer="谢谢", by=inst.user("secretary")
    )
    client.force_login(inst.user("staff"))
    response = client.post(
        reverse("activity:suggestion_receipt"), {"code": suggestion.receipt.lower()}
    )
    body = response.content.decode()
    assert "匿名意见" in body
    assert "谢谢" in body


def test_it_says_when_a_receipt_code_is_unknown(client, inst):
    client.force_login(inst.user("staff"))
    response = client.post(reverse("activity:suggestion_receipt"), {"code": "NOPE"})
    assert response.context["form"].errors["code"] == [
        "No suggestion has this receipt code."
    ]


def test_it_answers_a_suggestion_and_marks_it_answered(client, inst):
    suggestion = file(inst)
    client.force_login(inst.user("secretary"))
    response = client.post(suggestion.get_absolute_url(), {"answer": "已改进"})
    suggestion.refresh_from_db()
    assert response.status_code == 302
    assert suggestion.status == Suggestion.Status.ANSWERED
    assert suggestion.answer == "已改进"
    assert suggestion.answered_by == inst.user("secretary")


def test_it_refuses_an_empty_answer(client, inst):
    suggestion = file(inst)
    client.force_login(inst.user("secretary"))
    response = client.post(suggestion.get_absolute_url(), {"answer": "   "})
    assert response.status_code == 200
    assert "answer" in response.context["form"].errors
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.OPEN


def test_it_refuses_an_empty_suggestion_and_keeps_the_choice(client, inst):
    client.force_login(inst.user("staff"))
    response = client.post(
        reverse("activity:suggestion_create"),
        {"to": str(inst.branch.pk), "text": "  ", "anonymous": "on"},
    )
    assert response.status_code == 200
    assert not Suggestion.objects.exists()
    form = response.context["form"]
    assert "text" in form.errors
    assert form["to"].value() == str(inst.branch.pk)
    assert form["anonymous"].value() is True


def test_it_refuses_a_branch_of_another_institute(client, inst, other_inst):
    client.force_login(inst.user("staff"))
    response = client.post(
        reverse("activity:suggestion_create"),
        {"to": str(other_inst.branch.pk), "text": "建议"},
    )
    assert "to" in response.context["form"].errors
    assert not Suggestion.objects.exists()


def test_it_lists_the_inbox_of_a_secretary(client, inst):
    file(inst, text="给一支部")
    file(inst, branch="other_branch", text="给二支部")
    file(inst, branch=None, text="给办公室")
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("activity:suggestion_inbox")).content.decode()
    assert "给一支部" in body
    assert "给二支部" not in body
    assert "给办公室" not in body


def test_it_lists_the_inbox_of_the_office(client, inst, other_inst):
    file(inst, branch=None, text="给办公室")
    file(other_inst, branch=None, text="给别的办公室")
    client.force_login(inst.user("office"))
    body = client.get(reverse("activity:suggestion_inbox")).content.decode()
    assert "给办公室" in body
    assert "给别的办公室" not in body


def test_it_shows_a_leader_the_suggestions_and_progress_of_liaison_branches(
    client, inst
):
    file(inst, text="联系点的意见")
    answered = file(inst, text="已答复的")
    services.suggestion_answer(
        suggestion=answered, answer="好", by=inst.user("secretary")
    )
    file(inst, branch="other_branch", text="别的支部的")
    client.force_login(inst.user("leader"))
    response = client.get(reverse("activity:liaison"))
    body = response.content.decode()
    assert "联系点的意见" in body
    assert "已答复的" in body
    assert "别的支部的" not in body
    [branch] = response.context["branches"]
    assert branch == inst.branch
    assert (branch.open_suggestions, branch.answered_suggestions) == (1, 1)


def test_it_keeps_the_inbox_query_count_fixed(
    client, inst, django_assert_num_queries, django_assert_max_num_queries
):
    for _ in range(3):
        file(inst)
    client.force_login(inst.user("secretary"))
    url = reverse("activity:suggestion_inbox")
    client.get(url)
    with django_assert_max_num_queries(100) as small:
        client.get(url)
    for _ in range(60):
        file(inst, anonymous=True)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
