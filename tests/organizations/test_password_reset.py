"""Password reset: the site's own translated pages, not the admin's, through to a
new password."""

import re

from django.core import mail
from django.urls import reverse

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_the_reset_pages_are_the_sites_own_and_translated(client, inst):
    form = client.get(reverse("password_reset"), **ZH).content.decode()
    assert 'data-testid="password-reset"' in form
    assert "重置密码" in form
    assert "Django" not in form
    done = client.get(reverse("password_reset_done"), **ZH).content.decode()
    assert 'data-testid="password-reset-done"' in done
    bad = client.get(
        reverse("password_reset_confirm", args=["MQ", "set-password"]), **ZH
    ).content.decode()
    assert "此链接已被使用或已过期" in bad
    complete = client.get(reverse("password_reset_complete"), **ZH).content.decode()
    assert 'data-testid="password-reset-complete"' in complete


def test_a_member_sets_a_new_password_through_the_emailed_link(client, inst):
    user = inst.user("member")
    user.email = "member@example.org"
    user.save(update_fields=["email"])
    client.post(reverse("password_reset"), {"email": user.email}, **ZH)
    assert len(mail.outbox) == 1
    assert "设置新密码" in mail.outbox[0].subject
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link, **ZH)["Location"]
    page = client.get(form_url, **ZH).content.decode()
    assert 'data-testid="password-reset-confirm"' in page
    response = client.post(
        form_url,
        {"new_password1": "Neu-Passwort-2026", "new_password2": "Neu-Passwort-2026"},
        **ZH,
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Neu-Passwort-2026")


def test_the_sign_in_page_links_to_the_reset(client, db):
    body = client.get(reverse("login"), **ZH).content.decode()
    assert f'href="{reverse("password_reset")}"' in body
