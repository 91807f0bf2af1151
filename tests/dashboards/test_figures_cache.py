"""The cached figures (core.versioned_cache) are current after every write that
changes them: filing a plan, approving it, a pledge's progress, a vote, closing the
round, scores recomputed; they are shared only between users of the same reach."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone

from chuangxian.dashboards import selectors as dashboards
from chuangxian.dashboards.views import campaign as dashboard_views
from core import versioned_cache
from evaluations.ballots import services as ballot_services
from evaluations.models import Round, Target
from evaluations.scoring.services.scores import scores_compute
from organizations.access import scope_of
from organizations.models import Organization
from pledges import services
from pledges.models import Plan, ProgressStatus, Status
from tests.dashboards.test_query_budget import BUDGET, counted
from tests.dashboards.world import _answers
from tests.factories import person, unit
from tests.pledges.builders import make_plan

DASHBOARD = "/dashboard/"


@pytest.fixture
def computes(monkeypatch):
    """How often the dashboard's figures and turnout card were computed."""
    counts = {"figures": 0, "turnout": 0}
    figures, turnout = dashboard_views._figures, dashboard_views._turnout

    def counted_figures(*args):
        counts["figures"] += 1
        return figures(*args)

    def counted_turnout(*args):
        counts["turnout"] += 1
        return turnout(*args)

    monkeypatch.setattr(dashboard_views, "_figures", counted_figures)
    monkeypatch.setattr(dashboard_views, "_turnout", counted_turnout)
    return counts


def dashboard(client, user):
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.context


def plan_totals(world):
    return dashboards.filing(scope_of(world.inst.user("office")), world.campaign)[
        "totals"
    ]["plans"]


def test_the_figures_are_computed_once_for_everyone_of_one_reach(
    client, world, computes
):
    office = world.inst.user("office")
    dashboard(client, office)
    dashboard(client, office)
    assert computes == {"figures": 1, "turnout": 1}
    # A second member of the activity office: the same reach, the same figures.
    colleague = person(
        world.inst.institute, "office2", department=world.inst.department
    )
    from organizations import services as org_services
    from organizations.models import Role

    org_services.role_grant(
        person=colleague, kind=Role.Kind.OFFICE, node=world.inst.office_body
    )
    computes.update(figures=0, turnout=0)
    dashboard(client, office)  # the grant was a write: computed afresh once
    dashboard(client, colleague.user)
    assert computes == {"figures": 1, "turnout": 1}


def test_another_reach_never_gets_them(client, world, computes):
    dashboard(client, world.inst.user("office"))
    dashboard(client, world.inst.user("leader"))  # the leading group: its own reach
    assert computes["figures"] == 2


def new_branch(world):
    return unit(
        "新建支部",
        Organization.Kind.BRANCH,
        world.inst.gb,
        category=world.inst.category,
        department=world.inst.department,
    )


def test_filing_a_plan_shows_at_once(client, world, computes):
    office = world.inst.user("office")
    branch = new_branch(world)
    before = dashboard(client, office)["filing"]["totals"]
    assert before["no_plan"] == 2
    make_plan(world.campaign, branch, world.inst.user("gsec"), state=Status.SUBMITTED)
    after = dashboard(client, office)["filing"]["totals"]
    assert after["no_plan"] == 1
    assert after["plans"][Status.SUBMITTED] == before["plans"][Status.SUBMITTED] + 1
    assert after["plans"] == plan_totals(world)
    assert computes["figures"] == 2


def test_approving_a_plan_shows_at_once(client, world):
    office = world.inst.user("office")
    before = dashboard(client, office)["filing"]["totals"]["plans"]
    plan = Plan.objects.get(campaign=world.campaign, unit=world.inst.other_branch)
    assert plan.status == Status.SUBMITTED
    services.plan_approve(plan=plan, by=world.inst.user("gsec"))
    after = dashboard(client, office)["filing"]["totals"]["plans"]
    assert after[Status.SUBMITTED] == before[Status.SUBMITTED] - 1
    assert after == plan_totals(world)


def test_the_office_home_counts_are_current_after_filing(client, world):
    office = world.inst.user("office")
    client.force_login(office)

    def filing_panel():
        panels = dict(client.get("/").context["panels"])
        return panels["pledges/panels/office.html"]["counts"]

    branch = new_branch(world)
    before = filing_panel()
    make_plan(world.campaign, branch, world.inst.user("gsec"), state=Status.SUBMITTED)
    assert filing_panel() != before


def test_the_office_home_names_its_institute_as_it_is_now(client, world):
    """The institutes' names on the office's home are kept with its counts: a
    renamed institute shows on the next page."""
    client.force_login(world.inst.user("office"))
    institute = world.inst.institute
    assert institute.name in client.get("/").content.decode()
    Organization.objects.filter(pk=institute.pk).update(name="改名后的研究所")
    assert "改名后的研究所" in client.get("/").content.decode()


