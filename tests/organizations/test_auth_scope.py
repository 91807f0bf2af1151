"""organizations.auth.Backend: the signed-in user and their scope in one query, the
same user and the same scope as reading them apart (core.auth, access.scope_of)."""

import re

import pytest
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.auth import Backend as UserBackend
from organizations import access, services
from organizations.auth import Backend
from organizations.models import Person, Role, User

pytestmark = pytest.mark.django_db


def _scope_apart(user):
    fresh = User.objects.get(pk=user.pk)
    return access.scope_of(fresh)


def _same_scope(found, expected):
    assert found.user_id == expected.user_id
    assert (found.person.pk if found.person else None) == (
        expected.person.pk if expected.person else None
    )
    if found.person is not None:
        for name in ("institute", "branch", "department"):
            a, b = getattr(found.person, name), getattr(expected.person, name)
            assert (a.pk if a else None) == (b.pk if b else None)
    assert [(r.kind, r.node_id, r.node.parent_id) for r in found.roles] == [
        (r.kind, r.node_id, r.node.parent_id) for r in expected.roles
    ]
    assert [(r.kind, r.node_id) for r in found.academy_roles] == [
        (r.kind, r.node_id) for r in expected.academy_roles
    ]
    assert found.manage_paths == expected.manage_paths
    assert found.read_paths == expected.read_paths
    assert found.is_superuser == expected.is_superuser
    assert found.own_unit_ids == expected.own_unit_ids


def test_it_reads_each_role_and_its_scope_as_read_apart_in_one_query(inst):
    for name in ("member", "office", "secretary", "gsec", "leader", "staff"):
        expected = inst.user(name)
        with CaptureQueriesContext(connection) as queries:
            found = Backend().get_user(expected.pk)
            scope = access.scope_of(found)
        assert len(queries) == 1
        django_user = ModelBackend().get_user(expected.pk)
        for field in User._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(django_user, field.attname)
        assert found.get_session_auth_hash() == django_user.get_session_auth_hash()
        _same_scope(scope, _scope_apart(expected))


def test_a_user_without_an_active_person_has_the_scope_read_apart(inst):
    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    found = Backend().get_user(superuser.pk)
    _same_scope(access.scope_of(found), _scope_apart(superuser))
    assert access.scope_of(found).person is None
    member = inst.user("member")
    Person.objects.filter(user=member).update(is_active=False)
    found = Backend().get_user(member.pk)
    assert access.scope_of(found).person is None
    _same_scope(access.scope_of(found), _scope_apart(member))


def test_a_person_with_mass_units_and_a_served_department_keeps_own_units(inst):
    # Own units come in the same query: the branch, the department, the mass units.
    user = inst.user("member")
    expected = _scope_apart(user)
    assert expected.own_unit_ids  # the fixture gives the member some
    _same_scope(access.scope_of(Backend().get_user(user.pk)), expected)


def test_it_refuses_an_inactive_unknown_or_malformed_account_as_before(inst):
    user = inst.user("member")
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert Backend().get_user(user.pk) is None
    assert UserBackend().get_user(user.pk) is None
    assert Backend().get_user(10**9) is None
    assert Backend().get_user("not-a-key") is None
    assert Backend().get_user(str(inst.user("office").pk)).username == "office"


def test_a_signed_in_page_reads_user_and_scope_once(client, inst):
    client.force_login(inst.user("secretary"))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    reads = re.compile(
        rf'FROM "{User._meta.db_table}"|FROM "{Person._meta.db_table}" p\b'
    )
    user_reads = [q["sql"] for q in queries.captured_queries if reads.search(q["sql"])]
    assert len(user_reads) == 1


def _role_fields(role):
    """Every column of a role, its node and the node's parent, as read."""

    def columns(obj):
        if obj is None:
            return None
        return tuple(getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields)

    return (columns(role), columns(role.node), columns(role.node.parent))


def test_many_roles_are_read_whole_in_the_orms_order_without_more_queries(inst):
    # A leader who looks after several branches (43 in the bench's institute) and
    # holds other roles: every role, node and parent as the ORM reads them, in the
    # order of kind and node path, the person the same instance, nothing more read.
    leader = inst.people["leader"]
    for node in (inst.other_branch, inst.lone_branch):
        services.role_grant(person=leader, kind=Role.Kind.LIAISON, node=node)
    services.role_grant(person=leader, kind=Role.Kind.COMMITTEE_MEMBER, node=inst.gb)
    expected = list(
        Role.objects.filter(person=leader)
        .select_related("node", "node__parent")
        .order_by("kind", "node__path", "pk")
    )
    assert len(expected) == 5
    with CaptureQueriesContext(connection) as queries:
        found = Backend().get_user(leader.user_id)
        scope = access.scope_of(found)
        read = [_role_fields(role) for role in scope.roles]
        assert all(role.person is scope.person for role in scope.roles)
    assert len(queries) == 1
    assert read == [_role_fields(role) for role in expected]
    assert [type(value) for value in read[0][1]] == [
        type(value) for value in _role_fields(expected[0])[1]
    ]
    _same_scope(scope, _scope_apart(inst.user("leader")))
