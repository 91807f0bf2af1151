"""Member model posts (党员示范岗): designated by the office, shown on the public board."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations.awards import services
from evaluations.models import ModelPost


def designate(campaign, inst, office, **fields):
    values = {
        "person": inst.people["member"],
        "post_name": "型号攻关党员示范岗",
        "description": "承担关键技术攻关",
        "since": campaign.phase4_start,
    } | fields
    return services.model_post_save(campaign=campaign, by=office, **values)


def test_it_designates_a_model_post(campaign, inst, office):
    post = designate(campaign, inst, office)
    assert (post.person, post.post_name, post.is_active) == (
        inst.people["member"],
        "型号攻关党员示范岗",
        True,
    )
    assert post.designated_by == office


def test_it_refuses_a_staff_member_who_is_not_in_the_party(campaign, inst, office):
    with pytest.raises(ValidationError) as error:
        designate(campaign, inst, office, person=inst.people["staff"])
    assert error.value.message_dict == {
        "person": ["Choose a party member in service in this campaign."]
    }


def test_it_refuses_a_post_ending_before_it_starts(campaign, inst, office):
    with pytest.raises(ValidationError) as error:
        designate(
            campaign,
            inst,
            office,
            ended_on=campaign.phase4_start - datetime.timedelta(days=1),
        )
    assert error.value.message_dict == {
        "ended_on": ["A post cannot end before it starts."]
    }


def test_it_refuses_the_same_post_twice(campaign, inst, office):
    designate(campaign, inst, office)
    with pytest.raises(ValidationError) as error:
        designate(campaign, inst, office)
    assert error.value.message_dict == {
        "post_name": ["member already holds this post."]
    }


def test_it_ends_a_post(campaign, inst, office):
    post = designate(campaign, inst, office)
    designate(campaign, inst, office, post=post, ended_on=campaign.phase5_end)
    post.refresh_from_db()
    assert post.is_active is False


def test_it_shows_active_posts_on_the_public_board(client, campaign, inst, office):
    designate(campaign, inst, office)
    designate(
        campaign,
        inst,
        office,
        person=inst.people["othermember"],
        post_name="已结束的岗",
        ended_on=campaign.phase5_end,
    )
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("pledges:board") + f"?campaign={campaign.pk}"
    ).content.decode()
    assert 'data-testid="board-model-posts"' in page
    assert "型号攻关党员示范岗" in page
    assert "已结束的岗" not in page


def test_it_shows_no_posts_section_on_the_board_without_posts(client, campaign, inst):
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("pledges:board") + f"?campaign={campaign.pk}"
    ).content.decode()
    assert 'data-testid="board-model-posts"' not in page


def test_it_lists_the_posts_to_staff(client, campaign, inst, office):
    designate(campaign, inst, office)
    client.force_login(inst.user("staff"))
    page = client.get(
        reverse("awards:model_posts") + f"?campaign={campaign.pk}"
    ).content.decode()
    assert "型号攻关党员示范岗" in page
    assert reverse("awards:model_post_create", args=[campaign.pk]) not in page


def test_it_designates_a_post_on_the_page(client, campaign, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:model_post_create", args=[campaign.pk]),
        {
            "staff_no": inst.people["othermember"].staff_no,
            "post_name": "服务保障党员示范岗",
            "since": campaign.phase4_start.isoformat(),
        },
    )
    assert response.status_code == 302
    assert ModelPost.objects.get().person == inst.people["othermember"]


def test_it_refuses_an_unknown_staff_number_on_the_page(client, campaign, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:model_post_create", args=[campaign.pk]),
        {"staff_no": "X999", "post_name": "示范岗", "since": "2026-05-01"},
    )
    page = response.content.decode()
    assert "No party member in service has the staff number X999." in page
    assert 'value="示范岗"' in page


def test_it_refuses_a_bad_date_on_the_page(client, campaign, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:model_post_create", args=[campaign.pk]),
        {
            "staff_no": inst.people["member"].staff_no,
            "post_name": "示范岗",
            "since": "31/02/2026",
        },
    )
    assert "Enter a date as YYYY-MM-DD." in response.content.decode()


def test_it_refuses_an_end_before_the_start_on_the_page(client, campaign, inst):
    client.force_login(inst.user("office"))
    response = client.post(
        reverse("awards:model_post_create", args=[campaign.pk]),
        {
            "staff_no": inst.people["member"].staff_no,
            "post_name": "示范岗",
            "since": "2026-05-01",
            "ended_on": "2026-04-01",
        },
    )
    assert "A post cannot end before it starts." in response.content.decode()


def test_it_edits_a_post_on_the_page(client, campaign, inst, office):
    post = designate(campaign, inst, office)
    client.force_login(office)
    response = client.post(
        reverse("awards:model_post_edit", args=[post.pk]),
        {
            "staff_no": inst.people["member"].staff_no,
            "post_name": "改名后的示范岗",
            "since": campaign.phase4_start.isoformat(),
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.post_name == "改名后的示范岗"
