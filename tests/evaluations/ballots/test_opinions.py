"""Written opinions (意见建议): shown to the office and leaders after the count, per target
whose tally is shown, in random order, without times; none below k."""

import io

import openpyxl
import pytest
from django.urls import reverse

from evaluations.ballots import services
from evaluations.models import Ballot
from organizations.models import Person
from tests.evaluations.ballots.builders import (
    cast,
    make_round,
    slip_codes,
    staff_of,
    target_of,
)
from tests.evaluations.ballots.test_attacks import _slip_ballots

pytestmark = pytest.mark.usefixtures("english")


def _counted_round(inst, *, above=3, below=2, prefix="S"):
    """k = 3: the branch gets ``above`` ballots with opinions, the secretary ``below``."""
    round = make_round(inst, k=3)
    branch = target_of(round, unit=inst.branch)
    secretary = target_of(round, person=inst.people["secretary"])
    voters = staff_of(inst, above, prefix=prefix)
    for i, voter in enumerate(voters):
        cast(round, voter, branch, comment=f"支部意见{i}")
    members = []
    for i in range(below):
        member = staff_of(inst, 1, prefix=f"{prefix}M{i}")[0]
        Person.objects.filter(pk=member.pk).update(
            political_status=Person.PoliticalStatus.PARTY_FULL, branch=inst.branch
        )
        member.refresh_from_db()
        members.append(member)
        cast(round, member, secretary, comment=f"书记意见{i}")
    services.round_close(round=round)
    services.round_tally(round=round)
    return round


def _page(client, inst, round, who="office"):
    client.force_login(inst.user(who))
    return client.get(reverse("evaluations:opinions", args=[round.pk]))


def _sheet(client, round) -> list[tuple]:
    response = client.get(reverse("dashboards:round_opinions_xlsx", args=[round.pk]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in book.active.iter_rows(min_row=2, values_only=True)]


def test_it_shows_opinions_of_targets_with_k_ballots_only(client, inst):
    round = _counted_round(inst)
    body = _page(client, inst, round).content.decode()
    for i in range(3):
        assert f"支部意见{i}" in body
    assert "书记意见" not in body
    rows = _sheet(client, round)
    assert sorted(comment for _t, comment in rows) == [f"支部意见{i}" for i in range(3)]
    assert {target for target, _c in rows} == {inst.branch.name}


def test_it_shows_no_opinion_where_the_printer_of_slips_could_subtract(client, inst):
    round = make_round(inst, k=3)
    target = target_of(round, unit=inst.branch)
    for code in slip_codes(round, inst, 2):
        ballots = [
            (t, a, "代填意见") for t, a, _c in _slip_ballots(round, inst.department, 4)
        ]
        services.slip_cast(code=code, ballots=ballots)
    cast(round, inst.people["staff"], target, comment="真实意见")
    services.round_close(round=round)
    services.round_tally(round=round)
    body = _page(client, inst, round).content.decode()
    assert "真实意见" not in body and "代填意见" not in body
    assert _sheet(client, round) == []


def test_it_shows_nothing_before_the_count(client, inst):
    round = make_round(inst, k=3)
    for voter in staff_of(inst, 3):
        cast(round, voter, target_of(round, unit=inst.branch), comment="早到的意见")
    services.round_close(round=round)
    body = _page(client, inst, round).content.decode()
    assert 'data-testid="no-opinions"' in body and "早到的意见" not in body
    response = client.get(reverse("dashboards:round_opinions_xlsx", args=[round.pk]))
    assert response.status_code == 404


def test_it_orders_opinions_by_the_random_id_of_the_mix_not_by_cast(client, inst):
    round = _counted_round(inst, above=12, below=0)
    client.force_login(inst.user("office"))
    shown = [c for _t, c in _sheet(client, round)]
    by_id = list(
        Ballot.objects.filter(round=round)
        .order_by("id")
        .values_list("comment", flat=True)
    )
    assert shown == by_id
    assert sorted(shown) == sorted(f"支部意见{i}" for i in range(12))


def test_it_escapes_an_opinion_that_looks_like_a_formula(client, inst):
    round = make_round(inst, k=3)
    for voter in staff_of(inst, 3):
        cast(round, voter, target_of(round, unit=inst.branch), comment="=HYPERLINK(1)")
    services.round_close(round=round)
    services.round_tally(round=round)
    client.force_login(inst.user("office"))
    assert {c for _t, c in _sheet(client, round)} == {"'=HYPERLINK(1)"}


def test_it_lets_office_and_leaders_read_opinions_and_nobody_else(client, inst):
    round = _counted_round(inst)
    assert _page(client, inst, round, "leader").status_code == 200
    assert _page(client, inst, round, "staff").status_code == 403
    response = client.get(reverse("dashboards:round_opinions_xlsx", args=[round.pk]))
    assert response.status_code == 403


def test_it_keeps_the_opinions_page_query_count_fixed(
    client, inst, django_assert_max_num_queries
):
    round = _counted_round(inst, above=3, below=0)
    client.force_login(inst.user("office"))
    url = reverse("evaluations:opinions", args=[round.pk])
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    round2 = _counted_round(inst, above=20, below=0, prefix="V")
    url = reverse("evaluations:opinions", args=[round2.pk])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
