"""The mass organisations' default criteria sets: lines, weights, defaults for old
campaigns (``criteria_defaults``), and a mass unit's sheet that scores."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from evaluations.models import Score, ScoringLine
from evaluations.scoring import services
from evaluations.scoring.defaults import (
    DEFAULT_ITEM_WEIGHTS,
    DEFAULT_LINES,
    DEFAULT_SPECIAL_LINES,
)
from organizations import services as org_services
from organizations.models import Organization, Role
from pledges import services as pledge_services
from pledges.models import CriteriaSet
from tests.evaluations.scoring.builders import marked_sheet
from tests.factories import person, unit
from tests.pledges.builders import make_campaign

UNIT_SETS = ("union_unit", "league_unit", "women_unit")
PERSON_SETS = (
    "union_member",
    "league_member",
    "women_member",
    "league_outstanding",
    "women_outstanding",
)


def _regular_total(criteria_set) -> Decimal:
    return criteria_set.scoring_lines.filter(kind=ScoringLine.Kind.REGULAR).aggregate(
        t=Sum("max_points")
    )["t"]


def _weight_total(criteria_set) -> Decimal:
    return criteria_set.criteria.filter(parent__isnull=True).aggregate(t=Sum("weight"))[
        "t"
    ]


def _state(campaign):
    return (
        list(
            ScoringLine.objects.filter(criteria_set__campaign=campaign)
            .order_by("pk")
            .values_list("pk", "text", "max_points")
        ),
        list(
            campaign.criteria_sets.order_by("pk").values_list(
                "code", "criteria__weight"
            )
        ),
    )


def test_the_defaults_add_up_to_100_over_existing_items():
    items = {
        code: entries for code, *_rest, entries in pledge_services.DEFAULT_CRITERIA_SETS
    }
    for code, lines in DEFAULT_LINES.items():
        assert sum(points for *_l, points in lines) == 100, code
        tops = {str(i) for i in range(1, len(items[code]) + 1)}
        assert {line[0] for line in lines} == tops, code
    for code, weights in DEFAULT_ITEM_WEIGHTS.items():
        assert sum(weights.values()) == 100, code
        assert len(weights) == len(items[code]), code


def test_each_mass_unit_set_has_lines_worth_100_and_special_lines(campaign):
    for code in UNIT_SETS:
        criteria_set = campaign.criteria_sets.get(code=code)
        assert _regular_total(criteria_set) == 100, code
        kinds = set(criteria_set.scoring_lines.values_list("kind", flat=True))
        assert kinds == set(ScoringLine.Kind.values), code
        assert criteria_set.scoring_lines.filter(kind="veto").count() == len(
            DEFAULT_SPECIAL_LINES[code]["veto"]
        )


def test_each_mass_person_set_has_item_weights_worth_100(campaign):
    for code in PERSON_SETS:
        criteria_set = campaign.criteria_sets.get(code=code)
        assert criteria_set.audience == CriteriaSet.Audience.PERSON
        assert _weight_total(criteria_set) == 100, code
    league = campaign.criteria_sets.get(code="league_unit")
    assert list(league.criteria.filter(parent=None).values_list("name", flat=True)) == [
        "组织建设好",
        "团员教育好",
        "活动开展好",
        "青年反映好",
    ]
    outstanding = campaign.criteria_sets.get(code="league_outstanding")
    assert (outstanding.title, outstanding.family) == ("杰出青年", "league")
    women = campaign.criteria_sets.get(code="women_outstanding")
    assert (women.title, women.family) == ("杰出妇女", "women")


def test_the_party_sets_stay_for_the_office_to_fill(campaign):
    assert not campaign.criteria_sets.get(code="party_branch").scoring_lines.exists()


def test_a_league_members_pledge_still_serves_the_four_daitou(campaign, inst):
    league = unit("团委", Organization.Kind.LEAGUE_COMMITTEE, inst.institute)
    chosen = pledge_services.criteria_set_for(
        campaign=campaign, unit=league, audience=CriteriaSet.Audience.PERSON
    )
    assert chosen.code == "league_member"


def test_only_an_academy_campaign_has_the_academy_workers_title(inst):
    academy = unit("测试科学院", Organization.Kind.ACADEMY, None)
    campaign = make_campaign(academy)
    worker = campaign.criteria_sets.get(code="academy_worker")
    assert (worker.title, worker.audience) == ("院先进工作者", "person")
    assert _weight_total(worker) == 100
    assert (
        not make_campaign(inst.institute)
        .criteria_sets.filter(code="academy_worker")
        .exists()
    )


def test_the_command_fills_an_old_campaign_once_and_keeps_edited_lines(campaign):
    # An older campaign: no 杰出青年, an empty union set, no league lines, and a union
    # line the office edited.
    campaign.criteria_sets.filter(code="league_outstanding").delete()
    ScoringLine.objects.filter(criteria_set__code="league_unit").delete()
    union_member = campaign.criteria_sets.get(code="union_member")
    union_member.criteria.all().delete()
    union = campaign.criteria_sets.get(code="union_unit")
    edited = union.scoring_lines.filter(kind="regular").first()
    services.line_save(
        criteria_set=union,
        by=None,
        line=edited,
        kind=edited.kind,
        criterion=edited.criterion,
        text="本所自定的细则",
        max_points=Decimal(20),
    )
    union_lines = union.scoring_lines.count()

    call_command("criteria_defaults", campaign=[campaign.pk], stdout=io.StringIO())
    assert campaign.criteria_sets.filter(code="league_outstanding").exists()
    assert _regular_total(campaign.criteria_sets.get(code="league_unit")) == 100
    assert _weight_total(union_member) == 100
    assert union.scoring_lines.count() == union_lines
    edited.refresh_from_db()
    assert (edited.text, edited.max_points) == ("本所自定的细则", 20)

    before = _state(campaign)
    call_command("criteria_defaults", stdout=io.StringIO())
    assert _state(campaign) == before


def test_a_frozen_set_gets_no_defaults(campaign):
    league = campaign.criteria_sets.get(code="league_unit")
    ScoringLine.objects.filter(criteria_set=league).delete()
    services.criteria_set_freeze(criteria_set=league)
    services.criteria_defaults_apply(campaign=campaign, add_sets=True)
    assert not league.scoring_lines.exists()


def test_only_the_office_can_press_the_defaults_button(client, campaign, inst):
    ScoringLine.objects.filter(criteria_set__code="women_unit").delete()
    url = reverse("scoring:criteria_defaults", args=[campaign.pk])
    for key in ("leader", "secretary", "member"):
        client.force_login(inst.user(key))
        assert client.post(url).status_code in (403, 404), key
    assert not ScoringLine.objects.filter(criteria_set__code="women_unit").exists()
    client.force_login(inst.user("office"))
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "scoring:criteria", args=[campaign.pk]
    )
    assert "16 scoring lines" in response.content.decode()
    women = campaign.criteria_sets.get(code="women_unit")
    assert _regular_total(women) == 100
    response = client.post(url, follow=True)
    assert "Nothing to add" in response.content.decode()


def test_the_criteria_page_shows_each_sets_total(client, campaign, inst):
    client.force_login(inst.user("office"))
    page = client.get(reverse("scoring:criteria", args=[campaign.pk])).content.decode()
    assert page.count('data-testid="set-total">100') >= len(UNIT_SETS + PERSON_SETS)
    assert 'data-testid="criteria-defaults"' in page
    client.force_login(inst.user("leader"))
    page = client.get(reverse("scoring:criteria", args=[campaign.pk])).content.decode()
    assert 'data-testid="criteria-defaults"' not in page


def test_a_union_sheet_scored_on_the_default_lines_gets_a_score(campaign, inst):
    officer = person(inst.institute, "unioner", department=inst.department)
    org_services.role_grant(
        person=officer, kind=Role.Kind.UNION_OFFICER, node=inst.union
    )
    union_set = campaign.criteria_sets.get(code="union_unit")
    lines = {"regular": list(union_set.scoring_lines.filter(kind="regular"))}
    # Every default line is worth 10 or 15: 8 points on each is 64 of 100.
    sheet = marked_sheet(
        campaign,
        inst.union,
        lines,
        writer=officer.user,
        office=inst.user("office"),
        self_points=8,
        office_points=9,
    )
    assert sheet.criteria_set == union_set
    services.scores_compute(campaign=campaign, by=inst.user("office"))
    score = Score.objects.get(campaign=campaign, unit=inst.union)
    # office 9 × 8 lines = 72 of 100 (weight 50), self 64 (weight 10) → 70.67
    assert score.score == Decimal("70.67")
    assert score.grade == "average"


@pytest.mark.parametrize("code", UNIT_SETS)
def test_the_unit_sets_are_what_their_units_are_scored_by(campaign, code):
    from evaluations.scoring import selectors

    family = code.split("_")[0]
    kind = {"union": "union", "league": "league_committee"}.get(
        family, "women_committee"
    )
    assert selectors.unit_criteria_set(campaign, Organization(kind=kind)).code == code


def test_another_institutes_office_cannot_press_the_button(
    client, campaign, other_inst
):
    ScoringLine.objects.filter(criteria_set__code="women_unit").delete()
    client.force_login(other_inst.user("office"))
    url = reverse("scoring:criteria_defaults", args=[campaign.pk])
    assert client.post(url).status_code == 404
    assert not ScoringLine.objects.filter(
        criteria_set__campaign=campaign, criteria_set__code="women_unit"
    ).exists()
