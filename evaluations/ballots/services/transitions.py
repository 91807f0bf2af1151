"""The state machine: draft → open → closed → tallied → published."""

import uuid
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from evaluations.ballots import tally as counting
from evaluations.ballots.services.common import _audit, _random, _today
from evaluations.ballots.services.corrections import electorate_check
from evaluations.ballots.services.setup import round_targets_sync
from evaluations.models import (
    Ballot,
    BallotAnswer,
    Participation,
    QuestionTally,
    Round,
    StagedBallot,
    Target,
    TargetTally,
    TransitionError,
)
from organizations.audit import AuditEvent


def _step(round: Round, step: str, by=None, **extra) -> Round:
    """Move the round one step with a conditional UPDATE: a racing twin is refused."""
    source, target = Round.TRANSITIONS[step]
    moved = Round.objects.filter(pk=round.pk, status=source).update(
        status=target, **extra
    )
    round.refresh_from_db()
    if not moved:
        round.check_transition(step)  # raises with the current status
    _audit(AuditEvent.Action.TRANSITION, by, round, source=source, target=target)
    return round


@transaction.atomic
def round_open(*, round: Round, by=None) -> Round:
    """Open the voting window (开始评议): targets are fixed from the rules."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    round.check_transition("open")
    if not round.questions.exists():
        raise ValidationError(
            _("Add at least one question before opening the round."),
            code="no_questions",
        )
    if round_targets_sync(round=round) == 0:
        raise ValidationError(
            _("The rules name no target yet. Add a rule before opening the round."),
            code="no_targets",
        )
    electorate_check(round)
    return _step(round, "open", by)


def round_close(*, round: Round, by=None) -> Round:
    """Close the window (结束评议), then mix every ballot still staged.

    Closing and mixing are two transactions: a cast that raced the close either
    committed before it (and is mixed now) or sees the round closed and rolls back.
    """
    with transaction.atomic():
        round = _step(round, "close", by)
    round_mix(round=round)
    return round


def _lock_staging() -> None:
    """Make the mixer the only writer of the staging table until it commits."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(StagedBallot._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")  # noqa: S608  # nosec B608: a model table name, quoted


