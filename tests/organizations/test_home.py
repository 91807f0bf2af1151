import pytest
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.parametrize(
    "username,home",
    [
        ("office", "office"),
        ("leader", "leader"),
        ("gsec", "general_secretary"),
        ("secretary", "secretary"),
        ("member", "member"),
        ("staff", "staff"),
    ],
)
def test_it_lands_each_role_on_its_own_home(client, inst, username, home):
    client.force_login(inst.user(username))
    body = client.get(reverse("home")).content.decode()
    assert f'data-home="{home}"' in body


def test_it_shows_only_allowed_navigation(client, inst):
    client.force_login(inst.user("staff"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-nav="tree"' not in body
    assert 'data-nav="people"' not in body
    client.force_login(inst.user("office"))
    body = client.get(reverse("home")).content.decode()
    assert 'data-nav="tree"' in body
    assert 'data-nav="people"' in body


def test_it_tells_an_unlinked_account_what_to_do(client, db):
    client.force_login(UserFactory(username="lonely"))
    assert 'data-home="none"' in client.get(reverse("home")).content.decode()


def test_it_redirects_anonymous_home_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302


def test_it_signs_in_and_out(client, inst):
    response = client.post(
        reverse("login"), {"username": "member", "password": "chuangxian"}
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_it_shows_a_translated_error_for_a_wrong_password(client, inst):
    response = client.post(
        reverse("login"), {"username": "member", "password": "wrong"}
    )
    assert "请输入一个正确的" in response.content.decode()


def test_it_changes_the_password(client, inst):
    client.force_login(inst.user("member"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "chuangxian",
            "new_password1": "A-much-longer-pass-2026",
            "new_password2": "A-much-longer-pass-2026",
        },
    )
    assert response.status_code == 302
    user = inst.user("member")
    user.refresh_from_db()
    assert user.check_password("A-much-longer-pass-2026")


def test_it_switches_the_language_from_any_page(client, inst):
    client.force_login(inst.user("office"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    body = client.get(reverse("home")).content.decode()
    assert 'lang="zh-CN"' in body


def test_the_secretary_home_shows_a_renamed_category_at_once(client, inst):
    client.force_login(inst.user("secretary"))
    body = client.get(reverse("home")).content.decode()
    assert inst.category.emphasis in body  # the categories are cached now
    type(inst.category).objects.filter(pk=inst.branch.category_id).update(
        emphasis="新的创先争优重点"
    )
    body = client.get(reverse("home")).content.decode()
    assert "新的创先争优重点" in body


def test_the_secretary_home_reads_the_categories_from_the_shared_cache(client, inst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(inst.user("secretary"))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    assert not any("organizations_branchcategory" in q["sql"] for q in ctx)


def test_the_leader_sees_each_liaison_branch_linked_and_escaped(client, inst):
    from organizations import services
    from organizations.models import Organization, Role

    odd = Organization.objects.create(
        name="<b>第3支部</b>&",
        kind=Organization.Kind.BRANCH,
        parent=inst.gb,
        institute=inst.institute,
    )
    services.role_grant(person=inst.people["leader"], kind=Role.Kind.LIAISON, node=odd)
    client.force_login(inst.user("leader"))
    body = client.get(reverse("home")).content.decode()
    for unit in (inst.branch, odd):
        link = reverse("organizations:unit", args=[unit.pk])
        assert f'<a href="{link}">' in body
    assert "&lt;b&gt;第3支部&lt;/b&gt;&amp;" in body
    assert "<b>第3支部" not in body
    assert "No liaison branch yet." not in body and "暂无联系点" not in body


def test_a_leader_without_liaison_branches_is_told_so(client, inst):
    from organizations.models import Role

    Role.objects.filter(person=inst.people["leader"], kind=Role.Kind.LIAISON).delete()
    client.force_login(inst.user("leader"))
    body = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-home="leader"' in body
    assert "No liaison branch yet." in body
