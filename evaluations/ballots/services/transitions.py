"""The state machine: draft → open → closed → tallied → published."""

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

    While the round is open only targets with at least k staged ballots move, so each
    batch hides a ballot among k; once closed, everything moves, and a target's last
    batch smaller than k is topped up with already mixed ballots of the same target,
    taken out and put back in the new random order. Idempotent and safe to run
    concurrently: the round row and the staging table are locked for the duration.
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
        records: list[dict] = []
        keep_rows: list[StagedBallot] = []
        short: dict[int, int] = {}
        for target_id, rows in mine.items():
            if len(rows) >= locked.k:
                records.extend(_record(row) for row in rows)
            elif final:
                records.extend(_record(row) for row in rows)
                short[target_id] = locked.k - len(rows)
            else:
                keep_rows.extend(rows)
        if not records:
            return 0
        moved = len(records)
        records.extend(_take_back(locked, short))
        _random.shuffle(records)
        ballots, answers = [], []
        for record in records:
            ballots.append(
                Ballot(
                    id=record["id"],
                    round_id=locked.pk,
                    target_id=record["target_id"],
                    receipt=record["receipt"],
                    comment=record["comment"],
                )
            )
            for question_id, rating in record["answers"].items():
                answers.append(
                    BallotAnswer(
                        ballot_id=record["id"],
                        question_id=int(question_id),
                        rating=int(rating),
                    )
                )
        Ballot.objects.bulk_create(ballots, batch_size=1000)
        BallotAnswer.objects.bulk_create(answers, batch_size=1000)
        _empty_staging()
        # What stays staged goes back with this transaction's xmin, in a new order.
        rest = others + keep_rows
        _random.shuffle(rest)
        StagedBallot.objects.bulk_create(
            [
                StagedBallot(
                    id=row.id,
                    round_id=row.round_id,
                    target_id=row.target_id,
                    receipt=row.receipt,
                    answers=row.answers,
                    comment=row.comment,
                )
                for row in rest
            ],
            batch_size=1000,
        )
    return moved


def _record(row: StagedBallot) -> dict:
    return {
        "id": row.id,
        "target_id": row.target_id,
        "receipt": row.receipt,
        "comment": row.comment,
        "answers": row.answers,
    }


def _take_back(round: Round, short: dict[int, int]) -> list[dict]:
    """Take already mixed ballots out again so each final batch holds k (if there are)."""
    if not short:
        return []
    by_target: dict[int, list] = defaultdict(list)
    for pk, target_id in Ballot.objects.filter(
        round=round, target_id__in=list(short)
    ).values_list("pk", "target_id"):
        by_target[target_id].append(pk)
    chosen = []
    for target_id, need in short.items():
        pool = by_target.get(target_id, [])
        chosen.extend(_random.sample(pool, min(need, len(pool))))
    if not chosen:
        return []
    answers: dict = defaultdict(dict)
    for ballot_id, question_id, rating in BallotAnswer.objects.filter(
        ballot_id__in=chosen
    ).values_list("ballot_id", "question_id", "rating"):
        answers[ballot_id][str(question_id)] = rating
    records = [
        {
            "id": ballot.id,
            "target_id": ballot.target_id,
            "receipt": ballot.receipt,
            "comment": ballot.comment,
            "answers": answers[ballot.id],
        }
        for ballot in Ballot.objects.filter(pk__in=chosen)
    ]
    BallotAnswer.objects.filter(ballot_id__in=chosen).delete()
    Ballot.objects.filter(pk__in=chosen).delete()
    return records


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
