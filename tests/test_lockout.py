from django.urls import reverse


def _fail(client, username="member", ip="10.0.0.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": "wrong"},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_it_locks_a_user_name_out_after_five_failures_with_a_clear_message(
    client, inst
):
    for _ in range(4):
        assert _fail(client).status_code == 200
    response = _fail(client)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(
        reverse("login"),
        {"username": "member", "password": "chuangxian"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429


def test_it_does_not_lock_the_same_user_from_another_address(client, inst):
    for _ in range(5):
        _fail(client)
    response = client.post(
        reverse("login"),
        {"username": "member", "password": "chuangxian"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(client, inst):
    import time_machine

    with time_machine.travel("2026-05-01 09:00 +0800", tick=False):
        for _ in range(5):
            _fail(client)
    with time_machine.travel("2026-05-01 09:20 +0800", tick=False):
        response = client.post(
            reverse("login"),
            {"username": "member", "password": "chuangxian"},
            REMOTE_ADDR="10.0.0.1",
        )
    assert response.status_code == 302
