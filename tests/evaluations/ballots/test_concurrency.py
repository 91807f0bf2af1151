"""Many voters at once: no double vote, no lost vote, no "database is locked".

Runs on the database the run uses: SQLite by default, PostgreSQL under DATABASE_URL
(with a DATABASE_TEST_NAME of your own). Each worker thread has its own connection.
"""

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from evaluations.ballots import selectors, services
from evaluations.models import (
    AlreadyVotedError,
    Ballot,
    Participation,
    Round,
    Slip,
    SlipIssue,
    StagedBallot,
    TargetRule,
)
from organizations.models import Organization
from tests.evaluations.ballots.builders import (
    answers_for,
    make_round,
    slip_codes,
    staff_of,
)
from tests.factories import unit

WORKERS = 24


def _run(jobs, work):
    """Run ``work(job)`` for every job on WORKERS threads; return the outcomes."""
    start = threading.Barrier(WORKERS)

    def worker(chunk):
        outcomes = []
        try:
            start.wait()
            for job in chunk:
                try:
                    outcomes.append(("ok", work(job)))
                except AlreadyVotedError:
                    outcomes.append(("already", None))
                except Exception as error:  # noqa: BLE001  every other error is a failure
                    outcomes.append(("error", f"{type(error).__name__}: {error}"))
        finally:
            connection.close()
        return outcomes

    chunks = [jobs[i::WORKERS] for i in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        return [o for result in pool.map(worker, chunks) for o in result]


def _round_with_five_targets(inst) -> Round:
    """Staff rate their department's branch plus four fixed units: five targets each."""
    extra = [
        unit(f"评议对象{i}", Organization.Kind.BRANCH, inst.gb, category=inst.category)
        for i in range(4)
    ]
    return make_round(
        inst,
        k=5,
        rules=[{"kind": TargetRule.Kind.DEPARTMENT_BRANCHES}]
        + [{"kind": TargetRule.Kind.FIXED_UNIT, "unit": u} for u in extra],
    )


@pytest.mark.django_db(transaction=True)
def test_it_takes_1000_concurrent_ballots_with_duplicates_exactly_once(inst):
    round = _round_with_five_targets(inst)
    voters = staff_of(inst, 160)
    targets = list(selectors.eligible_targets(round=round, voter=voters[0]))
    assert len(targets) == 5
    pairs = [(voter, target) for voter in voters for target in targets]  # 800
    rng = random.Random(4)
    jobs = pairs + rng.sample(pairs, 200)
    rng.shuffle(jobs)
    answers = answers_for(round)

    def work(job):
        voter, target = job
        return services.ballot_cast(
            round=round, voter=voter, target=target, answers=answers
        )

    outcomes = _run(jobs, work)
    kinds = Counter(kind for kind, _value in outcomes)
    assert [o for o in outcomes if o[0] == "error"] == []
    assert kinds == {"ok": 800, "already": 200}
    assert Participation.objects.filter(round=round).count() == 800
    assert StagedBallot.objects.filter(round=round).count() == 800
    services.round_close(round=round)
    assert Ballot.objects.filter(round=round).count() == 800
    receipts = {value for kind, value in outcomes if kind == "ok"}
    assert set(Ballot.objects.values_list("receipt", flat=True)) == receipts


@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_people_use_the_same_slip(inst):
    round = make_round(inst)
    [code] = slip_codes(round, inst, 1)
    ballots = [
        (target, answers_for(round), "")
        for target in selectors.slip_targets(round=round, unit=inst.department)
    ]
    outcomes = _run(
        [code] * WORKERS, lambda c: services.slip_cast(code=c, ballots=ballots)
    )
    kinds = Counter(kind for kind, _value in outcomes)
    assert kinds == {"ok": 1, "already": WORKERS - 1}
    assert StagedBallot.objects.count() == len(ballots)


@pytest.mark.django_db(transaction=True)
def test_it_mixes_safely_while_others_cast_and_mix(inst):
    round = _round_with_five_targets(inst)
    voters = staff_of(inst, 40)
    targets = list(selectors.eligible_targets(round=round, voter=voters[0]))
    answers = answers_for(round)
    jobs = [("cast", voter, target) for voter in voters for target in targets]
    jobs += [("mix", None, None)] * 40
    random.Random(7).shuffle(jobs)

    def work(job):
        kind, voter, target = job
        if kind == "mix":
            return services.round_mix(round=round)
        return services.ballot_cast(
            round=round, voter=voter, target=target, answers=answers
        )

    outcomes = _run(jobs, work)
    assert [o for o in outcomes if o[0] == "error"] == []
    services.round_close(round=round)
    assert not StagedBallot.objects.exists()
    receipts = list(Ballot.objects.values_list("receipt", flat=True))
    assert len(receipts) == len(set(receipts)) == 200


@pytest.mark.django_db(transaction=True)
def test_it_closes_once_when_two_closes_race(inst):
    round = make_round(inst)
    outcomes = _run(
        [round.pk] * WORKERS,
        lambda pk: services.round_close(round=Round.objects.get(pk=pk)),
    )
    errors = [o for o in outcomes if o[0] == "error"]
    assert len([o for o in outcomes if o[0] == "ok"]) == 1
    assert all("TransitionError" in o[1] for o in errors)


@pytest.mark.django_db(transaction=True)
def test_it_gives_each_person_one_slip_when_slips_are_printed_at_once(inst):
    round = make_round(inst)
    staff_of(inst, 9, prefix="P")  # with the institute's "paper" person: 10 people
    outcomes = _run(
        [inst.department] * WORKERS,
        lambda unit: len(services.slips_generate(round=round, unit=unit)),
    )
    done = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert done == [10]
    assert len(refused) == WORKERS - 1
    assert all("ValidationError" in why for why in refused)
    assert Slip.objects.count() == SlipIssue.objects.count() == 10
