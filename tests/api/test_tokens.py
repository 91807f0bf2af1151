"""API tokens: another system signs in with a token its user creates or replaces."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.api.builders import token_for
from tests.pledges.builders import make_campaign

pytestmark = pytest.mark.django_db


def with_token(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")


def test_it_reads_with_a_token(inst):
    make_campaign(inst.institute)
    response = with_token(token_for(inst.user("member"))).get("/api/v1/campaigns/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_it_answers_401_with_the_scheme_to_an_anonymous_request(client, inst):
    response = client.get("/api/v1/campaigns/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_it_answers_401_to_an_unknown_token(inst):
    response = with_token("0" * 40).get("/api/v1/campaigns/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_it_answers_401_to_the_token_of_a_disabled_account(inst):
    key = token_for(inst.user("member"))
    inst.user("member").__class__.objects.filter(username="member").update(
        is_active=False
    )
    assert with_token(key).get("/api/v1/campaigns/").status_code == 401


def test_it_reads_with_the_browsers_session(client, inst):
    make_campaign(inst.institute)
    client.force_login(inst.user("member"))
    assert client.get("/api/v1/campaigns/").status_code == 200


def test_it_creates_a_token_for_a_signed_in_user(inst):
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(inst.user("member"))
    browser.get("/api/token/")  # sets the CSRF cookie
    response = browser.post(
        "/api/v1/token/",
        content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value,
    )
    assert response.status_code == 201
    key = response.json()["token"]
    assert Token.objects.get(user=inst.user("member")).key == key
    assert with_token(key).get("/api/v1/organisations/").status_code == 200


def test_it_stops_the_old_token_when_replacing_it(inst):
    old = token_for(inst.user("member"))
    response = with_token(old).post("/api/v1/token/")
    new = response.json()["token"]
    assert new != old
    assert with_token(old).get("/api/v1/campaigns/").status_code == 401
    assert with_token(new).get("/api/v1/campaigns/").status_code == 200


def test_it_withdraws_a_token(inst):
    key = token_for(inst.user("member"))
    assert with_token(key).delete("/api/v1/token/").status_code == 204
    assert not Token.objects.exists()
    assert with_token(key).get("/api/v1/campaigns/").status_code == 401


def test_it_refuses_an_anonymous_token_request(client, inst):
    assert client.post("/api/v1/token/").status_code == 401
    assert not Token.objects.exists()


def test_it_shows_a_new_token_once_on_the_token_page(client, inst):
    client.force_login(inst.user("member"))
    body = client.get("/api/token/").content.decode()
    assert "You have no token." in body
    response = client.post("/api/token/", {"action": "rotate"})
    key = Token.objects.get(user=inst.user("member")).key
    assert key in response.content.decode()
    assert key not in client.get("/api/token/").content.decode()
    assert with_token(key).get("/api/v1/organisations/").status_code == 200


def test_it_withdraws_a_token_on_the_token_page(client, inst):
    token_for(inst.user("member"))
    client.force_login(inst.user("member"))
    response = client.post("/api/token/", {"action": "revoke"})
    assert "You have no token." in response.content.decode()
    assert not Token.objects.exists()


def test_it_sends_an_anonymous_visitor_of_the_token_page_to_sign_in(client, inst):
    response = client.get("/api/token/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
