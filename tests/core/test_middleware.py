import time_machine
from django.urls import reverse


def test_it_sends_a_content_security_policy_without_inline_scripts(client, inst):
    client.force_login(inst.user("office"))
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "<script>" not in response.content.decode()
    assert "onchange=" not in response.content.decode()


def test_it_ends_a_session_after_the_absolute_limit(client, inst, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 3600
    settings.SESSION_COOKIE_AGE = 10 * 3600
    with time_machine.travel("2026-03-01 08:00 +0800", tick=False):
        client.force_login(inst.user("member"))
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 08:50 +0800", tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 09:10 +0800", tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_gives_a_new_session_key_at_sign_in(client, inst):
    client.get(reverse("login"))
    client.cookies["sessionid"] = "x" * 32
    client.post(reverse("login"), {"username": "member", "password": "chuangxian"})
    assert client.cookies["sessionid"].value != "x" * 32


def test_it_sets_httponly_samesite_session_cookies(client, inst):
    response = client.post(
        reverse("login"), {"username": "member", "password": "chuangxian"}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_it_ends_a_session_left_idle_longer_than_the_idle_limit(client, inst, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    with time_machine.travel("2026-03-01 08:00 +0800", tick=False):
        client.force_login(inst.user("member"))
        assert client.get(reverse("home")).status_code == 200
    # Active every 20 minutes: the session lives on past the idle limit from sign-in.
    for at in ("08:20", "08:40", "09:00"):
        with time_machine.travel(f"2026-03-01 {at} +0800", tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 09:31 +0800", tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_saves_an_active_session_at_most_once_a_touch_interval(
    client, inst, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SESSION_TOUCH_SECONDS = 60

    def session_writes(at):
        with time_machine.travel(at, tick=False):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse("notifications:list")).status_code == 200
        return [
            q["sql"]
            for q in ctx.captured_queries
            if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")
        ]

    with time_machine.travel("2026-03-01 08:00 +0800", tick=False):
        client.force_login(inst.user("member"))
    assert session_writes("2026-03-01 08:00:10 +0800")  # first page: touched
    assert session_writes("2026-03-01 08:00:40 +0800") == []
    assert session_writes("2026-03-01 08:01:15 +0800")  # a minute on: touched again
