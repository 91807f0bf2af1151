"""The notification centre: list, mark read, settings, and the unread badge."""

import copy
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from organizations.models import Notification, NotificationSetting
from organizations.notifications import services as notify
from organizations.notifications.context_processors import unread_count
from tests.factories import UserFactory

LIST = reverse("notifications:list")
SETTINGS = reverse("notifications:settings")
PROCESSOR = "organizations.notifications.context_processors.unread_count"


@pytest.fixture
def badge(settings):
    """Register the unread-count context processor, as settings.TEMPLATES should."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if PROCESSOR not in processors:
        processors.append(PROCESSOR)
    settings.TEMPLATES = templates


def send(person, title="请提交承诺书", url="", n=1):
    for i in range(n):
        notify.notify(
            recipients=[person],
            kind=Notification.Kind.REMINDER,
            title=title if n == 1 else f"{title}{i}",
            url=url,
        )


@pytest.fixture
def member_client(client, inst):
    client.force_login(inst.user("member"))
    return client


def test_it_sends_anonymous_visitors_to_sign_in(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_only_ones_own_notifications(member_client, inst):
    send(inst.people["member"], title="给我的通知")
    send(inst.people["staff"], title="给别人的通知")
    body = member_client.get(LIST).content.decode()
    assert "给我的通知" in body
    assert "给别人的通知" not in body


def test_it_lists_unread_notifications_first(member_client, inst):
    member = inst.people["member"]
    send(member, title="未读的旧通知")
    send(member, title="已读的新通知")
    Notification.objects.filter(title="已读的新通知").update(
        read_at="2025-03-03T08:00Z"
    )
    page = member_client.get(LIST).context["page"]
    assert [n.title for n in page] == ["未读的旧通知", "已读的新通知"]


def test_it_pages_the_list_by_fifty(member_client, inst):
    send(inst.people["member"], n=51)
    page = member_client.get(LIST).context["page"]
    assert len(page) == 50
    assert page.paginator.num_pages == 2


def test_it_keeps_the_list_query_count_fixed(
    member_client, inst, badge, django_assert_max_num_queries, django_assert_num_queries
):
    member = inst.people["member"]
    send(member, n=2)
    with django_assert_max_num_queries(20) as small:
        member_client.get(LIST)
    send(member, n=60, title="更多")
    Notification.objects.filter(title__startswith="更多1").update(
        read_at="2025-03-03T08:00Z"
    )
    with django_assert_num_queries(len(small.captured_queries)):
        member_client.get(LIST)


def test_it_marks_ones_own_notification_read(member_client, inst):
    send(inst.people["member"])
    n = Notification.objects.get()
    response = member_client.post(reverse("notifications:read", args=[n.pk]))
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None


def test_it_will_not_mark_someone_elses_notification_read(member_client, inst):
    send(inst.people["staff"])
    n = Notification.objects.get()
    response = member_client.post(reverse("notifications:read", args=[n.pk]))
    assert response.status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_it_marks_read_only_by_post(member_client, inst):
    send(inst.people["member"])
    n = Notification.objects.get()
    assert (
        member_client.get(reverse("notifications:read", args=[n.pk])).status_code == 405
    )


def test_it_opens_a_notification_at_its_link(member_client, inst):
    send(inst.people["member"], url="/org/")
    n = Notification.objects.get()
    response = member_client.post(
        reverse("notifications:read", args=[n.pk]), {"open": "1"}
    )
    assert response["Location"] == "/org/"


def test_it_never_redirects_off_site(member_client, inst):
    send(inst.people["member"], url="https://evil.example/")
    n = Notification.objects.get()
    response = member_client.post(
        reverse("notifications:read", args=[n.pk]),
        {"open": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == LIST


@pytest.mark.parametrize(
    "target",
    ["-1", "notifications:list", "home", "javascript:alert(1)", "//evil.example/"],
)
def test_a_next_that_is_no_path_of_this_site_goes_back_to_the_list(
    member_client, inst, target
):
    """A ``next`` that is not a path of this site (a view name, a number, another
    scheme) lands on the list: it was handed to ``redirect()``, which looked it up as
    a view name and failed with a server error."""
    send(inst.people["member"], n=2)
    first, second = Notification.objects.order_by("pk")
    for url, data in (
        (reverse("notifications:read", args=[first.pk]), {"next": target}),
        (reverse("notifications:read_all"), {"next": target}),
    ):
        response = member_client.post(url, data)
        assert response.status_code == 302
        assert response["Location"] == LIST
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_a_next_on_this_site_is_followed(member_client, inst):
    send(inst.people["member"])
    n = Notification.objects.get()
    response = member_client.post(
        reverse("notifications:read", args=[n.pk]), {"next": "/board/?page=2"}
    )
    assert response["Location"] == "/board/?page=2"


def test_it_marks_all_of_ones_own_notifications_read(member_client, inst):
    send(inst.people["member"], n=3)
    send(inst.people["staff"])
    member_client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
    assert (
        Notification.objects.get(read_at__isnull=True).recipient == inst.people["staff"]
    )


def test_it_tells_an_unlinked_account_it_has_no_notifications(client, db):
    client.force_login(UserFactory(username="lonely"))
    response = client.get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_it_shows_the_settings_form(member_client):
    body = member_client.get(SETTINGS).content.decode()
    assert 'name="email_frequency"' in body
    assert 'name="muted_kinds"' in body


def test_it_saves_settings(member_client, inst):
    response = member_client.post(
        SETTINGS,
        {
            "email_enabled": "on",
            "email_frequency": "immediate",
            "muted_kinds": ["comment", "award"],
        },
    )
    assert response.status_code == 302
    setting = NotificationSetting.objects.get(person=inst.people["member"])
    assert setting.email_frequency == "immediate"
    assert sorted(setting.muted_kinds) == ["award", "comment"]


def test_it_turns_email_off(member_client, inst):
    member_client.post(SETTINGS, {"email_frequency": "daily"})
    assert not NotificationSetting.objects.get(
        person=inst.people["member"]
    ).email_enabled


def test_it_rejects_an_unknown_frequency_and_keeps_the_input(member_client, inst):
    response = member_client.post(
        SETTINGS,
        {"email_enabled": "on", "email_frequency": "weekly", "muted_kinds": ["award"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select a valid choice. weekly is not one of the available choices." in body
    assert re.search(r'<input[^>]*value="award"[^>]*checked', body)
    assert not NotificationSetting.objects.exists()


def test_it_warns_when_no_email_address_is_on_record(member_client):
    assert 'data-testid="no-email"' in member_client.get(SETTINGS).content.decode()


def test_it_has_no_settings_page_for_an_unlinked_account(client, db):
    client.force_login(UserFactory(username="lonely"))
    assert client.get(SETTINGS).status_code == 404


def test_it_shows_the_unread_count_on_every_page(member_client, inst, badge):
    send(inst.people["member"], n=3)
    for url in (reverse("home"), reverse("notifications:settings")):
        body = member_client.get(url).content.decode()
        assert 'data-testid="unread-count">3<' in body


def test_it_counts_unread_notifications_in_one_query(inst, django_assert_num_queries):
    send(inst.people["member"], n=2)
    request = RequestFactory().get("/")
    request.user = inst.user("member")
    with django_assert_num_queries(1):
        assert int(unread_count(request)["unread_count"]) == 2


def test_it_counts_nothing_for_anonymous_visitors(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_count(request)["unread_count"] == 0


def test_it_counts_zero_for_an_account_without_a_person(db):
    request = RequestFactory().get("/")
    request.user = UserFactory(username="lonely")
    assert int(unread_count(request)["unread_count"]) == 0


def test_a_page_counts_unread_notifications_in_the_sign_in_query(
    member_client, inst, badge
):
    """In a GET request the sign-in query (``access.user_with_scope``) counts them:
    no COUNT of its own, and the count follows a mark-read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    send(inst.people["member"], n=3)
    send(inst.people["secretary"], n=2)  # someone else's: not counted
    member_client.get(SETTINGS)
    with CaptureQueriesContext(connection) as queries:
        body = member_client.get(SETTINGS).content.decode()
    assert 'data-testid="unread-count">3<' in body
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT COUNT(*)")
        and Notification._meta.db_table in q["sql"]
    ]
    assert counts == []
    first = Notification.objects.filter(recipient=inst.people["member"]).first()
    assert member_client.post(
        reverse("notifications:read", args=[first.pk])
    ).status_code in (
        200,
        302,
    )
    body = member_client.get(SETTINGS).content.decode()
    assert 'data-testid="unread-count">2<' in body


def test_an_account_without_a_person_shows_no_unread_notifications(client, db, badge):
    client.force_login(UserFactory(username="lonely"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">0<' in body
