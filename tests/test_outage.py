"""When the database cannot be reached, every request answers 503 with a translated page
that asks to try again, never a 400 that blames the user's session or Django's bare
"Server Error (500)"."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import InterfaceError, OperationalError
from django.urls import reverse

from core.sessions import SessionStore


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_session_save_that_cannot_reach_the_database_answers_503(client, inst, error):
    client.raise_request_exception = False
    client.force_login(inst.user("member"))
    with mock.patch.object(Session, "save", side_effect=error("server closed")):
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "暂时无法访问" in response.content.decode()


def test_a_session_deleted_meanwhile_is_still_reported_as_such(db):
    store = SessionStore()
    store["x"] = 1
    store.save(must_create=True)
    Session.objects.filter(session_key=store.session_key).delete()
    store["x"] = 2
    with pytest.raises(UpdateError):
        store.save()


def test_a_view_that_loses_the_database_answers_503_in_the_chosen_language(
    client, inst
):
    client.raise_request_exception = False
    client.force_login(inst.user("member"))
    client.cookies["django_language"] = "en"
    with mock.patch(
        "organizations.views.render", side_effect=OperationalError("gone")
    ) as broken:
        response = client.get(reverse("home"))
    assert broken.called
    assert response.status_code == 503
    assert "temporarily unavailable" in response.content.decode()


def test_any_other_failure_answers_a_translated_500_page(client, inst):
    client.raise_request_exception = False
    client.force_login(inst.user("member"))
    with mock.patch(
        "organizations.views.render", side_effect=RuntimeError("bug")
    ) as broken:
        response = client.get(reverse("home"))
    assert broken.called
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "出错了" in response.content.decode()


def test_the_error_page_answers_in_plain_text_if_its_template_fails(client, inst):
    client.raise_request_exception = False
    client.force_login(inst.user("member"))
    with (
        mock.patch("organizations.views.render", side_effect=OperationalError("x")),
        mock.patch("core.errors.loader.get_template", side_effect=ValueError),
    ):
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert "暂时无法连接数据库" in response.content.decode()


def test_sessions_are_read_through_the_shared_cache_only_with_redis(settings):
    """A per-process cache would keep a signed-out session alive in another worker:
    the cached engine only where the cache is Redis, shared by every process."""
    import importlib

    import chuangxian.settings as project

    assert project.SESSION_ENGINE == (
        "core.cached_sessions" if project.REDIS_URL else "core.sessions"
    )
    if project.REDIS_URL:
        assert project.CACHES[settings.SESSION_CACHE_ALIAS]["BACKEND"] == (
            "core.cache.RedisCache"
        )
    cached = importlib.import_module("core.cached_sessions").SessionStore
    assert issubclass(cached, importlib.import_module("core.sessions").OutageAware)


def test_a_cached_session_that_cannot_reach_the_database_answers_503(
    client, inst, settings
):
    settings.SESSION_ENGINE = "core.cached_sessions"
    client.raise_request_exception = False
    client.force_login(inst.user("member"))
    assert client.get(reverse("home")).status_code == 200
    with mock.patch.object(Session, "save", side_effect=OperationalError("gone")):
        response = client.get(reverse("home"))
    assert response.status_code == 503


def test_signing_out_ends_a_cached_session(client, inst, settings):
    settings.SESSION_ENGINE = "core.cached_sessions"
    client.force_login(inst.user("member"))
    assert client.get(reverse("home")).status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie, replayed
    response = client.get(reverse("home"))
    assert response.status_code == 302