def test_a_pledges_progress_recomputes_the_figures(client, world, computes):
    office = world.inst.user("office")
    dashboard(client, office)
    before = versioned_cache.versions(versioned_cache.FIGURES, world.inst.institute.pk)
    member = world.inst.user("member")
    pledge = world.campaign.pledges.get(person=world.inst.people["member"])
    services.progress_report(
        subject=pledge.items.first(),
        by=member,
        status=ProgressStatus.DONE,
        percent=100,
        text="已完成",
    )
    assert (
        versioned_cache.versions(versioned_cache.FIGURES, world.inst.institute.pk)
        != before
    )
    dashboard(client, office)
    assert computes["figures"] == 2


def test_a_vote_shows_in_the_turnout_at_once_and_leaves_the_rest(
    client, world, computes
):
    office = world.inst.user("office")
    before = dashboard(client, office)["turnout"]["voters"]
    voter = world.inst.people["staff"]
    target = Target.objects.filter(round=world.vote).first()
    ballot_services.ballot_cast(
        round=world.vote, voter=voter, target=target, answers=_answers(world.vote)
    )
    after = dashboard(client, office)["turnout"]["voters"]
    assert after == before + 1
    assert computes == {"figures": 1, "turnout": 2}  # a vote changes the turnout only


def shown_voters(client, user, path=DASHBOARD) -> int:
    client.force_login(user)
    html = client.get(path).content.decode()
    return int(re.search(r'data-figure="turnout-voters">(\d+)<', html).group(1))


def test_the_rendered_turnout_card_follows_a_vote(client, world):
    """The card's HTML is kept too (a shared fragment): a vote renders it afresh, on
    the page and in the polled fragment alike."""
    office = world.inst.user("office")
    before = shown_voters(client, office)
    assert shown_voters(client, office, "/dashboard/turnout/") == before
    ballot_services.ballot_cast(
        round=world.vote,
        voter=world.inst.people["staff"],
        target=Target.objects.filter(round=world.vote).first(),
        answers=_answers(world.vote),
    )
    assert shown_voters(client, office) == before + 1
    assert shown_voters(client, office, "/dashboard/turnout/") == before + 1


def test_closing_the_round_shows_at_once(client, world):
    office = world.inst.user("office")
    assert dashboard(client, office)["turnout"]["round"].status == Round.Status.OPEN
    ballot_services.round_close(round=world.vote)
    assert dashboard(client, office)["turnout"]["round"].status != Round.Status.OPEN


def test_recomputed_scores_show_at_once(client, world, computes):
    office = world.inst.user("office")
    dashboard(client, office)
    scores_compute(campaign=world.campaign)
    shown = dashboard(client, office)["scores"]
    fresh = dashboards.score_figures(world.campaign)
    assert [(g["grade"], g["units"], g["people"]) for g in shown["grades"]] == [
        (g["grade"], g["units"], g["people"]) for g in fresh["grades"]
    ]
    assert computes["figures"] == 2


def test_a_new_day_computes_afresh(client, world, computes):
    office = world.inst.user("office")
    dashboard(client, office)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        dashboard(client, office)
    assert computes["figures"] == 2


@pytest.mark.parametrize(("role", "path"), [("office", "/"), ("office", DASHBOARD)])
def test_the_query_budget_holds_computed_and_cached(client, world, role, path):
    user = world.inst.user(role)
    client.force_login(user)
    client.get(path)  # the session's first request
    caches["default"].clear()
    versioned_cache.forget_local()  # and this process's copies
    computed = counted(client, user, path)
    cached = counted(client, user, path)
    assert len(computed) <= BUDGET, "\n".join(computed)
    assert len(cached) < len(computed)


def test_the_rendered_figures_follow_a_write(client, world):
    office = world.inst.user("office")
    client.force_login(office)

    def no_plan_link():
        html = client.get(DASHBOARD).content.decode()
        return re.search(r'data-figure="no-plan">([^<]*)<', html).group(1)

    branch = new_branch(world)
    before = no_plan_link()
    assert before == no_plan_link()  # the cached fragment
    assert "2" in before
    make_plan(world.campaign, branch, world.inst.user("gsec"), state=Status.SUBMITTED)
    assert no_plan_link() != before
    assert "1" in no_plan_link()


def test_the_rendered_figures_are_in_the_users_language(client, world):
    from django.utils import translation

    office = world.inst.user("office")
    client.force_login(office)
    english = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("zh-hans"):
        client.cookies["django_language"] = "zh-hans"
        chinese = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Inspection coverage" in english
    assert "Inspection coverage" not in chinese


@pytest.mark.parametrize("role", ["member", "staff", "secretary", "office"])
def test_the_boards_lean_counts_equal_its_lists(world, role):
    from pledges import selectors

    scope = scope_of(world.inst.user(role))
    campaign = world.campaign
    assert selectors.board_pledge_count(scope, campaign) == len(
        selectors.board_pledges(scope, campaign)
    )
    assert selectors.board_plan_count(scope, campaign) == len(
        selectors.board_plans(scope, campaign)
    )


