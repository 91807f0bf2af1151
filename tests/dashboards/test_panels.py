"""Personal home panels: my notifications and my pledge's progress."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Notification
from organizations.notifications import services as notify


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def remind(person, n=1):
    for i in range(n):
        notify.notify(
            recipients=[person],
            kind=Notification.Kind.REMINDER,
            title=f"请按时报送践诺情况{i}",
        )


@pytest.mark.parametrize("role", ["member", "staff", "secretary"])
def test_it_shows_my_unread_notifications_at_home(client, inst, role):
    remind(inst.people[role], 2)
    content = home(client, inst.user(role)).content.decode()
    assert 'data-panel="my-notifications"' in content
    assert "请按时报送践诺情况1" in content
    unread = Notification.objects.filter(
        recipient=inst.people[role], read_at__isnull=True
    ).count()
    assert f'data-testid="panel-unread">{unread}<' in content


def test_it_counts_all_unread_beyond_the_five_shown(client, inst):
    remind(inst.people["member"], 7)
    response = home(client, inst.user("member"))
    panel = next(
        ctx
        for template, ctx in response.context["panels"]
        if template == "dashboards/panels/notifications.html"
    )
    assert len(panel["latest"]) == 5
    assert panel["count"] == 7


def test_it_says_when_nothing_is_new(client, inst):
    content = home(client, inst.user("staff")).content.decode()
    assert "Nothing new." in content


def test_it_shows_my_pledge_progress_at_home(client, world):
    content = home(client, world.inst.user("member")).content.decode()
    assert 'data-panel="my-progress"' in content
    assert "0 of 1 committed items done" in content
    assert "1 at risk" in content


def test_it_leaves_the_progress_panel_out_without_a_published_pledge(client, world):
    content = home(client, world.inst.user("staff")).content.decode()
    assert 'data-panel="my-progress"' not in content


def test_it_keeps_the_home_queries_fixed_whatever_the_notifications(client, world):
    member = world.inst.people["member"]
    remind(member, 1)
    client.force_login(world.inst.user("member"))
    client.get("/")  # the shared figures cached (core.versioned_cache) by the first
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    remind(member, 12)
    with CaptureQueriesContext(connection) as large:
        client.get("/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_offers_the_dashboard_in_the_navigation_by_role(client, inst):
    client.force_login(inst.user("office"))
    assert b'data-nav="dashboard"' in client.get("/").content
    client.force_login(inst.user("secretary"))
    content = client.get("/").content
    assert b'data-nav="my_branch"' in content
    assert b'data-nav="dashboard"' not in content
    client.force_login(inst.user("member"))
    content = client.get("/").content
    assert b'data-nav="my_branch"' not in content
    assert b'data-nav="dashboard"' not in content


def test_the_notifications_panel_reads_what_the_orm_reads(inst):
    """Its query is compiled once per process for a stand-in key: each reader gets
    their own newest unread rows and count, as the queryset would give them."""
    from chuangxian.dashboards.selectors import my_notifications

    remind(inst.people["member"], 7)
    remind(inst.people["staff"], 2)
    for who in ("member", "staff", "secretary", "member"):
        person = inst.people[who]
        unread = Notification.objects.filter(recipient=person, read_at__isnull=True)
        panel = my_notifications(person)
        assert [n.pk for n in panel["latest"]] == list(
            unread.order_by("-created_at", "-pk").values_list("pk", flat=True)[:5]
        )
        assert panel["count"] == unread.count()
        assert all(n.recipient_id == person.pk for n in panel["latest"])


def test_the_notifications_panel_takes_the_sign_in_querys_count(inst):
    """In a GET request the sign-in query has counted the unread rows: the panel
    reads only the newest ones (no window over all of them) and shows that count."""
    from chuangxian.dashboards.selectors import my_notifications
    from core import request_cache

    remind(inst.people["member"], 7)
    person = inst.people["member"]
    token = request_cache._store.set({})
    try:
        request_cache.put(("unread", person.user_id), 7)
        with CaptureQueriesContext(connection) as captured:
            panel = my_notifications(person)
    finally:
        request_cache._store.reset(token)
    assert panel["count"] == 7
    assert len(panel["latest"]) == 5
    assert [q for q in captured.captured_queries if "OVER" in q["sql"].upper()] == []
    # Outside a request the window counts them.
    with CaptureQueriesContext(connection) as captured:
        assert my_notifications(person)["count"] == 7
    assert any("OVER" in q["sql"].upper() for q in captured.captured_queries)
