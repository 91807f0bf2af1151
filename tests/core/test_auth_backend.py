"""core.auth.Backend: the signed-in user read by a query compiled once per process,
the same user as Django's ModelBackend reads, the same refusals."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.urls import reverse

from core.auth import Backend
from organizations.models import User

pytestmark = pytest.mark.django_db


def test_it_reads_the_user_the_orm_reads(inst):
    for name in ("member", "office", "secretary", "member"):
        expected = inst.user(name)
        found = Backend().get_user(expected.pk)
        assert found is not None and found.pk == expected.pk
        django_user = ModelBackend().get_user(expected.pk)
        for field in User._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(django_user, field.attname)
        assert found._state.adding is False and found._state.db == "default"
        assert found.get_session_auth_hash() == django_user.get_session_auth_hash()


def test_it_refuses_an_inactive_unknown_or_malformed_account(inst):
    user = inst.user("member")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Backend().get_user(user.pk) is None
    assert Backend().get_user(10**9) is None
    assert Backend().get_user("not-a-key") is None
    assert Backend().get_user(str(inst.user("office").pk)).username == "office"


def test_signing_in_names_it_and_a_session_naming_djangos_backend_still_works(
    client, inst
):
    user = inst.user("member")
    user.set_password("long-enough-password-1")
    user.save()
    response = client.post(
        reverse("login"), {"username": "member", "password": "long-enough-password-1"}
    )
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "organizations.auth.Backend"
    assert client.get(reverse("home")).status_code == 200
    # Sessions opened before the change (an earlier backend named in them).
    for older in ("core.auth.Backend", "django.contrib.auth.backends.ModelBackend"):
        session = client.session
        session[BACKEND_SESSION_KEY] = older
        session.save()
        response = client.get(reverse("home"))
        assert response.status_code == 200
        assert response.wsgi_request.user.pk == user.pk
