"""The 五带头 assessment of members (五带头专项考核): evidence, reviews, tallies, ratings."""

import pytest
from django.urls import reverse

from evaluations.models import CriteriaVersion, DaitouRating, Review, ReviewRound
from evaluations.scoring import services
from pledges.models import Status
from tests.evaluations.scoring.builders import closed_round, member_set, tally
from tests.pledges.builders import make_pledge


def daitou(campaign):
    return list(
        member_set(campaign).criteria.filter(parent__isnull=True).order_by("code")
    )


def url(campaign, person):
    return reverse("scoring:assessment", args=[campaign.pk, person.pk])


def rating_post(items, rating="good", comment="表现突出"):
    data = {}
    for item in items:
        data[f"rating_{item.pk}"] = rating
        data[f"comment_{item.pk}"] = comment
    return data


def test_it_lets_the_branch_secretary_rate_a_member(client, inst, campaign):
    items = daitou(campaign)
    client.force_login(inst.user("secretary"))
    response = client.post(url(campaign, inst.people["member"]), rating_post(items))
    assert response.status_code == 302
    assert DaitouRating.objects.filter(person=inst.people["member"]).count() == len(
        items
    )


def test_it_freezes_the_member_criteria_at_the_first_rating(client, inst, campaign):
    items = daitou(campaign)
    services.daitou_rate(
        campaign=campaign,
        person=inst.people["member"],
        entries={items[0].pk: {"rating": "fair", "comment": "较好"}},
        by=inst.user("office"),
    )
    assert CriteriaVersion.objects.get(criteria_set=member_set(campaign)).is_frozen


def test_it_refuses_a_rating_without_a_comment_and_keeps_the_choice(
    client, inst, campaign
):
    items = daitou(campaign)
    client.force_login(inst.user("secretary"))
    response = client.post(
        url(campaign, inst.people["member"]), rating_post(items[:1], "poor", "")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Every rating needs a comment: say why." in body
    assert '<option value="poor" selected>' in body
    assert not DaitouRating.objects.exists()


def test_it_refuses_a_comment_without_a_rating(client, inst, campaign):
    items = daitou(campaign)
    client.force_login(inst.user("secretary"))
    response = client.post(
        url(campaign, inst.people["member"]), rating_post(items[:1], "", "只写了评语")
    )
    assert (
        "Choose a rating for this comment, or clear the comment."
        in response.content.decode()
    )


def test_it_removes_a_rating_cleared_on_the_form(client, inst, campaign):
    items = daitou(campaign)
    member = inst.people["member"]
    services.daitou_rate(
        campaign=campaign,
        person=member,
        entries={items[0].pk: {"rating": "good", "comment": "好"}},
        by=inst.user("office"),
    )
    client.force_login(inst.user("secretary"))
    client.post(url(campaign, member), rating_post(items, "", ""))
    assert not DaitouRating.objects.exists()


@pytest.mark.parametrize(
    "role, status",
    [
        ("gsec", 403),
        ("leader", 403),
        ("othersec", 404),
        ("member", 403),
        ("office", 302),
    ],
)
def test_it_lets_only_the_office_and_the_branch_secretary_rate(
    client, inst, campaign, role, status
):
    client.force_login(inst.user(role))
    response = client.post(
        url(campaign, inst.people["member"]), rating_post(daitou(campaign))
    )
    assert response.status_code == status


def test_it_refuses_a_secretary_rating_themself(client, inst, campaign):
    client.force_login(inst.user("secretary"))
    response = client.post(
        url(campaign, inst.people["secretary"]), rating_post(daitou(campaign))
    )
    assert response.status_code == 403


def test_it_shows_committed_items_under_their_daitou(client, inst, campaign):
    member = inst.people["member"]
    pledge = make_pledge(
        campaign,
        inst.branch,
        member,
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    item = pledge.items.get()
    client.force_login(inst.user("secretary"))
    response = client.get(url(campaign, member))
    detail = response.context["detail"]
    first = detail["rows"][0]
    assert first["item"].pk == item.criterion_id
    assert [p.pk for p in first["pledge_items"]] == [item.pk]
    assert item.text in response.content.decode()


def test_it_shows_the_democratic_tally_of_the_matching_question(client, inst, campaign):
    member = inst.people["member"]
    round = closed_round(campaign, kind="democratic")
    tally(round, person=member, code="M1", text="带头学习提高", counts={"4": 5})
    client.force_login(inst.user("office"))
    detail = client.get(url(campaign, member)).context["detail"]
    assert [qt.question.code for qt in detail["rows"][0]["questions"]] == ["M1"]
    assert detail["rows"][1]["questions"] == []


def test_it_shows_the_half_year_reviews(client, inst, campaign):
    member = inst.people["member"]
    review_round = ReviewRound.objects.create(campaign=campaign, half=1)
    Review.objects.create(
        round=review_round,
        person=member,
        achievements="完成课题两项",
        problems="学习不够系统",
        direction="加强理论学习",
    )
    client.force_login(inst.user("secretary"))
    body = client.get(url(campaign, member)).content.decode()
    assert "完成课题两项" in body
    assert "加强理论学习" in body


def test_it_lists_unrated_members_for_the_secretary(client, inst, campaign):
    items = daitou(campaign)
    services.daitou_rate(
        campaign=campaign,
        person=inst.people["member"],
        entries={items[0].pk: {"rating": "good", "comment": "好"}},
        by=inst.user("office"),
    )
    client.force_login(inst.user("secretary"))
    response = client.get(
        reverse("scoring:assessments", args=[campaign.pk]) + "?show=unrated"
    )
    names = {p.name for p in response.context["page"].object_list}
    assert "member" not in names
    assert "secretary" in names
    assert "othermember" not in names  # another branch: out of the secretary's reach
