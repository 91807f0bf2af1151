"""Builders of the API tests: clients signed in as a role, tokens, GET helpers."""

from chuangxian.api import services as api_services

ROLES = [
    "staff",
    "member",
    "secretary",
    "othersec",
    "gsec",
    "office",
    "leader",
    "yoffice",
]


def token_for(user) -> str:
    return api_services.token_rotate(user=user).key


def as_user(client, user):
    """Sign the test client in through the API token, as another system would."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token_for(user)}"
    return client


def get(client, user, url, **params):
    """GET ``url`` as ``user`` (None: anonymous) with a token; returns the response."""
    client.defaults.pop("HTTP_AUTHORIZATION", None)
    if user is not None:
        as_user(client, user)
    return client.get(url, params)


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}
