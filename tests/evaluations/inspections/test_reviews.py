"""Half-year reviews (半年点评): rounds, who writes, who acknowledges, history, progress."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from evaluations.inspections import selectors, services
from evaluations.models import Review, ReviewRound, TransitionError
from organizations.access import scope_of
from organizations.models import Notification
from tests.evaluations.inspections.builders import campaign_of, more_branches
from tests.pledges.builders import make_campaign
from tests.shared import fresh

TEXTS = {"achievements": "成绩", "problems": "问题", "direction": "努力方向"}


@pytest.fixture
def campaign(shared_campaign, inst, copies):
    return fresh(copies, shared_campaign, campaign_of, inst)


@pytest.fixture
def round(campaign):
    return services.review_round_open(campaign=campaign, half=1)


def write(round, by, **target):
    return services.review_write(round=round, by=by, **TEXTS, **target)


def test_it_opens_a_half_year_round_once(campaign):
    first = services.review_round_open(campaign=campaign, half=1)
    second = services.review_round_open(campaign=campaign, half=1)
    assert first.pk == second.pk
    assert ReviewRound.objects.count() == 1


def test_it_leaves_a_closed_round_closed_when_opened_again(campaign):
    round = services.review_round_open(campaign=campaign, half=2)
    services.review_round_close(round=round)
    assert services.review_round_open(campaign=campaign, half=2).status == "closed"


def test_it_refuses_a_third_half(campaign):
    with pytest.raises(ValidationError):
        services.review_round_open(campaign=campaign, half=3)


def test_it_closes_a_round_by_campaign_and_half(campaign, round):
    closed = services.review_round_close(campaign=campaign, half=1)
    assert closed.status == ReviewRound.Status.CLOSED
    assert services.review_round_close(campaign=campaign, half=2) is None


def test_it_lets_the_office_review_a_branch(inst, round):
    review = write(round, inst.user("office"), unit=inst.branch)
    assert review.reviewer == inst.people["office"]
    assert review.achievements == "成绩"


def test_it_tells_the_branch_secretary_of_the_branch_review(inst, round):
    review = write(round, inst.user("office"), unit=inst.branch)
    note = Notification.objects.get(recipient=inst.people["secretary"])
    assert note.url == review.get_absolute_url()


def test_it_tells_the_member_of_their_review(inst, round):
    write(round, inst.user("secretary"), person=inst.people["member"])
    assert Notification.objects.filter(recipient=inst.people["member"]).exists()


def test_it_rewrites_a_review_until_it_is_acknowledged(inst, round):
    write(round, inst.user("office"), unit=inst.branch)
    review = services.review_write(
        round=round,
        by=inst.user("office"),
        unit=inst.branch,
        achievements="新成绩",
        problems="问题",
        direction="方向",
    )
    assert Review.objects.get().achievements == "新成绩"
    assert review.pk == Review.objects.get().pk


def test_it_freezes_a_review_once_acknowledged(inst, round):
    review = write(round, inst.user("office"), unit=inst.branch)
    services.review_acknowledge(review=review, by=inst.user("secretary"))
    with pytest.raises(TransitionError):
        write(round, inst.user("office"), unit=inst.branch)


def test_it_refuses_a_review_in_a_closed_round(inst, round):
    services.review_round_close(round=round)
    round.refresh_from_db()
    with pytest.raises(TransitionError):
        write(round, inst.user("office"), unit=inst.branch)


def test_it_needs_every_part_of_the_review(inst, round):
    with pytest.raises(ValidationError) as error:
        services.review_write(
            round=round,
            by=inst.user("office"),
            unit=inst.branch,
            achievements="成绩",
            problems=" ",
            direction="",
        )
    assert error.value.message_dict == {
        "problems": ["Fill in this part of the review."],
        "direction": ["Fill in this part of the review."],
    }


def test_it_reviews_party_members_only(inst, round):
    with pytest.raises(ValidationError):
        write(round, inst.user("office"), person=inst.people["staff"])


# Who writes: the office any review; a secretary or general-branch secretary the
# reviews of the members of their branches; nobody their own.


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("office", True),
        ("secretary", True),
        ("gsec", True),
        ("othersec", False),
        ("leader", False),
        ("member", False),
        ("staff", False),
    ],
)
def test_it_decides_who_writes_a_member_review(inst, round, who, allowed):
    from evaluations.inspections.access import can_write_review_of

    scope = scope_of(inst.user(who))
    result = can_write_review_of(scope, round.campaign, person=inst.people["member"])
    assert result is allowed


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("office", True),
        ("secretary", False),
        ("gsec", False),
        ("leader", False),
        ("member", False),
    ],
)
def test_it_decides_who_writes_a_branch_review(inst, round, who, allowed):
    from evaluations.inspections.access import can_write_review_of

    scope = scope_of(inst.user(who))
    assert can_write_review_of(scope, round.campaign, unit=inst.branch) is allowed


def test_it_lets_nobody_review_themselves(inst, round):
    from evaluations.inspections.access import can_write_review_of

    scope = scope_of(inst.user("secretary"))
    assert not can_write_review_of(
        scope, round.campaign, person=inst.people["secretary"]
    )


# Acknowledging: the reviewed party only.


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("secretary", True),
        ("gsec", False),
        ("office", False),
        ("member", False),
        ("othersec", False),
    ],
)
def test_it_lets_only_the_branch_secretary_acknowledge_the_branch_review(
    inst, round, who, allowed
):
    review = write(round, inst.user("office"), unit=inst.branch)
    if allowed:
        services.review_acknowledge(review=review, by=inst.user(who))
        assert review.acknowledged_at is not None
        assert review.acknowledged_by == inst.user(who)
    else:
        with pytest.raises(PermissionDenied):
            services.review_acknowledge(review=review, by=inst.user(who))


@pytest.mark.parametrize(
    "who,allowed",
    [("member", True), ("secretary", False), ("office", False), ("othermember", False)],
)
def test_it_lets_only_the_member_acknowledge_their_review(inst, round, who, allowed):
    review = write(round, inst.user("secretary"), person=inst.people["member"])
    if allowed:
        services.review_acknowledge(review=review, by=inst.user(who))
        assert review.is_acknowledged
    else:
        with pytest.raises(PermissionDenied):
            services.review_acknowledge(review=review, by=inst.user(who))


def test_it_acknowledges_once(inst, round):
    review = write(round, inst.user("secretary"), person=inst.people["member"])
    services.review_acknowledge(review=review, by=inst.user("member"))
    with pytest.raises(TransitionError):
        services.review_acknowledge(review=review, by=inst.user("member"))


def test_it_lets_the_member_acknowledge_after_the_round_closed(inst, round):
    review = write(round, inst.user("secretary"), person=inst.people["member"])
    services.review_round_close(round=round)
    services.review_acknowledge(review=review, by=inst.user("member"))
    assert review.is_acknowledged


# History and progress


def test_it_keeps_every_years_reviews_in_the_history(inst, round):
    write(round, inst.user("secretary"), person=inst.people["member"])
    start = datetime.date(round.campaign.year + 1, 3, 1)
    later = make_campaign(inst.institute, start=start)
    next_round = services.review_round_open(campaign=later, half=2)
    write(next_round, inst.user("office"), person=inst.people["member"])
    history = list(selectors.review_history(person=inst.people["member"]))
    assert [r.round.campaign.year for r in history] == [
        later.year,
        round.campaign.year,
    ]


def test_it_shows_the_history_of_a_branch_to_its_secretary(client, inst, round):
    review = write(round, inst.user("office"), unit=inst.branch)
    client.force_login(inst.user("secretary"))
    response = client.get(
        reverse("inspections:review_history_unit", args=[inst.branch.pk])
    )
    assert response.status_code == 200
    assert review.achievements in response.content.decode()


def test_it_filters_progress_by_reviewed_and_not_yet(inst, round):
    write(round, inst.user("office"), unit=inst.branch)
    scope = scope_of(inst.user("office"))
    done = list(selectors.review_branches(round, scope, state="done"))
    todo = list(selectors.review_branches(round, scope, state="todo"))
    assert done == [inst.branch]
    assert set(todo) == {inst.other_branch, inst.lone_branch}


def test_it_shows_a_secretary_only_their_own_members_progress(inst, round):
    scope = scope_of(inst.user("secretary"))
    names = {p.name for p in selectors.review_members(round, scope)}
    assert names == {"gsec", "secretary", "member"}


def test_it_counts_progress(inst, round):
    write(round, inst.user("office"), unit=inst.branch)
    write(round, inst.user("office"), person=inst.people["member"])
    progress = selectors.review_progress(round, scope_of(inst.user("office")))
    assert progress == {
        "branches": 3,
        "branches_done": 1,
        "members": 5,
        "members_done": 1,
    }


def test_it_lists_reviews_to_acknowledge(inst, round):
    branch_review = write(round, inst.user("office"), unit=inst.branch)
    member_review = write(round, inst.user("office"), person=inst.people["secretary"])
    pending = set(selectors.reviews_to_acknowledge(scope_of(inst.user("secretary"))))
    assert pending == {branch_review, member_review}


def test_it_keeps_progress_queries_fixed(
    inst, round, django_assert_num_queries, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(inst.user("office"))
    url = reverse("inspections:review_round", args=[round.pk]) + "?what=members"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for branch in more_branches(inst, 6):
        write(round, inst.user("office"), unit=branch)
    with django_assert_num_queries(len(small)):
        client.get(url)


# ---------------------------------------------------------------------------------------
# The facts beside the form, and the reviewed party's response


def test_it_shows_the_branchs_record_beside_the_review_form(client, inst, round):
    from tests.evaluations.inspections.builders import finding, open_round

    inspection = open_round(round.campaign)
    finding(inspection, inst.branch, text="三会一课记录不全")
    client.force_login(inst.user("office"))
    response = client.get(
        reverse("inspections:review_write_unit", args=[round.pk, inst.branch.pk])
    )
    assert response.status_code == 200
    facts = response.context["facts"]
    assert facts["findings"] == {"poor": 1}
    assert facts["news_gaps"]  # no news report filed in the campaign's months
    assert facts["records"] == 0
    page = response.content.decode()
    side = page.split('data-testid="review-facts"')[1].split("</section>")[0]
    assert "三会一课记录不全" in side
    assert facts["news_gaps"][0] in side


def test_it_reads_the_facts_in_fixed_queries(
    client, inst, round, django_assert_max_num_queries
):
    from tests.evaluations.inspections.builders import finding, open_round

    client.force_login(inst.user("office"))
    url = reverse("inspections:review_write_unit", args=[round.pk, inst.branch.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    inspection = open_round(round.campaign)
    for _n in range(4):
        finding(inspection, inst.branch)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_it_shows_a_members_pledge_facts(client, inst, round):
    client.force_login(inst.user("office"))
    member = inst.people["member"]
    response = client.get(
        reverse("inspections:review_write_person", args=[round.pk, member.pk])
    )
    assert response.status_code == 200
    assert response.context["facts"]["progress_reports"] == 0
    assert 'data-testid="facts-pledge"' in response.content.decode()


def test_it_lets_the_secretary_respond_when_acknowledging(client, inst, round):
    review = write(round, inst.user("office"), unit=inst.branch)
    client.force_login(inst.user("secretary"))
    page = client.get(review.get_absolute_url()).content.decode()
    assert 'name="response"' in page
    client.post(
        reverse("inspections:review_acknowledge", args=[review.pk]),
        {"response": "会议记录已补齐，下半年按月报送通讯报道。"},
    )
    review.refresh_from_db()
    assert review.is_acknowledged
    assert review.response == "会议记录已补齐，下半年按月报送通讯报道。"
    page = client.get(review.get_absolute_url()).content.decode()
    assert "会议记录已补齐" in page.split('data-testid="review-response"')[1]
    told = Notification.objects.filter(
        recipient=inst.people["office"], dedupe_key=f"review-response:{review.pk}"
    )
    assert told.count() == 1
