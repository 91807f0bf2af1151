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


# Behind nginx (docs/DEPLOYMENT.md) every request comes from the proxy's address; the
# client's is the last entry of X-Forwarded-For, which nginx appends.
PROXY = "10.9.9.9"


def _fail_via_proxy(client, forwarded, username="office"):
    return client.post(
        reverse("login"),
        {"username": username, "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _sign_in_via_proxy(client, forwarded, username="office"):
    return client.post(
        reverse("login"),
        {"username": username, "password": "chuangxian"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_an_attacker_locks_out_only_their_own_address(
    client, inst, settings
):
    settings.BEHIND_PROXY = True
    for _ in range(5):
        _fail_via_proxy(client, "203.0.113.5")
    assert _sign_in_via_proxy(client, "203.0.113.5").status_code == 429
    # The office, signing in from its own desk through the same proxy, gets in.
    assert _sign_in_via_proxy(client, "198.51.100.7").status_code == 302


def test_behind_the_proxy_a_forged_header_does_not_dodge_the_lockout(
    client, inst, settings
):
    # nginx appends the real address: what the client put before it is not trusted.
    settings.BEHIND_PROXY = True
    for n in range(5):
        _fail_via_proxy(client, f"192.0.2.{n}, 203.0.113.5")
    assert _sign_in_via_proxy(client, "192.0.2.77, 203.0.113.5").status_code == 429


def test_without_the_proxy_setting_the_header_is_ignored(client, inst, settings):
    settings.BEHIND_PROXY = False
    for n in range(5):
        _fail_via_proxy(client, f"192.0.2.{n}")
    # All five came from one address, whatever the header claimed.
    assert _sign_in_via_proxy(client, "192.0.2.99").status_code == 429


def test_the_audit_log_records_the_clients_address_behind_the_proxy(
    client, inst, settings
):
    from organizations.models import AuditEvent

    settings.BEHIND_PROXY = True
    _fail_via_proxy(client, "203.0.113.5", username="member")
    _sign_in_via_proxy(client, "198.51.100.7", username="member")
    ips = list(
        AuditEvent.objects.filter(username="member")
        .order_by("pk")
        .values_list("action", "ip")
    )
    assert ips == [
        (AuditEvent.Action.SIGN_IN_FAILED, "203.0.113.5"),
        (AuditEvent.Action.SIGN_IN, "198.51.100.7"),
    ]
