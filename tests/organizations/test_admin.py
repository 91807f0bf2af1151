from django.urls import reverse


def test_it_opens_the_admin_to_the_office_scoped_to_its_institute(
    client, inst, other_inst
):
    client.force_login(inst.user("office"))
    response = client.get(reverse("admin:organizations_organization_changelist"))
    body = response.content.decode()
    assert response.status_code == 200
    assert inst.branch.name in body
    assert other_inst.branch.name not in body


def test_it_hides_another_institutes_row_in_the_admin(client, inst, other_inst):
    client.force_login(inst.user("office"))
    url = reverse(
        "admin:organizations_person_change", args=[other_inst.people["member"].pk]
    )
    response = client.get(url)
    assert response.status_code == 302  # admin redirects a missing object to the index


def test_it_keeps_the_admin_closed_to_secretaries(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
