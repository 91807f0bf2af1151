"""Tighten-only, both ways: an institute may not make an item lighter than the academy's,
and when the academy tightens its campaign the institutes that now fall short are
shown, told and held to it, their own data left as it is."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.scoring import services as scoring
from organizations.models import Notification, User
from pledges.models import Criterion
from pledges.services.academy import create_institute_campaign_from

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(name="weighted")
def weighted_fixture(academy, inst):
    """The academy gives item 1 of the 五个好 set a weight of 30; the first institute
    adopts the campaign. Returns (academy item, institute item)."""
    top = Criterion.objects.get(
        criteria_set__campaign=academy.campaign,
        criteria_set__code="party_branch",
        code="1",
    )
    Criterion.objects.filter(pk=top.pk).update(weight=Decimal(30))
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    own = Criterion.objects.get(
        criteria_set__campaign=child, criteria_set__code="party_branch", code="1"
    )
    return top, own


def _edit_url(item):
    return reverse(
        "scoring:criterion_edit",
        args=[item.criteria_set.campaign_id, item.criteria_set_id, item.pk],
    )


def _campaign_form(client, campaign):
    url = reverse("pledges:campaign_edit", args=[campaign.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    return url, {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)
        for k, v in data.items()
        if v is not False
    }


def _notes(inst):
    return Notification.objects.filter(recipient=inst.people["office"])


# 1. A lighter weight in an institute campaign is refused -----------------------------


def test_it_refuses_a_lighter_item_weight_and_keeps_what_was_typed(
    client, inst, weighted
):
    _top, own = weighted
    client.force_login(inst.user("office"))
    response = client.post(_edit_url(own), {"max_points": "17", "weight": "20"})

    assert response.status_code == 200
    assert response.context["form"].errors["weight"] == [
        f"The academy campaign gives item 1 {own.name} a weight of 30: give it 30 or "
        "more here."
    ]
    page = response.content.decode()
    assert 'value="17"' in page and 'value="20"' in page
    own.refresh_from_db()
    assert own.weight == Decimal(30) and own.max_points is None


def test_it_refuses_an_empty_weight_where_the_academy_sets_one(inst, weighted):
    _top, own = weighted
    with pytest.raises(Exception) as error:
        scoring.criterion_points_set(
            criterion=own, by=inst.user("office"), max_points=None, weight=None
        )
    assert "weight" in error.value.message_dict


def test_it_takes_a_heavier_weight(client, inst, weighted):
    _top, own = weighted
    client.force_login(inst.user("office"))
    response = client.post(_edit_url(own), {"max_points": "", "weight": "35"})

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.weight == Decimal(35)


def test_the_admin_refuses_a_lighter_weight_too(client, inst, weighted):
    _top, own = weighted
    admin = User.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    url = reverse("admin:pledges_criteriaset_change", args=[own.criteria_set_id])
    data = _admin_form_data(client.get(url))
    row = next(k for k, v in data.items() if k.endswith("-id") and v == str(own.pk))
    data[row.replace("-id", "-weight")] = "10"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "a weight of 30: give it 30 or more here" in response.content.decode()
    own.refresh_from_db()
    assert own.weight == Decimal(30)


def _admin_form_data(page) -> dict:
    """What the admin's change form would post unchanged: the object and its inlines."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = (
                "on" if value is True else str(getattr(value, "pk", value))
            )

    add(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            add(form)
    return data


# 2. The academy tightens: shown, told, held ------------------------------------------


def test_the_academys_earlier_deadline_names_the_institute_and_tells_its_office(
    client, academy, inst
):
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    client.force_login(academy.user)
    url, data = _campaign_form(client, academy.campaign)
    earlier = academy.campaign.award_deadline - datetime.timedelta(days=10)
    data["award_deadline"] = earlier.isoformat()

    response = client.post(url, data, follow=True)

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{inst.institute.name}&#x27;s campaign now falls short" in page
    assert f"The academy campaign sets {earlier.isoformat()}" in page
    note = _notes(inst).get()
    assert note.url == child.get_absolute_url()
    assert earlier.isoformat() in note.body
    # Nothing of the institute's own changes by itself.
    before = child.award_deadline
    child.refresh_from_db()
    assert child.award_deadline == before > earlier


def test_the_academy_page_lists_only_institutes_falling_short(
    client, academy, inst, other_inst
):
    create_institute_campaign_from(academy.campaign, inst.institute)
    create_institute_campaign_from(academy.campaign, other_inst.institute)
    academy.campaign.min_ballots += 2
    academy.campaign.save(update_fields=["min_ballots"])
    from pledges.models import Campaign

    Campaign.objects.filter(scope=other_inst.institute).update(
        min_ballots=academy.campaign.min_ballots
    )
    client.force_login(academy.user)

    page = client.get(academy.campaign.get_absolute_url()).content.decode()

    assert 'data-testid="academy-shortfalls"' in page
    shown = page.split('data-testid="academy-shortfalls"')[1]
    assert inst.institute.name in shown and other_inst.institute.name not in shown
    # An institute's office reading the academy campaign sees no other institute's.
    client.force_login(other_inst.user("office"))
    page = client.get(academy.campaign.get_absolute_url()).content.decode()
    assert 'data-testid="academy-shortfalls"' not in page
    assert inst.institute.name not in page


def test_a_heavier_academy_weight_shows_on_the_institute_page_until_fixed(
    client, academy, inst, weighted
):
    top, own = weighted
    client.force_login(academy.user)
    client.post(_edit_url(top), {"max_points": "", "weight": "40"})
    assert _notes(inst).count() == 1

    client.force_login(inst.user("office"))
    page = client.get(own.criteria_set.campaign.get_absolute_url()).content.decode()
    assert 'data-testid="campaign-conflicts"' in page
    assert "weighs at least 40 in the academy campaign; here it weighs 30" in page

    # The institute's next save of that item is held to the new weight.
    refused = client.post(_edit_url(own), {"max_points": "", "weight": "35"})
    assert "a weight of 40: give it 40 or more here" in refused.content.decode()
    client.post(_edit_url(own), {"max_points": "", "weight": "45"})
    page = client.get(own.criteria_set.campaign.get_absolute_url()).content.decode()
    assert 'data-testid="campaign-conflicts"' not in page


def test_an_item_the_academy_adds_is_required_of_the_institute(client, academy, inst):
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    criteria_set = academy.campaign.criteria_sets.get(code="party_branch")
    client.force_login(academy.user)

    response = client.post(
        reverse("pledges:criteria_edit", args=[academy.campaign.pk, criteria_set.pk]),
        {"name": "院级新增项"},
        follow=True,
    )

    assert "requires item 6 院级新增项" in response.content.decode()
    assert "院级新增项" in _notes(inst).get().body
    assert not Criterion.objects.filter(
        criteria_set__campaign=child, name="院级新增项"
    ).exists()


def test_the_institute_is_told_once_per_shortfall(client, academy, inst):
    create_institute_campaign_from(academy.campaign, inst.institute)
    client.force_login(academy.user)
    url, data = _campaign_form(client, academy.campaign)
    data["min_ballots"] = str(academy.campaign.min_ballots + 1)
    client.post(url, data)
    client.post(url, {**data, "theme": "新主题"})
    assert _notes(inst).count() == 1

    client.post(url, {**data, "min_ballots": str(academy.campaign.min_ballots + 3)})
    assert _notes(inst).count() == 2


def test_the_institutes_next_calendar_save_is_held_to_the_new_rules(
    client, academy, inst
):
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    earlier = academy.campaign.award_deadline - datetime.timedelta(days=10)
    academy.campaign.award_deadline = earlier
    academy.campaign.save(update_fields=["award_deadline"])
    client.force_login(inst.user("office"))
    url, data = _campaign_form(client, child)
    data["theme"] = "本所的新主题"

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["award_deadline"] == [
        f"The academy campaign sets {earlier.isoformat()}: an institute may bring "
        "this forward, not put it later."
    ]
    assert "本所的新主题" in response.content.decode()
    child.refresh_from_db()
    assert child.theme != "本所的新主题"


def test_the_institute_office_takes_over_the_academys_requirements(
    client, academy, inst, weighted
):
    top, own = weighted
    child = own.criteria_set.campaign
    Criterion.objects.filter(pk=top.pk).update(weight=Decimal(40))
    Criterion.objects.create(
        criteria_set=top.criteria_set, code="6", name="院级新增项", order=6
    )
    earlier = academy.campaign.award_deadline - datetime.timedelta(days=10)
    academy.campaign.award_deadline = earlier
    academy.campaign.save(update_fields=["award_deadline"])
    own_theme = "本所主题"
    child.theme = own_theme
    child.save(update_fields=["theme"])
    client.force_login(inst.user("office"))

    response = client.post(
        reverse("pledges:campaign_align", args=[child.pk]), follow=True
    )

    assert "The academy&#x27;s requirements are taken over: 3 changes." in (
        response.content.decode()
    )
    assert 'data-testid="campaign-conflicts"' not in response.content.decode()
    child.refresh_from_db()
    own.refresh_from_db()
    assert child.award_deadline == earlier and child.theme == own_theme
    assert own.weight == Decimal(40)
    assert own.criteria_set.criteria.filter(code="6", name="院级新增项").exists()


@pytest.mark.parametrize("who", ["member", "secretary", "leader"])
def test_only_the_institute_office_takes_over(client, academy, inst, who):
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    academy.campaign.min_ballots += 2
    academy.campaign.save(update_fields=["min_ballots"])
    client.force_login(inst.user(who))
    response = client.post(reverse("pledges:campaign_align", args=[child.pk]))
    assert response.status_code == 403
    before = child.min_ballots
    child.refresh_from_db()
    assert child.min_ballots == before


def test_the_campaign_pages_keep_their_query_count_as_shortfalls_grow(
    client, academy, inst, other_inst, weighted
):
    top, own = weighted
    child = own.criteria_set.campaign

    def count(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    academy.campaign.min_ballots += 2
    academy.campaign.save(update_fields=["min_ballots"])
    small = [
        count(inst.user("office"), child.get_absolute_url()),
        count(academy.user, academy.campaign.get_absolute_url()),
    ]
    Criterion.objects.filter(pk=top.pk).update(weight=Decimal(50))
    Criterion.objects.create(
        criteria_set=top.criteria_set, code="6", name="新增", order=6
    )
    create_institute_campaign_from(academy.campaign, other_inst.institute)
    academy.campaign.min_ballots += 2
    academy.campaign.save(update_fields=["min_ballots"])

    assert [
        count(inst.user("office"), child.get_absolute_url()),
        count(academy.user, academy.campaign.get_absolute_url()),
    ] == small


def test_the_shortfalls_read_in_chinese(client, academy, inst, weighted):
    import re

    from django.utils import translation

    top, own = weighted
    child = own.criteria_set.campaign
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    with translation.override("zh-hans"):
        client.force_login(academy.user)
        url, data = _campaign_form(client, academy.campaign)
        data["min_ballots"] = str(academy.campaign.min_ballots + 2)
        saved = client.post(url, data, follow=True).content.decode()
        client.post(_edit_url(top), {"max_points": "", "weight": "40"})
        client.force_login(inst.user("office"))
        page = client.get(child.get_absolute_url()).content.decode()
        refused = client.post(_edit_url(own), {"max_points": "", "weight": "20"})

    def text(html, testid):
        block = html.split(f'data-testid="{testid}"')[1].split("</div>")[0]
        return re.sub(r"<[^>]+>", " ", block.split(">", 1)[1])

    assert "的活动现未达院级要求，已通知其活动办公室" in saved
    card = text(page, "campaign-conflicts")
    assert "院级活动要求至少" in card and "权重至少为40，本所为30" in card
    assert re.findall(r"[A-Za-z]{2,}", card) == []
    assert "院级活动中评价项 1" in refused.content.decode()
    assert "本所须设为40或更高" in refused.content.decode()
    assert re.findall(r"[A-Za-z]{2,}", _notes(inst).first().title) == []


def test_the_academys_own_title_sets_are_not_required_of_an_institute(
    client, academy, inst
):
    child = create_institute_campaign_from(academy.campaign, inst.institute)
    child.criteria_sets.filter(code="academy_worker").delete()
    client.force_login(inst.user("office"))
    page = client.get(child.get_absolute_url()).content.decode()
    assert 'data-testid="campaign-conflicts"' not in page
