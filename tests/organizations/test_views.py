import pytest
from django.urls import reverse

from organizations import services
from organizations.access import scope_of
from organizations.models import Organization, Person, Role
from organizations.selectors import tree_rows
from tests.factories import PersonFactory


@pytest.mark.parametrize(
    "username,status", [("office", 200), ("leader", 200), ("gsec", 200), ("staff", 403)]
)
def test_it_shows_the_tree_to_roles_that_reach_a_subtree(
    client, inst, username, status
):
    client.force_login(inst.user(username))
    assert client.get(reverse("organizations:tree")).status_code == status


def test_it_sends_anonymous_visitors_to_sign_in(client, inst):
    response = client.get(reverse("organizations:tree"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_only_units_in_scope_in_the_tree(client, inst, other_inst):
    client.force_login(inst.user("gsec"))
    body = client.get(reverse("organizations:tree")).content.decode()
    assert inst.branch.name in body
    assert inst.lone_branch.name not in body
    assert other_inst.branch.name not in body


def test_it_keeps_the_tree_query_count_fixed(
    client, inst, django_assert_max_num_queries
):
    from organizations import services

    client.force_login(inst.user("office"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("organizations:tree"))
    for i in range(20):
        services.organization_create(
            name=f"新支部{i}",
            kind=Organization.Kind.BRANCH,
            parent=inst.gb,
            category=inst.category,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("organizations:tree"))


@pytest.mark.parametrize(
    "username,status",
    [
        ("othersec", 404),
        ("staff", 200),
        ("member", 200),
        ("secretary", 200),
        ("office", 200),
    ],
)
def test_it_shows_a_unit_to_its_readers_only(client, inst, username, status):
    client.force_login(inst.user(username))
    assert client.get(inst.branch.get_absolute_url()).status_code == status


def test_it_hides_another_institutes_unit_from_the_office(client, inst, other_inst):
    client.force_login(inst.user("office"))
    assert client.get(other_inst.branch.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "username,status",
    [("member", 403), ("leader", 403), ("secretary", 200), ("office", 200)],
)
def test_it_lets_only_managers_edit_a_unit(client, inst, username, status):
    client.force_login(inst.user(username))
    url = reverse("organizations:unit_edit", args=[inst.branch.pk])
    assert client.get(url).status_code == status


def test_it_creates_a_branch_from_the_browser_form(client, inst):
    client.force_login(inst.user("office"))
    url = reverse("organizations:unit_create", args=[inst.gb.pk])
    response = client.post(
        url,
        {
            "name": "新建支部",
            "kind": "branch",
            "category": inst.category.pk,
            "order": 0,
        },
    )
    unit = Organization.objects.get(name="新建支部")
    assert response.status_code == 302
    assert unit.parent == inst.gb
    assert unit.path.startswith(inst.gb.path)


def test_it_shows_why_a_unit_cannot_sit_under_its_parent(client, inst):
    client.force_login(inst.user("office"))
    url = reverse("organizations:unit_create", args=[inst.department.pk])
    response = client.post(
        url,
        {
            "name": "错位支部",
            "kind": "branch",
            "category": inst.category.pk,
            "order": 0,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot sit under" in response.content.decode()
    assert 'value="错位支部"' in response.content.decode()
    assert not Organization.objects.filter(name="错位支部").exists()


def test_it_moves_a_unit_from_the_browser(client, inst):
    client.force_login(inst.user("office"))
    url = reverse("organizations:unit_move", args=[inst.lone_branch.pk])
    response = client.post(url, {"new_parent": inst.gb.pk})
    inst.lone_branch.refresh_from_db()
    assert response.status_code == 302
    assert inst.lone_branch.parent == inst.gb


def test_it_refuses_a_move_outside_the_secretarys_scope(client, inst):
    client.force_login(inst.user("gsec"))
    url = reverse("organizations:unit_move", args=[inst.branch.pk])
    response = client.post(url, {"new_parent": inst.committee.pk})
    inst.branch.refresh_from_db()
    assert response.status_code == 200
    assert inst.branch.parent == inst.gb


def test_it_merges_from_the_browser_only_when_confirmed(client, inst):
    client.force_login(inst.user("office"))
    url = reverse("organizations:unit_merge", args=[inst.other_branch.pk])
    response = client.post(url, {"target": inst.branch.pk})
    assert response.status_code == 200
    inst.other_branch.refresh_from_db()
    assert inst.other_branch.is_active
    client.post(url, {"target": inst.branch.pk, "confirm": "on"})
    inst.other_branch.refresh_from_db()
    assert inst.other_branch.merged_into == inst.branch


def test_it_adds_and_removes_a_role(client, inst):
    client.force_login(inst.user("office"))
    url = reverse("organizations:role_add", args=[inst.branch.pk])
    member = inst.people["member"]
    client.post(
        url, {"person": member.pk, "kind": "committee_member", "title": "组织委员"}
    )
    role = Role.objects.get(person=member, kind="committee_member")
    assert role.title == "组织委员"
    client.post(reverse("organizations:role_remove", args=[inst.branch.pk, role.pk]))
    assert not Role.objects.filter(pk=role.pk).exists()


def test_it_refuses_role_removal_by_get(client, inst):
    client.force_login(inst.user("office"))
    role = Role.objects.get(person=inst.people["secretary"])
    response = client.get(
        reverse("organizations:role_remove", args=[inst.branch.pk, role.pk])
    )
    assert response.status_code == 405
    assert Role.objects.filter(pk=role.pk).exists()


@pytest.mark.parametrize(
    "username,status", [("staff", 403), ("secretary", 200), ("office", 200)]
)
def test_it_shows_the_roster_to_roles_with_people_in_scope(
    client, inst, username, status
):
    client.force_login(inst.user(username))
    assert client.get(reverse("organizations:people")).status_code == status


def test_it_searches_the_roster(client, inst):
    client.force_login(inst.user("office"))
    body = client.get(
        reverse("organizations:people"), {"q": "othermem"}
    ).content.decode()
    assert "othermember" in body
    assert ">staff<" not in body


def _roster(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("organizations:people")).content.decode()


def test_it_shows_a_changed_person_on_the_roster_kept_in_the_cache(client, inst):
    staff = inst.people["staff"]
    assert ">staff<" in _roster(client, inst.user("office"))
    staff.name = "改了名的人"
    staff.save()
    body = _roster(client, inst.user("office"))
    assert ">改了名的人<" in body
    assert ">staff<" not in body


def test_it_keeps_the_offices_cached_roster_from_a_secretary(client, inst):
    assert ">othermember<" in _roster(client, inst.user("office"))
    body = _roster(client, inst.user("secretary"))
    assert ">member<" in body
    assert ">othermember<" not in body


def test_it_shows_the_roster_rows_as_before(client, inst):
    member = inst.people["member"]
    body = _roster(client, inst.user("office"))
    row = body[body.index(f"<td>{member.staff_no}</td>") :]
    row = row[: row.index("</tr>")]
    assert f'<a href="{member.get_absolute_url()}">member</a>' in row
    assert f">{member.department.name}<" in row
    assert f">{member.branch.name}<" in row
    assert ">Party member<" in row or ">党员<" in row


def test_it_paginates_the_roster_with_fixed_queries(
    client, inst, django_assert_max_num_queries
):
    from tests.factories import PersonFactory

    client.force_login(inst.user("office"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("organizations:people"))
    PersonFactory.create_batch(80, institute=inst.institute, department=inst.department)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("organizations:people"))
    assert response.context["page"].paginator.num_pages == 2


@pytest.mark.parametrize(
    "username,status", [("othermember", 404), ("member", 200), ("secretary", 200)]
)
def test_it_shows_a_person_to_those_in_scope(client, inst, username, status):
    client.force_login(inst.user(username))
    url = reverse("organizations:person", args=[inst.people["member"].pk])
    assert client.get(url).status_code == status


def test_it_lets_the_office_edit_a_person_and_records_history(client, inst):
    client.force_login(inst.user("office"))
    member = inst.people["member"]
    url = reverse("organizations:person_edit", args=[member.pk])
    response = client.post(
        url,
        {
            "name": "改名",
            "staff_no": member.staff_no,
            "department": inst.department.pk,
            "political_status": "party_probationary",
            "branch": inst.branch.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "改名"
    assert member.history.count() >= 2


def test_it_refuses_a_member_editing_their_own_entry(client, inst):
    client.force_login(inst.user("member"))
    url = reverse("organizations:person_edit", args=[inst.people["member"].pk])
    assert client.get(url).status_code == 403


def test_it_orders_the_tree_depth_first_with_units_under_their_parents(inst):
    units = tree_rows(scope_of(inst.user("office")))
    names = [u["name"] for u in units]
    assert names.index(inst.gb.name) < names.index(inst.branch.name)
    assert names.index(inst.branch.name) < names.index(inst.other_branch.name)
    positions = {u["pk"]: i for i, u in enumerate(units)}
    for unit in units:
        if unit["parent_id"] in positions:
            assert positions[unit["parent_id"]] < positions[unit["pk"]]
            assert unit["indent"] == units[positions[unit["parent_id"]]]["indent"] + 1


def test_it_shows_the_tree_in_the_same_order_as_its_rows(client, inst):
    client.force_login(inst.user("office"))
    body = client.get(reverse("organizations:tree")).content.decode()
    links = [f'href="{u["url"]}"' for u in tree_rows(scope_of(inst.user("office")))]
    assert all(link in body for link in links)
    assert sorted(links, key=body.index) == links


def _tree(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("organizations:tree")).content.decode()


def _tree_row(body: str, unit) -> str:
    row = body[body.index(f'href="{unit.get_absolute_url()}"') :]
    return row[: row.index("</tr>")]


def test_it_shows_a_renamed_unit_in_the_tree_kept_in_the_cache(client, inst):
    old_name = inst.lone_branch.name
    assert old_name in _tree(client, inst.user("office"))
    services.organization_update(unit=inst.lone_branch, name="改名后的支部")
    body = _tree(client, inst.user("office"))
    assert "改名后的支部" in body
    assert old_name not in body


def test_it_counts_a_new_member_in_the_tree_kept_in_the_cache(client, inst):
    before = _tree_row(_tree(client, inst.user("office")), inst.lone_branch)
    PersonFactory(
        institute=inst.institute,
        branch=inst.lone_branch,
        political_status=Person.PoliticalStatus.PARTY_FULL,
    )
    after = _tree_row(_tree(client, inst.user("office")), inst.lone_branch)
    assert '<td class="text-end"></td>' in before  # no member yet
    assert '<td class="text-end">1</td>' in after


def test_it_widens_the_cached_tree_with_a_new_role(client, inst):
    assert inst.lone_branch.name not in _tree(client, inst.user("gsec"))
    services.role_grant(
        person=inst.people["gsec"], kind=Role.Kind.SECRETARY, node=inst.lone_branch
    )
    assert inst.lone_branch.name in _tree(client, inst.user("gsec"))


def test_it_keeps_the_offices_cached_tree_from_a_general_secretary(client, inst):
    assert inst.lone_branch.name in _tree(client, inst.user("office"))
    assert inst.lone_branch.name not in _tree(client, inst.user("gsec"))


def test_it_shows_merged_units_greyed_in_the_whole_tree(client, inst):
    client.force_login(inst.user("office"))
    url = reverse("organizations:unit_merge", args=[inst.other_branch.pk])
    client.post(url, {"target": inst.branch.pk, "confirm": "on"})
    link = f'href="{inst.other_branch.get_absolute_url()}"'
    assert link not in _tree(client, inst.user("office"))
    body = client.get(reverse("organizations:tree"), {"all": "1"}).content.decode()
    start = body.rindex("<tr", 0, body.index(inst.other_branch.get_absolute_url()))
    row = body[start : body.index("</tr>", start)]
    assert row.startswith('<tr class="text-muted">')
    assert '<span class="badge text-bg-secondary">' in row


def test_it_escapes_unit_names_in_the_tree(client, inst):
    services.organization_update(unit=inst.lone_branch, name="<b>机关</b>支部")
    body = _tree(client, inst.user("office"))
    assert "&lt;b&gt;机关&lt;/b&gt;支部" in body
    assert "<b>机关</b>" not in body


def test_it_searches_the_tree_outside_the_cache(client, inst):
    _tree(client, inst.user("office"))
    body = client.get(reverse("organizations:tree"), {"q": "机关"}).content.decode()
    assert inst.lone_branch.name in body
    assert inst.branch.name not in body


def test_a_unit_page_links_only_to_units_and_people_the_user_may_open(client, inst):
    # A secretary's branch page linked its general branch (/org/<id>/ -> 404).
    client.force_login(inst.user("secretary"))
    body = client.get(
        reverse("organizations:unit", args=[inst.branch.pk])
    ).content.decode()
    parent_url = reverse("organizations:unit", args=[inst.gb.pk])
    assert inst.gb.name in body  # named, not linked
    assert f'href="{parent_url}"' not in body
    assert client.get(parent_url).status_code == 404
    client.force_login(inst.user("office"))
    body = client.get(
        reverse("organizations:unit", args=[inst.branch.pk])
    ).content.decode()
    assert f'href="{parent_url}"' in body


def test_it_keeps_the_rosters_count_until_people_change(client, inst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PersonFactory

    def counts() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("organizations:people"))
        assert response.status_code == 200
        return sum(  # the roster's COUNT, not the sign-in query's unread count
            "COUNT(" in q["sql"]
            and 'FROM "organizations_person"' in q["sql"]
            and '"organizations_notification"' not in q["sql"]
            for q in captured.captured_queries
        )

    client.force_login(inst.user("office"))
    assert counts() == 1
    assert counts() == 0  # kept
    PersonFactory.create_batch(3, institute=inst.institute, department=inst.department)
    assert counts() == 1  # a new person: counted again
    before = client.get(reverse("organizations:people")).context["page"].paginator
    from organizations.models import Person

    assert before.count == Person.objects.filter(institute=inst.institute).count()
    assert counts() == 0
    assert (
        client.get(reverse("organizations:people"), {"q": "staff"})
        .context["page"]
        .paginator.count
        >= 1
    )  # a search is counted afresh, never kept


def test_it_keeps_the_activity_offices_last_member(client, inst):
    """Removing the office's last office role, or taking its holder off the roster,
    left the institute with nobody to run the campaign or give the role again: both
    are refused with the reason; with a second member either goes through."""
    office = inst.people["office"]
    role = Role.objects.get(person=office, kind=Role.Kind.OFFICE)
    client.force_login(inst.user("office"))
    remove = reverse("organizations:role_remove", args=[role.node_id, role.pk])
    response = client.post(remove, follow=True)
    assert Role.objects.filter(pk=role.pk).exists()
    assert "最后一名成员" in response.content.decode()

    edit = reverse("organizations:person_edit", args=[office.pk])
    fields = {
        "name": office.name,
        "staff_no": office.staff_no,
        "department": office.department_id,
        "political_status": office.political_status,
    }
    response = client.post(edit, fields)  # no is_active: taken off the roster
    assert response.status_code == 200
    assert "最后一名成员" in response.content.decode()
    office.refresh_from_db()
    assert office.is_active

    Role.objects.create(
        person=inst.people["leader"], kind=Role.Kind.OFFICE, node_id=role.node_id
    )
    assert client.post(edit, fields).status_code == 302
    office.refresh_from_db()
    assert not office.is_active
    client.force_login(inst.user("leader"))
    client.post(remove)
    assert not Role.objects.filter(pk=role.pk).exists()
