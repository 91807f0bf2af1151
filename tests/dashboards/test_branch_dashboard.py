"""The branch dashboard for secretaries: states, members without a pledge, progress,
deadlines, scores and reviews, open rectification; fixed queries at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.inspections import services as inspection_services
from evaluations.models import RectificationItem, ScoreRun
from organizations.models import Person
from pledges.models import PlanMeasure, PledgeItem, Status
from tests.factories import person
from tests.pledges.builders import make_pledge


def url(world, unit=None):
    return reverse("dashboards:branch", args=[(unit or world.inst.branch).pk])


def get(client, user, path):
    client.force_login(user)
    return client.get(path)


def test_it_takes_a_secretary_straight_to_their_branch(client, world):
    response = get(
        client, world.inst.user("secretary"), reverse("dashboards:my_branch")
    )
    assert response.status_code == 302
    assert response["Location"] == url(world)


def test_it_lists_the_branches_of_a_general_branch_secretary(client, world):
    response = get(client, world.inst.user("gsec"), reverse("dashboards:my_branch"))
    assert response.status_code == 200
    listed = {u.pk for u in response.context["page"]}
    assert {world.inst.branch.pk, world.inst.other_branch.pk} <= listed


def test_it_counts_pledges_by_state(client, world):
    response = get(client, world.inst.user("secretary"), url(world))
    states = {s["status"]: s["count"] for s in response.context["pledge_states"]}
    assert states == {
        "draft": 0,
        "submitted": 1,
        "returned": 0,
        "approved": 0,
        "published": 1,
    }
    assert response.context["plan"].status == Status.PUBLISHED


def test_it_names_the_members_without_a_pledge(client, world):
    response = get(client, world.inst.user("secretary"), url(world))
    members = Person.objects.filter(
        branch=world.inst.branch, political_status__in=Person.PARTY_STATUSES
    )
    expected = {
        p.name
        for p in members
        if not p.pledges.filter(campaign=world.campaign).exists()
    }
    assert {p.name for p in response.context["missing"]} == expected == {"gsec"}
    assert response.context["missing_count"] == 1
    assert response.context["members"] == members.count() == 3


def test_it_counts_progress_of_the_published_items(client, world):
    response = get(client, world.inst.user("secretary"), url(world))
    items = PledgeItem.objects.filter(
        pledge__unit=world.inst.branch, pledge__status=Status.PUBLISHED
    )
    progress = response.context["items"]
    assert progress["total"] == items.count() == 1
    assert progress["at_risk"] == items.filter(progress_status="at_risk").count() == 1
    assert progress["done"] == 0
    measures = PlanMeasure.objects.filter(
        plan__unit=world.inst.branch, plan__status=Status.PUBLISHED
    )
    assert response.context["measures"]["total"] == measures.count()


def test_it_counts_overdue_items(client, world):
    item = PledgeItem.objects.get(pledge__person=world.inst.people["member"])
    PledgeItem.objects.filter(pk=item.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    response = get(client, world.inst.user("secretary"), url(world))
    assert response.context["items"]["overdue"] == 1
    assert b'data-figure="items-overdue">1<' in response.content


def test_it_lists_the_next_deadlines_in_date_order(client, world):
    response = get(client, world.inst.user("secretary"), url(world))
    days = [d.due_on for d in response.context["deadlines"]]
    assert days == sorted(days)
    assert {d.kind for d in response.context["deadlines"]} == {"item", "measure"}
    assert all(d >= timezone.localdate() for d in days)


def test_it_lists_open_rectification_with_the_overdue_flagged(client, world):
    response = get(client, world.inst.user("secretary"), url(world))
    items = RectificationItem.objects.filter(unit=world.inst.branch).exclude(
        status="closed"
    )
    assert len(response.context["rectification"]) == items.count() == 2
    assert response.context["rectification_overdue"] == 1


def test_it_hides_unpublished_scores_from_the_secretary(client, world):
    response = get(client, world.inst.user("secretary"), url(world))
    assert response.context["score"] is None
    assert "chart-branch-grades" not in response.context["charts"]


def test_it_shows_unpublished_scores_to_the_office(client, world):
    response = get(client, world.inst.user("office"), url(world))
    assert response.context["score"].grade == "excellent"


def test_it_shows_published_scores_to_the_secretary(client, world):
    ScoreRun.objects.filter(campaign=world.campaign).update(published_at=timezone.now())
    response = get(client, world.inst.user("secretary"), url(world))
    assert response.context["score"].rank == 1
    grades = {g["grade"]: g["count"] for g in response.context["member_grades"]}
    assert grades["good"] == 1  # the member's score
    assert b'data-testid="unit-score"' in response.content


def test_it_lists_the_branch_review(client, world):
    round = inspection_services.review_round_open(campaign=world.campaign, half=1)
    inspection_services.review_write(
        round=round,
        unit=world.inst.branch,
        achievements="按期完成承诺",
        problems="台账不全",
        direction="加强纪实登记",
        by=world.inst.user("office"),
    )
    response = get(client, world.inst.user("secretary"), url(world))
    assert [r.round.half for r in response.context["reviews"]] == [1]


def test_it_refuses_a_plain_member_of_the_branch(client, world):
    assert get(client, world.inst.user("member"), url(world)).status_code == 403


def test_it_hides_the_branch_from_another_branch_secretary(client, world):
    assert get(client, world.inst.user("othersec"), url(world)).status_code == 404


def test_it_hides_the_branch_from_another_institute(client, world, other_inst):
    assert get(client, other_inst.user("office"), url(world)).status_code == 404


def test_it_opens_the_branch_to_the_general_branch_secretary_and_office(client, world):
    for role in ("gsec", "office", "leader"):
        assert get(client, world.inst.user(role), url(world)).status_code == 200


def test_it_draws_its_charts_from_json_blocks(client, world):
    content = get(client, world.inst.user("secretary"), url(world)).content.decode()
    for chart in ("chart-branch-pledges", "chart-branch-progress"):
        assert f'<canvas data-chart="{chart}"' in content
        assert f'<script id="{chart}" type="application/json">' in content


def _add_members(world, n):
    """More members in the branch, each with a published pledge, and more rectification."""
    inst = world.inst
    for _ in range(n):
        member = person(
            inst.institute,
            f"b{Person.objects.count()}",
            account=False,
            department=inst.department,
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=inst.branch,
        )
        make_pledge(
            world.campaign,
            inst.branch,
            member,
            inst.user("secretary"),
            state=Status.PUBLISHED,
            approver=inst.user("gsec"),
        )
        person(
            inst.institute,
            f"c{Person.objects.count()}",
            account=False,
            department=inst.department,
            political_status=Person.PoliticalStatus.PARTY_FULL,
            branch=inst.branch,
        )
        inspection_services.rectification_open(
            unit=inst.branch,
            source=RectificationItem.Source.OTHER,
            campaign=world.campaign,
            title=f"整改事项{Person.objects.count()}",
        )


@pytest.mark.parametrize("role", ["secretary", "office"])
def test_it_keeps_the_branch_dashboard_queries_fixed(client, world, role):
    ScoreRun.objects.filter(campaign=world.campaign).update(published_at=timezone.now())
    _add_members(world, 1)
    user = world.inst.user(role)
    client.force_login(user)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(world)).status_code == 200
    _add_members(world, 8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(world)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
