"""The office dashboard: every figure equals a count made here independently, each
drills down to the units behind it, and the page costs the same queries at any size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Finding, Participation, RectificationItem, Score
from organizations.models import Organization, Person
from pledges.models import NewsReport, Plan, Pledge, Status
from tests.dashboards.world import grow

URL = "/dashboard/"


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def branches(world):
    return Organization.objects.filter(
        institute=world.inst.institute, kind=Organization.Kind.BRANCH, is_active=True
    )


def test_it_counts_plans_by_state_as_the_database_does(client, world):
    grow(world, 2)
    filing = get(client, world.inst.user("office")).context["filing"]
    for status in Status.values:
        expected = Plan.objects.filter(campaign=world.campaign, status=status).count()
        assert filing["totals"]["plans"][status] == expected
    assert filing["totals"]["plans"]["published"] == 3
    assert filing["totals"]["plans"]["submitted"] == 1


def test_it_counts_pledges_by_state_and_category(client, world):
    grow(world, 2)
    filing = get(client, world.inst.user("office")).context["filing"]
    research = next(
        r for r in filing["rows"] if r["key"] == str(world.inst.category.pk)
    )
    expected = Pledge.objects.filter(
        campaign=world.campaign,
        status=Status.PUBLISHED,
        unit__category=world.inst.category,
    ).count()
    assert research["pledges"]["published"] == expected == 3
    assert research["pledges"]["submitted"] == 1


def test_it_counts_branches_without_a_plan(client, world):
    filing = get(client, world.inst.user("office")).context["filing"]
    expected = (
        branches(world)
        .exclude(pk__in=Plan.objects.filter(campaign=world.campaign).values("unit_id"))
        .count()
    )
    assert filing["totals"]["no_plan"] == expected == 1  # the 机关支部


def test_it_counts_members_without_a_pledge_in_their_branch(client, world):
    filing = get(client, world.inst.user("office")).context["filing"]
    members = Person.objects.filter(
        institute=world.inst.institute,
        political_status__in=Person.PARTY_STATUSES,
        is_active=True,
    )
    expected = sum(
        1
        for p in members
        if not Pledge.objects.filter(
            campaign=world.campaign, person=p, unit_id=p.branch_id
        ).exists()
    )
    assert filing["totals"]["no_pledge"] == expected == 3  # gsec, othersec, othermember


def test_it_counts_branches_inspected_this_quarter(client, world):
    grow(world, 3)
    coverage = get(client, world.inst.user("office")).context["coverage"]
    inspected = (
        Finding.objects.filter(round=world.inspection)
        .values("unit_id")
        .distinct()
        .count()
    )
    assert coverage["quarter"] == world.inspection.quarter
    assert coverage["inspected"] == inspected == 4
    assert coverage["total"] == branches(world).count() == 6
    assert coverage["not_inspected"] == 2


def test_it_counts_open_and_overdue_rectification(client, world):
    grow(world, 2)
    figures = get(client, world.inst.user("office")).context["rectification"]
    today = timezone.localdate()
    items = RectificationItem.objects.filter(campaign=world.campaign)
    assert figures["open"] == items.filter(status="open").count() == 4
    assert (
        figures["overdue"]
        == items.filter(status="open", deadline__lt=today).count()
        == 3
    )


def test_it_counts_branches_filing_news_per_month(client, world):
    grow(world, 2)
    news = get(client, world.inst.user("office")).context["news"]
    month = world.campaign.phase1_start.month
    filed = (
        NewsReport.objects.filter(
            published_on__year=world.campaign.year, published_on__month=month
        )
        .values("branch_id")
        .distinct()
        .count()
    )
    row = news["months"][month - 1]
    assert row["filed"] == filed == 3
    assert row["filed"] + row["missing"] + row["open"] == branches(world).count()


def test_it_histograms_scores_by_grade(client, world):
    grow(world, 2)
    grades = {
        g["grade"]: g
        for g in get(client, world.inst.user("office")).context["scores"]["grades"]
    }
    for grade in ("excellent", "good", "average", "poor", ""):
        assert (
            grades[grade]["units"]
            == Score.objects.filter(grade=grade, unit__isnull=False).count()
        )
        assert (
            grades[grade]["people"]
            == Score.objects.filter(grade=grade, person__isnull=False).count()
        )
    assert grades["good"]["units"] == 2
    assert grades[""]["people"] == 2


def test_it_lists_the_top_of_each_ranking_group(client, world):
    scores = get(client, world.inst.user("office")).context["scores"]
    research = next(
        g for g in scores["groups"] if g["category_key"] == str(world.inst.category.pk)
    )
    assert [s.name for s in research["top"]] == [
        world.inst.branch.name,
        world.inst.other_branch.name,
    ]
    assert float(research["mean"]) == pytest.approx((92.5 + 75) / 2)


def test_it_shows_the_live_turnout(client, world):
    grow(world, 2)
    turnout = get(client, world.inst.user("office")).context["turnout"]
    assert turnout["round"] == world.vote
    voters = (
        Participation.objects.filter(round=world.vote)
        .values("voter_id")
        .distinct()
        .count()
    )
    assert turnout["voters"] == voters == 3
    staff = Person.objects.filter(
        institute=world.inst.institute, is_active=True, department__isnull=False
    ).count()
    assert turnout["staff"] == staff


def test_it_polls_the_turnout_while_the_evaluation_is_open(client, world):
    response = get(client, world.inst.user("office"))
    assert b'hx-trigger="every 30s"' in response.content
    fragment = get(client, world.inst.user("office"), reverse("dashboards:turnout"))
    assert fragment.status_code == 200
    assert fragment.context["turnout"]["voters"] == 1


def test_it_shows_the_phase_and_links_the_calendar(client, world):
    response = get(client, world.inst.user("office"))
    assert response.context["overview"]["phase"]["number"] == 2
    assert reverse("calendar", args=[world.campaign.pk]).encode() in response.content


def test_it_shows_the_leader_the_dashboard_without_the_calendar_link(client, world):
    response = get(client, world.inst.user("leader"))
    assert response.status_code == 200
    assert (
        reverse("calendar", args=[world.campaign.pk]).encode() not in response.content
    )


@pytest.mark.parametrize("role", ["secretary", "gsec", "member", "staff"])
def test_it_refuses_the_dashboard_to_others_in_the_institute(client, world, role):
    assert get(client, world.inst.user(role)).status_code == 403


def test_it_sends_the_anonymous_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_shows_another_institutes_office_nothing_of_this_one(
    client, world, other_inst
):
    response = get(client, other_inst.user("office"), campaign=world.campaign.pk)
    assert response.status_code == 200
    assert response.context["campaign"] is None
    assert world.inst.branch.name.encode() not in response.content


def test_it_draws_every_chart_from_an_inert_json_block(client, world):
    content = get(client, world.inst.user("office")).content.decode()
    charts = re.findall(r'<canvas data-chart="([^"]+)"', content)
    assert set(charts) >= {
        "chart-plans",
        "chart-pledges",
        "chart-coverage",
        "chart-rectification",
        "chart-news",
        "chart-grades",
        "chart-ranking",
        "chart-turnout",
    }
    for chart in charts:
        assert f'<script id="{chart}" type="application/json">' in content
    # The content security policy runs no inline script: every script is a file or data.
    for tag in re.findall(r"<script[^>]*>", content):
        assert "src=" in tag or 'type="application/json"' in tag
    assert "js/charts.js" in content


def test_it_keeps_a_table_behind_every_chart(client, world):
    content = get(client, world.inst.user("office")).content.decode()
    assert content.count("<details") >= 8
    assert content.count("data-chart-table") == content.count("<details")


# ---------------------------------------------------------------------------------------
# Drill-down


def drill(client, world, **params):
    response = get(
        client,
        world.inst.user("office"),
        reverse("dashboards:drill"),
        campaign=world.campaign.pk,
        **params,
    )
    assert response.status_code == 200
    return response


def test_it_drills_from_a_filing_figure_to_the_plans_behind_it(client, world):
    grow(world, 2)
    filing = get(client, world.inst.user("office")).context["filing"]
    response = drill(
        client,
        world,
        figure="plans",
        status="published",
        category=str(world.inst.category.pk),
    )
    research = next(
        r for r in filing["rows"] if r["key"] == str(world.inst.category.pk)
    )
    assert response.context["page"].paginator.count == research["plans"]["published"]
    assert world.inst.branch.name in response.content.decode()


def test_it_drills_to_the_branches_without_a_plan(client, world):
    response = drill(client, world, figure="no_plan")
    assert [u.pk for u in response.context["page"]] == [world.inst.lone_branch.pk]


def test_it_drills_to_the_members_without_a_pledge(client, world):
    response = drill(client, world, figure="no_pledge")
    names = {p.name for p in response.context["page"]}
    assert names == {"gsec", "othersec", "othermember"}


def test_it_drills_to_the_branches_not_yet_inspected(client, world):
    response = drill(client, world, figure="uninspected", round=world.inspection.pk)
    assert {u.pk for u in response.context["page"]} == {
        world.inst.other_branch.pk,
        world.inst.lone_branch.pk,
    }


def test_it_drills_to_the_branches_without_news_in_a_month(client, world):
    month = world.campaign.phase1_start.month
    response = drill(client, world, figure="news_missing", month=month)
    assert {u.pk for u in response.context["page"]} == {
        world.inst.other_branch.pk,
        world.inst.lone_branch.pk,
    }


def test_it_drills_to_the_scores_of_a_grade(client, world):
    response = drill(client, world, figure="grade", audience="unit", grade="excellent")
    assert [s.name for s in response.context["page"]] == [world.inst.branch.name]


def test_it_links_every_figure_of_the_table_to_its_drill_down(client, world):
    content = get(client, world.inst.user("office")).content.decode()
    assert f"figure=plans&amp;campaign={world.campaign.pk}" in content
    assert "figure=no_pledge" in content
    assert "figure=uninspected" in content
    assert "figure=news_missing" in content
    assert "figure=grade" in content
    assert reverse("inspections:rectifications") + "?campaign=" in content


def test_it_refuses_an_unknown_figure(client, world):
    response = get(
        client,
        world.inst.user("office"),
        reverse("dashboards:drill"),
        figure="salaries",
        campaign=world.campaign.pk,
    )
    assert response.status_code == 404


# ---------------------------------------------------------------------------------------
# Fixed query counts


def count(client, user, url, **params):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["office", "leader"])
def test_it_keeps_the_office_dashboard_queries_fixed(client, world, role):
    grow(world, 1)
    small = count(client, world.inst.user(role), URL)
    grow(world, 6)
    assert count(client, world.inst.user(role), URL) == small


@pytest.mark.parametrize(
    "params",
    [
        {"figure": "plans", "status": "published"},
        {"figure": "pledges"},
        {"figure": "no_pledge"},
        {"figure": "no_plan"},
        {"figure": "inspected"},
        {"figure": "uninspected"},
        {"figure": "news_missing", "month": "1"},
        {"figure": "grade", "audience": "unit", "grade": "good"},
    ],
)
def test_it_keeps_the_drill_down_queries_fixed(client, world, params):
    params = {**params, "campaign": world.campaign.pk}
    grow(world, 1)
    url = reverse("dashboards:drill")
    small = count(client, world.inst.user("office"), url, **params)
    grow(world, 6)
    assert count(client, world.inst.user("office"), url, **params) == small