def _empty_staging() -> None:
    """TRUNCATE: deleted rows would stay on disk, with their xmin, until vacuum."""
    table = connection.ops.quote_name(StagedBallot._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks still pending on the table (rows staged in
            # this same transaction, as in tests) would make TRUNCATE refuse: run them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {table}")  # noqa: S608  # nosec B608: a model table name, quoted
        else:
            if connection.vendor == "sqlite":
                # Overwrite freed pages with zeros; the WAL keeps its copy until a
                # checkpoint (residual risk, README).
                cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608: a model table name, quoted


def round_mix(*, round: Round) -> int:
    """Mix staged ballots into the final tables (混洗); returns how many moved.

    Every staged row of the round is rewritten: those that move go to ``Ballot`` /
    ``BallotAnswer`` under fresh ids, in random order; the rest go back to staging, also
    under fresh ids and in random order, so after any mix no staged row shares an
    ``xmin``, an id or a place on disk with its has-voted row.

    While the round is open a target moves once it has k staged ballots, and then
    k − 1 of them, chosen at random, stay behind: each moved ballot hid among at least k,
    and the close always finds at least k − 1 ballots (each hidden among k earlier) to
    mix with the last ones. Once closed, everything moves. Nothing is ever deleted from
    or put back into the final tables. Idempotent and safe to run concurrently: the
    round row and the staging table are locked for the duration.
    """
    with transaction.atomic():
        # NO KEY UPDATE: serialises mixers of this round without blocking the foreign
        # key checks of casts (which would deadlock against the staging lock).
        locked = Round.objects.select_for_update(no_key=True).get(pk=round.pk)
        if locked.status not in (Round.Status.OPEN, Round.Status.CLOSED):
            return 0
        final = locked.status == Round.Status.CLOSED
        _lock_staging()
        staged = list(StagedBallot.objects.all())
        mine: dict[int, list[StagedBallot]] = defaultdict(list)
        others: list[StagedBallot] = []
        for row in staged:
            if row.round_id == locked.pk:
                mine[row.target_id].append(row)
            else:
                others.append(row)
        if not mine:
            return 0
        moving: list[StagedBallot] = []
        keep_rows: list[StagedBallot] = []
        for rows in mine.values():
            if final:
                moving.extend(rows)
            elif len(rows) >= locked.k:
                _random.shuffle(rows)
                hold = locked.k - 1
                keep_rows.extend(rows[:hold])
                moving.extend(rows[hold:])
            else:
                keep_rows.extend(rows)
        _random.shuffle(moving)
        ballots, answers = [], []
        for row in moving:
            fresh = uuid.uuid4()
            ballots.append(
                Ballot(
                    id=fresh,
                    round_id=locked.pk,
                    target_id=row.target_id,
                    receipt=row.receipt,
                    comment=row.comment,
                    commitment=row.commitment,
                )
            )
            for question_id, rating in row.answers.items():
                answers.append(
                    BallotAnswer(
                        ballot_id=fresh,
                        question_id=int(question_id),
                        rating=int(rating),
                    )
                )
        Ballot.objects.bulk_create(ballots, batch_size=1000)
        BallotAnswer.objects.bulk_create(answers, batch_size=1000)
        _empty_staging()
        # What stays staged goes back with this transaction's xmin, fresh ids and a
        # new order.
        rest = others + keep_rows
        _random.shuffle(rest)
        StagedBallot.objects.bulk_create(
            [
                StagedBallot(
                    id=uuid.uuid4(),
                    round_id=row.round_id,
                    target_id=row.target_id,
                    receipt=row.receipt,
                    answers=row.answers,
                    comment=row.comment,
                    commitment=row.commitment,
                )
                for row in rest
            ],
            batch_size=1000,
        )
    return len(moving)


def staged_mix() -> int:
    """Mix every open or closed round that has staged ballots (each calendar tick)."""
    moved = 0
    round_ids = set(StagedBallot.objects.values_list("round_id", flat=True).distinct())
    for round in Round.objects.filter(
        pk__in=round_ids, status__in=[Round.Status.OPEN, Round.Status.CLOSED]
    ):
        moved += round_mix(round=round)
    return moved


@transaction.atomic
def round_tally(*, round: Round, by=None) -> Round:
    """Count the ballots (计票) of a closed round and store the tallies."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    round.check_transition("tally")
    if StagedBallot.objects.filter(round=round).exists():
        raise TransitionError(
            _("Some ballots are not mixed yet. Mix them, then tally."),
            code="unmixed",
        )
    targets = list(Target.objects.filter(round=round).values_list("pk", flat=True))
    ballots = dict.fromkeys(targets, 0)
    ballots.update(
        Ballot.objects.filter(round=round)
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values_list("target_id", "n")
    )
    # Ballots cast with an account (one has-voted row each); slips are not counted
    # here: the k-threshold must hold against the party that printed them.
    by_account = dict(
        Participation.objects.filter(round=round)
        .order_by()
        .values("target_id")
        .annotate(n=Count("pk"))
        .values_list("target_id", "n")
    )
    question_ids = list(round.questions.values_list("pk", flat=True))
    answers = (
        BallotAnswer.objects.filter(ballot__round=round)
        .order_by()
        .values("ballot__target_id", "question_id", "rating")
        .annotate(n=Count("pk"))
        .values_list("ballot__target_id", "question_id", "rating", "n")
    )
    results = counting.tally(
        ballots=ballots,
        answers=answers,
        question_ids=question_ids,
        scale=round.scale_values(),
        k=round.k,
        unforgeable=by_account,
    )
    TargetTally.objects.filter(round=round).delete()
    tallies = TargetTally.objects.bulk_create(
        [
            TargetTally(
                round=round,
                target_id=result.target_id,
                ballots=result.ballots,
                withheld=result.withheld,
                mean=result.mean,
            )
            for result in results
        ]
    )
    QuestionTally.objects.bulk_create(
        [
            QuestionTally(
                tally=tally_row,
                question_id=question.question_id,
                counts={str(v): n for v, n in question.counts.items()},
                answered=question.answered,
                mean=question.mean,
            )
            for tally_row, result in zip(tallies, results, strict=True)
            for question in result.questions
        ],
        batch_size=1000,
    )
    return _step(round, "tally", by, tallied_on=_today())


@transaction.atomic
def round_publish(*, round: Round, by=None) -> Round:
    """Publish the results (公布结果) of a tallied round."""
    return _step(round, "publish", by, published_on=_today())
