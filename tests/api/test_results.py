"""Results of an evaluation round through the API: the page's rules, nobody's ballot."""

import pytest

from evaluations.ballots import services as ballot_services
from evaluations.models import Round, TargetRule, TargetTally
from organizations.models import Organization
from tests.api.builders import get
from tests.evaluations.ballots.builders import cast, make_round, staff_of
from tests.factories import unit

pytestmark = pytest.mark.django_db


def tallied_round(inst, *, voters, extra_branches=0) -> Round:
    """Staff of the first department rate its branch (and any extra ones); k = 3."""
    extra = [
        unit(f"评议{i}", Organization.Kind.BRANCH, inst.gb, category=inst.category)
        for i in range(extra_branches)
    ]
    round = make_round(
        inst,
        rules=[{"kind": TargetRule.Kind.DEPARTMENT_BRANCHES}]
        + [{"kind": TargetRule.Kind.FIXED_UNIT, "unit": u} for u in extra],
    )
    for voter in staff_of(inst, voters, prefix=f"V{round.pk}-"):
        for target in round.targets.filter(
            unit__department=inst.department
        ) | round.targets.filter(unit__in=extra):
            cast(round, voter, target)
    ballot_services.round_close(round=round)
    ballot_services.round_tally(round=round)
    return round


def results(client, inst, round, role="office") -> dict:
    url = f"/api/v1/rounds/{round.pk}/results/"
    return get(client, inst.user(role), url).json()


def by_unit(body) -> dict[int, dict]:
    return {row["target"]["unit"]: row for row in body["results"]}


def test_it_shows_no_results_while_the_round_is_open(client, inst):
    round = make_round(inst)
    assert results(client, inst, round) == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_it_shows_a_tally_from_k_ballots_as_the_page_does(client, inst):
    round = tallied_round(inst, voters=3)
    row = by_unit(results(client, inst, round))[inst.branch.pk]
    tally = TargetTally.objects.get(round=round, target__unit=inst.branch)
    assert row["withheld"] is False
    assert row["ballots"] == 3
    assert row["mean"] == str(tally.mean)
    assert [q["code"] for q in row["questions"]] == ["Q1", "Q2", "Q3"]
    assert row["questions"][0]["counts"] == {"4": 3, "3": 0, "2": 0, "1": 0}


def test_it_shows_nothing_of_a_target_below_k(client, inst):
    round = tallied_round(inst, voters=3)
    row = by_unit(results(client, inst, round))[inst.other_branch.pk]
    assert row == {
        "target": {
            "id": row["target"]["id"],
            "name": inst.other_branch.name,
            "unit": inst.other_branch.pk,
            "person": None,
        },
        "withheld": True,
        "ballots": None,
        "mean": None,
        "questions": [],
    }


def test_it_shows_results_to_the_leading_group(client, inst):
    round = tallied_round(inst, voters=3)
    assert results(client, inst, round, "leader")["count"] == 2


def test_it_names_no_voter_and_no_receipt_in_the_results(client, inst):
    round = tallied_round(inst, voters=3)
    body = get(
        client, inst.user("office"), f"/api/v1/rounds/{round.pk}/results/"
    ).content.decode()
    receipts = round.ballots.values_list("receipt", flat=True)
    assert receipts
    for receipt in receipts:
        assert receipt not in body
    for key in ("voter", "receipt", "participation", "comment"):
        assert key not in body


def test_it_keeps_the_query_count_of_the_results_fixed(
    client, inst, django_assert_max_num_queries, django_assert_num_queries
):
    small_round = tallied_round(inst, voters=3)
    office = inst.user("office")
    get(client, office, "/api/v1/campaigns/")  # sets the token up
    with django_assert_max_num_queries(20) as small:
        client.get(f"/api/v1/rounds/{small_round.pk}/results/")
    big_round = tallied_round(inst, voters=4, extra_branches=8)
    with django_assert_num_queries(len(small.captured_queries)):
        body = client.get(f"/api/v1/rounds/{big_round.pk}/results/").json()
    assert body["count"] == 10


def test_it_shows_a_round_without_its_ballots(client, inst):
    round = tallied_round(inst, voters=3)
    body = get(client, inst.user("office"), f"/api/v1/rounds/{round.pk}/").json()
    assert body["status"] == "tallied"
    assert body["target_count"] == 2
    assert body["k"] == 3
