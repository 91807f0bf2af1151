"""The admin's scope: one institute's office never reads or changes another's rows,
through any admin page (list, change, delete, history, revert, autocomplete, choices)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from organizations.admin_scope import (
    LOOKUPS,
    ScopedAdmin,
    ScopedInlineMixin,
    admin_scoped,
)
from organizations.models import Person, Role

PROJECT_APPS = {"organizations", "pledges", "evaluations", "chuangxian"}


def _project_admins():
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS
    ]


def _history(person):
    return person.history.order_by("history_id").first()


def _office_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_of_the_project_is_scoped_and_every_inline_too():
    unscoped = [
        type(model_admin).__name__
        for _model, model_admin in _project_admins()
        if not isinstance(model_admin, ScopedAdmin)
    ]
    inlines = [
        inline.__name__
        for _model, model_admin in _project_admins()
        for inline in model_admin.inlines
        if not issubclass(inline, ScopedInlineMixin)
    ]
    assert unscoped == []
    assert inlines == []


def test_every_scope_lookup_resolves_and_keeps_the_other_institute_out(
    inst, other_inst
):
    office = other_inst.user("office")
    for model in LOOKUPS:
        # A lookup naming no path would raise here.
        rows = admin_scoped(office, model)
        assert not rows.filter(pk__in=admin_scoped(inst.user("office"), model))


def test_every_choice_a_form_offers_comes_from_a_scoped_model():
    # A foreign key to a model no admin names would offer nothing but to superusers;
    # every target but the superusers' auth tables must be named.
    models = {model for model, _ in _project_admins()}
    models |= {i.model for _m, a in _project_admins() for i in a.inlines}
    unnamed = {
        f"{model.__name__}.{field.name}"
        for model in models
        for field in model._meta.get_fields()
        if field.concrete
        and (field.many_to_one or field.one_to_one or field.many_to_many)
        and field.related_model not in LOOKUPS
        and field.related_model not in (Group, Permission)
    }
    assert unnamed == set()


def test_other_admins_stay_closed_to_the_office(inst):
    request = _office_request(inst.user("office"))
    open_ = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label not in PROJECT_APPS
        and (
            model_admin.has_view_permission(request)
            or model_admin.has_module_permission(request)
        )
    ]
    assert open_ == []


@pytest.mark.parametrize(
    "view", ["change", "history", "delete", "revert", "revert_post"]
)
def test_another_institutes_office_gets_404_for_our_person(
    client, inst, other_inst, view
):
    person = inst.people["member"]
    name_before, institute_before = person.name, person.institute_id
    client.force_login(other_inst.user("office"))
    if view.startswith("revert"):
        url = reverse(
            "admin:organizations_person_simple_history",
            args=[person.pk, _history(person).history_id],
        )
    else:
        url = reverse(f"admin:organizations_person_{view}", args=[person.pk])
    if view == "revert_post":
        response = client.post(
            url,
            {
                "institute": other_inst.institute.pk,
                "name": "改名",
                "staff_no": person.staff_no,
                "political_status": person.political_status,
            },
        )
    else:
        response = client.get(url)
    assert response.status_code == 404
    person.refresh_from_db()
    assert (person.name, person.institute_id) == (name_before, institute_before)
    assert person.name.encode() not in response.content


def test_another_institutes_office_gets_404_for_every_history_of_ours(
    client, inst, other_inst
):
    client.force_login(other_inst.user("office"))
    role = Role.objects.filter(node__institute=inst.institute).first()
    urls = [
        reverse("admin:organizations_organization_history", args=[inst.branch.pk]),
        reverse("admin:organizations_role_history", args=[role.pk]),
        reverse("admin:organizations_branchcategory_history", args=[inst.category.pk]),
        reverse(
            "admin:organizations_organization_simple_history",
            args=[inst.branch.pk, inst.branch.history.first().history_id],
        ),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_the_office_reads_the_history_of_its_own_rows(client, inst):
    client.force_login(inst.user("office"))
    person = inst.people["member"]
    response = client.get(
        reverse("admin:organizations_person_history", args=[person.pk])
    )
    assert response.status_code == 200
    revert = client.get(
        reverse(
            "admin:organizations_person_simple_history",
            args=[person.pk, _history(person).history_id],
        )
    )
    assert revert.status_code == 200


def test_a_model_without_change_history_shows_the_admin_log_not_an_error(client, inst):
    from organizations.models import MassMembership

    membership = MassMembership.objects.create(
        person=inst.people["member"], unit=inst.union
    )
    client.force_login(inst.user("office"))
    for url in (
        reverse("admin:organizations_massmembership_history", args=[membership.pk]),
        reverse("admin:organizations_branchcategory_history", args=[inst.category.pk]),
    ):
        assert client.get(url).status_code == 200


def test_a_revert_cannot_move_a_row_into_another_institute(client, inst, other_inst):
    person = inst.people["member"]
    client.force_login(inst.user("office"))
    url = reverse(
        "admin:organizations_person_simple_history",
        args=[person.pk, _history(person).history_id],
    )
    response = client.post(
        url,
        {
            "institute": other_inst.institute.pk,
            "name": person.name,
            "staff_no": person.staff_no,
            "gender": person.gender,
            "political_status": person.political_status,
            "is_active": "on",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "institute" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.institute_id == inst.institute.pk


def test_a_foreign_key_neither_offers_nor_accepts_another_institutes_rows(
    client, inst, other_inst
):
    client.force_login(other_inst.user("office"))
    url = reverse("admin:organizations_role_add")
    form = client.get(url).context["adminform"].form
    assert inst.people["member"] not in form.fields["person"].queryset
    assert inst.branch not in form.fields["node"].queryset
    assert other_inst.branch in form.fields["node"].queryset
    response = client.post(
        url,
        {
            "person": inst.people["member"].pk,
            "node": inst.branch.pk,
            "kind": "secretary",
        },
    )
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) >= {"person", "node"}
    assert not Role.objects.filter(
        person=inst.people["member"], node=inst.branch
    ).exists()


def test_autocomplete_finds_no_row_of_another_institute(client, inst, other_inst):
    client.force_login(other_inst.user("office"))
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "organizations",
            "model_name": "role",
            "field_name": "person",
            "term": inst.people["member"].staff_no,
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
    mine = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "organizations",
            "model_name": "role",
            "field_name": "person",
            "term": other_inst.people["member"].staff_no,
        },
    )
    assert [r["id"] for r in mine.json()["results"]] == [
        str(other_inst.people["member"].pk)
    ]


def test_the_list_pages_show_only_the_offices_institute(client, inst, other_inst):
    client.force_login(other_inst.user("office"))
    response = client.get(reverse("admin:organizations_person_changelist"))
    assert response.status_code == 200
    people = list(response.context["cl"].queryset)
    assert people
    assert all(p.institute_id == other_inst.institute.pk for p in people)
    assert not Person.objects.filter(
        pk__in=[p.pk for p in people], institute=inst.institute
    ).exists()
