"""The benchmark's in-process steps on a tiny generated institute: every benched page
answers each of its rotated users, and the mixed scenario's writes are found stored."""

import pytest
from django.test import Client

from bench import generate, steps
from bench.run import mixed
from organizations.models import User

TINY = generate.Scale.tiny()


@pytest.fixture
def meta(db):
    return generate.generate(scale=TINY)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_every_benched_page_answers_each_user_of_its_role_in_rotation(meta):
    for page in steps.pages(meta):
        users = [u for u, _p in page["users"]]
        assert len(set(users)) == len(users)
        assert users == meta["roles"][page["role"]]
        for username, path in page["users"]:
            assert _client(username).get(path).status_code == 200, (page, username)


def test_the_pages_own_paths_follow_their_user(meta):
    by_key = {p["key"]: p for p in steps.pages(meta)}
    pledge_paths = {path for _u, path in by_key["pledge"]["users"]}
    assert len(pledge_paths) == TINY.role_accounts
    board_paths = {path for _u, path in by_key["board_unit"]["users"]}
    assert len(board_paths) == TINY.role_accounts


def _unpublish_the_others(meta) -> None:
    """The tiny institute publishes almost every pledge: put the ones nobody benches
    back at submitted, so there are drafts to file and pledges to approve."""
    from pledges.models import Pledge

    Pledge.objects.exclude(pk__in=meta["pledge_of"].values()).update(
        status="submitted", version=0, published_at=None, published_by=None
    )


def test_every_acknowledged_mixed_write_is_found_stored(meta):
    _unpublish_the_others(meta)
    prepared = steps.step_mixed_prepare()
    kinds = {w["kind"] for w in prepared["writes"]}
    assert kinds == {"progress", "file", "approve", "vote"}
    acked = {}
    for write in prepared["writes"]:
        user = User.objects.get(
            person__user__username__isnull=False, username=_username(write)
        )
        client = Client()
        client.force_login(user)
        response = client.post(
            write["path"],
            data=write["body"],
            content_type="application/x-www-form-urlencoded",
        )
        if mixed.acknowledged(
            write["kind"],
            response.status_code,
            response.headers.get("Location", ""),
            response.content,
        ):
            acked.setdefault(write["kind"], []).append(write["id"])
    assert set(acked) == kinds
    check = steps.step_mixed_check(
        {
            "acknowledged": acked,
            "progress_before": {
                str(k): v for k, v in prepared["progress_before"].items()
            },
            "round": prepared["round"],
        }
    )
    assert check["nothing_lost"], check
    for kind in kinds:
        assert check[kind]["applied"] == check[kind]["acknowledged"] > 0


def test_a_write_that_was_not_stored_is_reported_lost(meta):
    _unpublish_the_others(meta)
    prepared = steps.step_mixed_prepare()
    write = next(w for w in prepared["writes"] if w["kind"] == "file")
    check = steps.step_mixed_check(
        {
            "acknowledged": {"file": [write["id"]]},  # acknowledged, never sent
            "progress_before": {},
            "round": prepared["round"],
        }
    )
    assert check["file"]["lost"] == 1
    assert not check["nothing_lost"]


def _username(write: dict) -> str:
    """The user a prepared write is signed in as (its session cookie's owner)."""
    from django.contrib.sessions.backends.db import SessionStore

    key = write["cookie"].split(";")[0].split("=", 1)[1]
    user_id = SessionStore(session_key=key).load()["_auth_user_id"]
    return User.objects.get(pk=user_id).username
