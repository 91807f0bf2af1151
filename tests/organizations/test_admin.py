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
    assert response.status_code == 404  # out of scope: as on every other page


def test_it_keeps_the_admin_closed_to_secretaries(client, inst):
    client.force_login(inst.user("secretary"))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_menu_names_the_admin_site_apart_from_the_administration_family(
    client, inst
):
    # One English word, two Chinese ones: 后台管理 (the admin site) in the menu,
    # 行政管理 (the administrative organisation family) in the tree.
    client.force_login(inst.user("office"))
    body = client.get(reverse("home")).content.decode()
    link = body.split(f'href="{reverse("admin:index")}"')[1].split("</a>")[0]
    assert link.strip(">") == "后台管理"
    from django.utils import translation

    from organizations.models import Family

    with translation.override("zh-hans"):
        assert str(Family.ADMIN.label) == "行政管理"


def test_a_plan_to_file_and_a_round_to_schedule_read_apart_in_chinese():
    # "Plan" the noun (争创计划, on the secretary's home) and "Plan" the verb on the
    # inspection rounds' button (排期, schedule the round) are two entries.
    from django.template import Context, Template
    from django.utils import translation

    noun = Template('{% load i18n %}{% translate "Plan" %}')
    verb = Template('{% load i18n %}{% translate "Plan" context "schedule a round" %}')
    with translation.override("zh-hans"):
        assert noun.render(Context()) == "争创计划"
        assert verb.render(Context()) == "排期"