def test_recomputed_scores_leave_another_institutes_figures_cached(
    client, world, other_inst, computes
):
    office = world.inst.user("office")
    other_calls = []

    def other():
        other_calls.append(1)
        return "other"

    key = versioned_cache.FIGURES
    versioned_cache.get_or_compute(key, other_inst.institute.pk, "k", other)
    dashboard(client, office)
    scores_compute(campaign=world.campaign)
    dashboard(client, office)
    versioned_cache.get_or_compute(key, other_inst.institute.pk, "k", other)
    assert computes["figures"] == 2  # this institute's afresh
    assert len(other_calls) == 1  # the other's still cached


def test_a_web_write_in_one_institute_leaves_another_institutes_figures_cached(
    client, world, other_inst, computes
):
    office, gsec = world.inst.user("office"), world.inst.user("gsec")
    other_calls = []

    def other():
        other_calls.append(1)
        return "other"

    key = versioned_cache.FIGURES
    versioned_cache.get_or_compute(key, other_inst.institute.pk, "k", other)
    before = dashboard(client, office)["filing"]["totals"]["plans"]
    plan = Plan.objects.get(campaign=world.campaign, unit=world.inst.other_branch)
    client.force_login(gsec)
    response = client.post(f"/plans/{plan.pk}/approve/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    after = dashboard(client, office)["filing"]["totals"]["plans"]
    assert after[Status.SUBMITTED] == before[Status.SUBMITTED] - 1
    assert computes["figures"] == 2  # this institute's afresh
    versioned_cache.get_or_compute(key, other_inst.institute.pk, "k", other)
    assert len(other_calls) == 1  # the other institute's still cached


def test_a_superusers_web_write_bumps_every_institute(
    client, world, other_inst, django_user_model
):
    from organizations.middleware import sole_institute

    admin = django_user_model.objects.create_superuser("root-x", "r@x.cn", "pw-x-123")
    assert sole_institute(scope_of(admin)) is None
    assert sole_institute(scope_of(world.inst.user("gsec"))) == world.inst.institute.pk
    other_calls = []

    def other():
        other_calls.append(1)
        return "other"

    key = versioned_cache.FIGURES
    versioned_cache.get_or_compute(key, other_inst.institute.pk, "k", other)
    plan = Plan.objects.get(campaign=world.campaign, unit=world.inst.other_branch)
    client.force_login(admin)
    client.post(f"/plans/{plan.pk}/approve/")
    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    versioned_cache.get_or_compute(key, other_inst.institute.pk, "k", other)
    assert len(other_calls) == 2  # a superuser's write is not placed: all bumped


def test_the_shared_panels_rendered_html_follows_a_write_and_the_language(
    client, world
):
    """The office home's shared panels are kept rendered (``rendered_html``): the
    page shows what their template makes of their current figures, in the reader's
    language, after a filing as before it."""
    from django.template.loader import render_to_string
    from django.utils import translation

    office = world.inst.user("office")
    client.force_login(office)

    def filing_panel(language="zh-hans"):
        client.cookies["django_language"] = language
        response = client.get("/")
        ctx = dict(response.context["panels"])["pledges/panels/office.html"]
        with translation.override(language):
            fresh = render_to_string(
                "pledges/panels/office.html",
                {"panel": {k: v for k, v in ctx.items() if k != "rendered_html"}},
            )
        assert ctx["rendered_html"] == fresh
        assert fresh in response.content.decode()
        return ctx

    before = filing_panel()
    branch = new_branch(world)
    make_plan(world.campaign, branch, world.inst.user("gsec"), state=Status.SUBMITTED)
    after = filing_panel()
    assert after["counts"] != before["counts"]
    assert after["rendered_html"] != before["rendered_html"]
    english = filing_panel("en")
    assert english["rendered_html"] != after["rendered_html"]


def test_the_campaign_picker_follows_a_new_campaign_and_a_new_theme(client, world):
    """The dashboard's campaigns are kept for everyone of one reach: a campaign set
    up, or a theme corrected, shows at the next page."""
    from pledges import services as pledge_services
    from tests.pledges.builders import make_campaign

    office = world.inst.user("office")
    client.force_login(office)

    def picker():
        html = client.get(DASHBOARD).content.decode()
        return re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)

    assert picker() == []  # one campaign: named, no picker
    assert picker() == []
    start = world.campaign.phase1_start.replace(year=world.campaign.year + 1, day=1)
    make_campaign(world.inst.institute, start=start, theme="新主题")
    assert len(picker()) == 2 and any("新主题" in name for name in picker())
    pledge_services.campaign_update(campaign=world.campaign, theme="改过的主题")
    assert any("改过的主题" in name for name in picker())
