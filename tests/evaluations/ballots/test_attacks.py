"""The attacks of issue 11, each run against the real thing and each failing to link a
ballot to its voter or to vote twice (DESIGN.md "Secret ballots").

The database attacks need PostgreSQL (``require_postgres``); casts that must land in
transactions of their own use ``transaction=True``.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.ballots import selectors, services
from evaluations.models import (
    AlreadyVotedError,
    Ballot,
    BallotAnswer,
    Participation,
    Slip,
    SlipIssue,
    StagedBallot,
    TargetTally,
)
from organizations.models import Person
from tests.evaluations.ballots.builders import (
    answers_for,
    cast,
    make_round,
    slip_codes,
    staff_of,
    target_of,
)
from tests.factories import UserFactory

# ---------------------------------------------------------------------------------------
# 1. Receipts never appear in a URL (access logs, proxy logs, Referer)


def _closed_round_with_receipt(inst):
    round = make_round(inst)
    receipt = cast(round, inst.people["staff"], target_of(round, unit=inst.branch))
    for voter in staff_of(inst, 4):
        cast(round, voter, target_of(round, unit=inst.branch))
    services.round_close(round=round)
    return round, receipt


def test_it_searches_the_receipt_list_by_post_and_links_no_code(client, inst):
    round, receipt = _closed_round_with_receipt(inst)
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:receipts", args=[round.pk])
    form = re.search(
        r"<form[^>]*role=\"search\"[^>]*>", client.get(url).content.decode()
    ).group(0)
    assert 'method="post"' in form
    response = client.post(url, {"q": receipt[:6]})
    body = response.content.decode()
    listed = re.search(r'data-testid="receipt-list">(.*?)</table>', body, re.S).group(1)
    assert services.code_group(receipt, 5) in listed
    # No address on the answer carries the code (links, form actions, redirects).
    for address in re.findall(r'(?:href|action|src)="([^"]*)"', body):
        assert receipt[:6] not in address.upper().replace("-", "")
    assert response.get("Location") is None


def test_it_ignores_a_receipt_typed_into_the_url(client, inst):
    round, receipt = _closed_round_with_receipt(inst)
    client.force_login(inst.user("staff"))
    url = reverse("evaluations:receipts", args=[round.pk])
    response = client.get(url, {"q": receipt})
    assert response.context["matches"] is None  # the whole list, not a search
    assert response.context["query"] == ""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_keeps_a_checked_receipt_out_of_every_request_address(page, inst):
    from tests.pages import sign_in

    round, receipt = _closed_round_with_receipt(inst)
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    sign_in(page, "staff")
    page.goto(page.base_url + reverse("evaluations:receipts", args=[round.pk]))
    page.fill('[data-testid="receipt-search"]', services.code_group(receipt, 5))
    page.click("form[role=search] button")
    page.wait_for_load_state("networkidle")
    assert services.code_group(receipt, 5) in page.inner_text(
        '[data-testid="receipt-list"]'
    )
    page.goto(page.base_url + reverse("evaluations:receipt_check"))
    page.fill("input[name=code]", receipt)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="receipt-found"]').is_visible()
    assert len(addresses) > 4
    for address in addresses:
        assert receipt not in address.upper().replace("-", "").replace("%2D", "")
        assert receipt[:5] not in address.upper()


# ---------------------------------------------------------------------------------------
# 2. Paper slips: only for staff without accounts, one each, and the office that printed
#    them cannot expose a voter by casting k − 1 known slips and subtracting.


def _slip_ballots(round, unit, rating):
    return [
        (target, answers_for(round, rating), "")
        for target in selectors.slip_targets(round=round, unit=unit)
    ]


def test_it_gives_no_slip_to_someone_who_voted_online(inst):
    round = make_round(inst)
    voter = inst.people["staff"]
    cast(round, voter, target_of(round, unit=inst.branch))
    # The attack: take the voter's account away, then print slips for the department.
    voter.user = None
    voter.save(update_fields=["user"])
    codes = services.slips_generate(round=round, unit=inst.department)
    assert len(codes) == 1  # the institute's "paper" person only
    assert not SlipIssue.objects.filter(person=voter).exists()
    assert SlipIssue.objects.get().person == inst.people["paper"]


def test_it_refuses_an_online_vote_from_someone_given_a_slip(inst):
    round = make_round(inst)
    [_code] = slip_codes(round, inst, 1)
    paper = inst.people["paper"]
    paper.user = UserFactory(username="paper")  # the account comes later
    paper.save(update_fields=["user"])
    with pytest.raises(AlreadyVotedError):
        cast(round, paper, target_of(round, unit=inst.branch))
    assert not Participation.objects.exists()
    assert not StagedBallot.objects.exists()


def test_it_prints_no_more_slips_than_people_who_may_vote_on_paper(inst):
    round = make_round(inst)
    codes = slip_codes(round, inst, 4)
    with pytest.raises(ValidationError):
        services.slips_generate(round=round, unit=inst.department)  # a second batch
    assert Slip.objects.count() == len(codes) == 4
    accountless = Person.objects.filter(department=inst.department, user__isnull=True)
    assert Slip.objects.filter(unit=inst.department).count() <= accountless.count()
    # Every slip of the department rates its branch: at most one slip per such person.
    assert SlipIssue.objects.filter(round=round).count() == accountless.count()


def _office_subtracts(round, target, known: list[int]) -> list[tuple[int, int]]:
    """What the office learns: a shown tally minus the slips it filled in itself.

    Returns ``[(ballots left, rating)]`` for each level of the first question where the
    unknown ballots are fewer than k (a link), an empty list if nothing links."""
    tally = TargetTally.objects.get(target=target)
    if tally.withheld:
        return []
    row = tally.questions.order_by("question__order").first()
    left = tally.ballots - len(known)
    if left >= round.k:
        return []
    counts = {int(v): n for v, n in row.counts.items()}
    for rating in known:
        counts[rating] -= 1
    return [(left, rating) for rating, n in counts.items() if n]


def test_it_withholds_a_tally_the_printer_could_subtract_slips_from(inst):
    round = make_round(inst, k=3)
    target = target_of(round, unit=inst.branch)
    # The office prints slips, keeps k − 1 and fills them in with known answers …
    for code in slip_codes(round, inst, 2):
        services.slip_cast(code=code, ballots=_slip_ballots(round, inst.department, 4))
    # … and one real person votes.
    cast(round, inst.people["staff"], target, rating=1)
    services.round_close(round=round)
    services.round_tally(round=round)
    tally = TargetTally.objects.get(target=target)
    assert tally.ballots == 3 and tally.withheld  # k ballots, but one by account
    assert _office_subtracts(round, target, known=[4, 4]) == []


def test_it_shows_a_tally_once_k_people_voted_by_account_and_nothing_links(inst):
    round = make_round(inst, k=3)
    target = target_of(round, unit=inst.branch)
    codes = slip_codes(round, inst, 3)
    for code in codes[:2]:
        services.slip_cast(code=code, ballots=_slip_ballots(round, inst.department, 4))
    services.slip_cast(code=codes[2], ballots=_slip_ballots(round, inst.department, 1))
    for voter in staff_of(inst, 3, prefix="W"):
        Person.objects.filter(pk=voter.pk).update(user=UserFactory())
        voter.refresh_from_db()
        cast(round, voter, target, rating=2)
    services.round_close(round=round)
    services.round_tally(round=round)
    assert not TargetTally.objects.get(target=target).withheld
    assert _office_subtracts(round, target, known=[4, 4]) == []


# ---------------------------------------------------------------------------------------
# 3. A tick mixes: staged ballots are linkable for one tick, not a day; mixed ballots
#    carry no id from staging.


def _xmins(model) -> set[str]:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text FROM {table}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_tick_unlinks_staged_ballots_and_renames_mixed_ones(require_postgres, inst):
    from chuangxian.tasks import calendar_tick

    round = make_round(inst, k=5)
    target = target_of(round, unit=inst.branch)
    for i, voter in enumerate(staff_of(inst, 12)):
        cast(round, voter, target, rating=1 + i % 4)
    staged_ids = set(StagedBallot.objects.values_list("pk", flat=True))
    assert _xmins(StagedBallot) == _xmins(Participation)  # the attack, before a tick
    calendar_tick()
    votes = _xmins(Participation)
    assert len(votes) == 12
    assert not votes & _xmins(StagedBallot)
    assert not votes & (_xmins(Ballot) | _xmins(BallotAnswer))
    assert Ballot.objects.count() == 12 - 4 and StagedBallot.objects.count() == 4
    # A copy taken before the tick knows staged ids: none survives into any table.
    now = set(Ballot.objects.values_list("pk", flat=True)) | set(
        StagedBallot.objects.values_list("pk", flat=True)
    )
    assert not staged_ids & now


# ---------------------------------------------------------------------------------------
# 4. The close never deletes from (or re-inserts into) the mixed tables.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_close_leaves_mixed_ballots_untouched(require_postgres, inst):
    round = make_round(inst, k=5)
    target = target_of(round, unit=inst.branch)
    voters = staff_of(inst, 8)
    for voter in voters[:7]:
        cast(round, voter, target)
    services.round_mix(round=round)
    table = connection.ops.quote_name(Ballot._meta.db_table)

    def rows():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, xmin::text, ctid::text FROM {table}")  # noqa: S608
            return set(cursor.fetchall())

    before = rows()
    assert len(before) == 3
    cast(round, voters[7], target)
    with CaptureQueriesContext(connection) as queries:
        services.round_close(round=round)
    assert before <= rows()  # same ids, same transaction, same place on disk
    assert Ballot.objects.count() == 8
    for query in queries.captured_queries:
        sql = query["sql"].upper()
        for model in (Ballot, BallotAnswer):
            name = model._meta.db_table.upper()
            assert not re.search(rf"(DELETE FROM|UPDATE|TRUNCATE) \"?{name}\"?\b", sql)


# ---------------------------------------------------------------------------------------
# 5. Live queries (pg_stat_activity) show no voter, answer, comment or receipt.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_live_queries_show_no_ballot_content(require_postgres, inst):
    import psycopg

    settings_ = connection.settings_dict
    watcher = psycopg.connect(
        dbname=settings_["NAME"],
        user=settings_["USER"],
        password=settings_["PASSWORD"],
        host=settings_["HOST"],
        port=settings_["PORT"] or None,
        autocommit=True,
    )
    seen = []

    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        pid = context["connection"].connection.info.backend_pid
        seen.append(
            watcher.execute(
                "SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()[0]
        )
        return result

    round = make_round(inst)
    voter = inst.people["staff"]
    with connection.execute_wrapper(watch):
        receipt = cast(
            round, voter, target_of(round, unit=inst.branch), comment="WATCHED-意见"
        )
    watcher.close()
    assert any("evaluations_stagedballot" in text for text in seen)
    everything = "\n".join(seen)
    assert "WATCHED" not in everything
    assert receipt not in everything
    assert not re.search(rf"\bvoter_id\"? = {voter.pk}\b", everything)
    assert not re.search(rf"\b{voter.pk}, {round.pk}\b", everything)


# ---------------------------------------------------------------------------------------
# 6. The admin shows no count below k.


def test_the_admin_hides_a_withheld_tally_count(admin_client, inst):
    round = make_round(inst, k=3)
    for voter in staff_of(inst, 2):
        cast(round, voter, target_of(round, unit=inst.branch))
    services.round_close(round=round)
    services.round_tally(round=round)
    tally = TargetTally.objects.get(target__unit=inst.branch)
    assert tally.withheld and tally.ballots == 2
    listing = admin_client.get(
        reverse("admin:evaluations_targettally_changelist")
    ).content.decode()
    cells = re.findall(r'<td class="field-ballots_shown">([^<]*)</td>', listing)
    assert cells and "2" not in cells
    detail = admin_client.get(
        reverse("admin:evaluations_targettally_change", args=[tally.pk])
    ).content.decode()
    assert not re.search(r'<div class="readonly">\s*2\s*</div>', detail)
