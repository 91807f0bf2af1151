"""The questionnaire's layout (sub-items under their item) and the results' order."""

import pytest
from django.urls import reverse

from evaluations.ballots import selectors, services
from evaluations.models import Question, TargetRule
from tests.evaluations.ballots.builders import cast, make_round, staff_of, target_of


def _five_goods(campaign):
    return campaign.criteria_sets.get(code="party_branch")


def test_it_puts_sub_items_under_their_item_when_copying_a_criteria_set(inst, campaign):
    round = make_round(inst, opened=False)
    round.questions.all().delete()
    criteria = _five_goods(campaign).criteria.order_by("order", "code")
    added = services.questions_copy(round=round, criteria=criteria)
    rows = list(round.questions.values_list("section", "code", "text"))
    # Five items, seven sub-items: the sub-items are rated, under their item.
    assert added == 7
    assert rows[:3] == [
        ("1 班子建设好", "1.1", "政治引领好"),
        ("1 班子建设好", "1.2", "自身建设好"),
        ("2 党员队伍好", "2.1", "坚持学习好"),
    ]
    assert [section for section, _c, _t in rows][-1] == "5 群众反映好"
    assert not round.questions.filter(code__in=["1", "2", "3", "4", "5"]).exists()


def test_it_copies_items_without_sub_items_as_questions_of_their_own(inst, campaign):
    round = make_round(inst, opened=False)
    round.questions.all().delete()
    league = campaign.criteria_sets.get(code="league_unit")
    services.questions_copy(round=round, criteria=league.criteria.all())
    assert list(round.questions.values_list("section", flat=True)) == [""] * 4


def test_it_shows_the_ballot_grouped_by_item(client, inst, campaign):
    round = make_round(inst, opened=False)
    round.questions.all().delete()
    services.questions_copy(
        round=round, criteria=_five_goods(campaign).criteria.order_by("order", "code")
    )
    services.round_open(round=round)
    client.force_login(inst.user("staff"))
    target = target_of(round, unit=inst.branch)
    html = client.get(
        reverse("evaluations:ballot", args=[round.pk, target.pk])
    ).content.decode()
    assert html.count('data-testid="question-section"') == 5
    assert (
        html.index("1 班子建设好")
        < html.index("政治引领好")
        < html.index("2 党员队伍好")
    )


def test_it_copies_from_the_form_with_sections(client, inst, campaign):
    round = make_round(inst, opened=False)
    round.campaign = campaign
    round.save()
    round.questions.all().delete()
    client.force_login(inst.user("office"))
    client.post(
        reverse("evaluations:questions_copy", args=[round.pk]),
        {"criteria_set": _five_goods(campaign).pk},
    )
    assert Question.objects.filter(round=round, section="4 工作业绩好").count() == 2


def test_it_orders_results_by_the_organisation_tree(inst):
    # 机关支部 sorts first by its characters but sits last in the tree (under 党委).
    round = make_round(
        inst,
        k=2,
        rules=[
            {"kind": TargetRule.Kind.FIXED_UNIT, "unit": unit}
            for unit in (inst.lone_branch, inst.other_branch, inst.branch)
        ],
    )
    for voter in staff_of(inst, 2):
        for unit in (inst.lone_branch, inst.other_branch, inst.branch):
            cast(round, voter, target_of(round, unit=unit))
    services.round_close(round=round)
    services.round_tally(round=round)
    names = [t.target.name for t in selectors.round_tallies(round=round)]
    by_path = sorted(
        (inst.lone_branch, inst.other_branch, inst.branch), key=lambda u: u.path
    )
    assert names == [u.name for u in by_path]


@pytest.mark.parametrize("sections", [True, False])
def test_it_heads_tally_columns_with_their_item(client, inst, sections):
    round = make_round(inst, k=2, opened=False)
    if sections:
        round.questions.update(section="1 班子建设好")
    round = services.round_open(round=round)
    for voter in staff_of(inst, 2):
        cast(round, voter, target_of(round, unit=inst.branch))
    services.round_close(round=round)
    services.round_tally(round=round)
    client.force_login(inst.user("office"))
    html = client.get(reverse("evaluations:tallies", args=[round.pk])).content.decode()
    assert html.count('data-testid="tally-section"') == (1 if sections else 0)
    assert 'class="fw-normal text-nowrap" data-testid="tally-name"' in html
