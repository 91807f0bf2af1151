"""Workflows of the secret evaluation (群众评议 / 党员民主评议).

The secrecy rules are DESIGN.md "Secret ballots"; in short:

- ``ballot_cast`` writes the has-voted row and a *staged* ballot in one short transaction
  (the unique constraint on the has-voted row refuses a second vote);
- ``round_mix`` moves staged ballots, at least k per target at a time and in random
  order, into the final tables in a transaction of its own, then empties the staging
  table with TRUNCATE (DELETE with ``secure_delete`` on SQLite), so no ``xmin``, row
  order or time ties a ballot to its has-voted row;
- nothing here logs, and no code path calls the task broker: casting works without Redis.

Residual risks (README): the write-ahead log and any backup taken between a cast and the
next mixing still hold the staged rows with their transaction ids; on SQLite the WAL
file keeps old pages until a checkpoint.
"""

import hashlib
import secrets
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.ballots import selectors
from evaluations.ballots import tally as counting
from evaluations.models import (
    AlreadyVotedError,
    Ballot,
    BallotAnswer,
    Participation,
    Question,
    QuestionTally,
    Round,
    Slip,
    StagedBallot,
    Target,
    TargetRule,
    TargetTally,
    TransitionError,
)
from organizations.audit import AuditEvent, audit_record
from organizations.models import Organization, Person

# Codes a person reads and types: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECEIPT_LENGTH = 10  # ~49 bits: unguessable, short enough to note down
SLIP_CODE_LENGTH = 16  # ~79 bits: an unsalted SHA-256 of it cannot be brute-forced
MAX_SLIPS_PER_BATCH = 500
MAX_COMMENT = 2000

_random = secrets.SystemRandom()


def code_new(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_normalise(text: str) -> str:
    """Upper-case a typed code and drop spaces and dashes (printed codes are grouped)."""
    return "".join(ch for ch in (text or "").upper() if ch not in " -\t\r\n")


def code_group(code: str, size: int = 4) -> str:
    return "-".join(code[i : i + size] for i in range(0, len(code), size))


def slip_hash(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode()).hexdigest()


def _today() -> date:
    return timezone.localdate()


def _audit(action: str, by, round: Round, **detail) -> None:
    """Record a change to a round (who, what, when). Never called on a cast: the log
    must hold no ballot content, no code and no time a voter acted."""
    audit_record(
        action=action,
        user=by,
        obj=round,
        institute_id=round.institute_id,
        **detail,
    )


# ---------------------------------------------------------------------------------------
# Setting a round up


def _check_draft(round: Round) -> None:
    if round.status != Round.Status.DRAFT:
        raise TransitionError(
            _("Rules and questions can only change while the round is a draft."),
            code="not_draft",
        )


def _check_scope(round: Round, unit: Organization | None) -> None:
    if unit is not None and not unit.path.startswith(round.scope.path):
        raise ValidationError(
            _("%(name)s is outside the scope of this round.") % {"name": unit.name},
            code="out_of_scope",
        )


@transaction.atomic
def round_create(
    *,
    scope: Organization,
    kind: str,
    title: str,
    opens_on: date,
    closes_on: date,
    k: int = 5,
    year: int | None = None,
    campaign=None,
    instructions: str = "",
    created_by=None,
) -> Round:
    """Create a draft evaluation round (评议轮次) for a scope node."""
    if scope.institute_id is None:
        raise ValidationError(
            _("A round is held for an institute or a unit inside one."),
            code="no_institute",
        )
    if campaign is not None and campaign.scope.institute_id != scope.institute_id:
        raise ValidationError(
            {"campaign": _("This campaign belongs to another institute.")}
        )
    round = Round(
        scope=scope,
        institute_id=scope.institute_id,
        campaign=campaign,
        kind=kind,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        k=k,
        year=year or opens_on.year,
        instructions=instructions,
        created_by=created_by,
    )
    round.full_clean(exclude=["institute"])
    round.save()
    _audit(AuditEvent.Action.CREATE, created_by, round, kind=kind)
    return round


EDITABLE_WHEN_OPEN = {"title", "instructions", "closes_on"}


@transaction.atomic
def round_update(*, round: Round, by=None, **fields) -> Round:
    """Change a round: anything while a draft; title, instructions and end while open."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    allowed = (
        set(fields)
        if round.is_draft
        else EDITABLE_WHEN_OPEN
        if round.is_open
        else set()
    )
    changed = {
        name: value for name, value in fields.items() if getattr(round, name) != value
    }
    refused = set(changed) - allowed
    if refused:
        raise TransitionError(
            _("This field can no longer change: the round is %(status)s.")
            % {"status": round.get_status_display()},
            code="frozen",
        )
    campaign = changed.get("campaign")
    if campaign is not None and campaign.scope.institute_id != round.institute_id:
        raise ValidationError(
            {"campaign": _("This campaign belongs to another institute.")}
        )
    if "closes_on" in changed and round.is_open and changed["closes_on"] < _today():
        raise ValidationError(
            {"closes_on": _("An open round cannot close in the past.")}
        )
    scope = changed.get("scope")
    if scope is not None and scope.institute_id != round.institute_id:
        raise ValidationError({"scope": _("This unit is in another institute.")})
    for name, value in changed.items():
        setattr(round, name, value)
    round.full_clean(exclude=["institute"])
    round.save()
    if "scope" in changed:
        round_targets_sync(round=round)
    if changed:
        _audit(AuditEvent.Action.UPDATE, by, round, fields=",".join(sorted(changed)))
    return round


@transaction.atomic
def rule_add(
    *,
    round: Round,
    kind: str,
    voters: str = TargetRule.Voters.EVERYONE,
    unit: Organization | None = None,
    person: Person | None = None,
    by=None,
) -> TargetRule:
    """Add a rule of who rates whom (评议关系) and refresh the draft's targets."""
    _check_draft(round)
    K = TargetRule.Kind
    if kind == K.FIXED_UNIT and unit is None:
        raise ValidationError({"unit": _("Choose the unit everyone rates.")})
    if kind == K.FIXED_PERSON and person is None:
        raise ValidationError({"person": _("Choose the person everyone rates.")})
    if kind != K.FIXED_UNIT:
        unit = None
    if kind != K.FIXED_PERSON:
        person = None
    _check_scope(round, unit)
    if person is not None and (
        person.institute_id != round.institute_id or not person.is_active
    ):
        raise ValidationError(
            {"person": _("This person is not in service in this institute.")}
        )
    if kind == K.BRANCH_MEMBERS:
        voters = TargetRule.Voters.PARTY
    rule = TargetRule(round=round, kind=kind, voters=voters, unit=unit, person=person)
    rule.full_clean()
    rule.save()
    round_targets_sync(round=round)
    _audit(AuditEvent.Action.UPDATE, by, round, rule_added=kind)
    return rule


@transaction.atomic
def rule_remove(*, rule: TargetRule, by=None) -> None:
    _check_draft(rule.round)
    round = rule.round
    kind = rule.kind
    rule.delete()
    round_targets_sync(round=round)
    _audit(AuditEvent.Action.UPDATE, by, round, rule_removed=kind)


@transaction.atomic
def round_targets_sync(*, round: Round) -> int:
    """Make the draft's targets those its rules name; returns how many there are."""
    _check_draft(round)
    specs = selectors.rule_target_specs(round=round)
    existing = {
        ("unit" if t.unit_id else "person", t.unit_id or t.person_id): t
        for t in Target.objects.filter(round=round)
    }
    stale = [t.pk for key, t in existing.items() if key not in specs]
    if stale:
        Target.objects.filter(pk__in=stale).delete()
    new = []
    for (kind, pk), name in specs.items():
        current = existing.get((kind, pk))
        if current is None:
            new.append(
                Target(
                    round=round,
                    unit_id=pk if kind == "unit" else None,
                    person_id=pk if kind == "person" else None,
                    name=name[:150],
                )
            )
        elif current.name != name[:150]:
            current.name = name[:150]
            current.save(update_fields=["name"])
    Target.objects.bulk_create(new, batch_size=500)
    return len(specs)


@transaction.atomic
def question_add(
    *, round: Round, code: str, text: str, order: int = 0, by=None
) -> Question:
    """Add a question (测评项) to the draft's questionnaire."""
    _check_draft(round)
    question = Question(round=round, code=code.strip(), text=text.strip(), order=order)
    question.full_clean()
    question.save()
    _audit(AuditEvent.Action.UPDATE, by, round, question_added=question.code)
    return question


@transaction.atomic
def question_update(
    *, question: Question, code: str, text: str, order: int, by=None
) -> None:
    _check_draft(question.round)
    question.code, question.text, question.order = code.strip(), text.strip(), order
    question.full_clean()
    question.save()
    _audit(AuditEvent.Action.UPDATE, by, question.round, question_changed=question.code)


@transaction.atomic
def question_remove(*, question: Question, by=None) -> None:
    _check_draft(question.round)
    code = question.code
    question.delete()
    _audit(AuditEvent.Action.UPDATE, by, question.round, question_removed=code)


@transaction.atomic
def questions_copy(*, round: Round, criteria, by=None) -> int:
    """Copy criteria (评价项, e.g. of a pledges criteria set) in as questions.

    ``criteria`` is any iterable of objects with ``code`` and ``name`` (and ``order``);
    codes already present are skipped. Returns how many were added.
    """
    _check_draft(round)
    taken = set(round.questions.values_list("code", flat=True))
    start = (
        round.questions.order_by("-order").values_list("order", flat=True)[:1] or [0]
    )[0]
    added = 0
    for criterion in criteria:
        code = str(criterion.code)[:20]
        if code in taken:
            continue
        added += 1
        Question.objects.create(
            round=round,
            code=code,
            text=str(criterion.name)[:300],
            order=start + added,
        )
        taken.add(code)
    _audit(AuditEvent.Action.UPDATE, by, round, questions_copied=added)
    return added


# ---------------------------------------------------------------------------------------
# The state machine: draft → open → closed → tallied → published


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


# ---------------------------------------------------------------------------------------
# Casting


def answers_check(*, round: Round, questions, answers: dict, comment: str = "") -> dict:
    """Check a filled questionnaire; return ``{"<question id>": rating}``."""
    values = set(round.scale_values())
    clean: dict[str, int] = {}
    missing = []
    for question in questions:
        raw = answers.get(question.pk, answers.get(str(question.pk)))
        try:
            rating = int(raw)
        except (TypeError, ValueError):
            rating = None
        if rating not in values:
            missing.append(question.text)
            continue
        clean[str(question.pk)] = rating
    if missing:
        raise ValidationError(
            _("Choose a rating for every question: %(questions)s.")
            % {"questions": "、".join(missing)},
            code="missing_answers",
        )
    if len(comment or "") > MAX_COMMENT:
        raise ValidationError(
            _("Keep the comment under %(n)s characters.") % {"n": MAX_COMMENT},
            code="comment_too_long",
        )
    return clean


def _check_can_cast(round: Round, today: date) -> None:
    if round.status != Round.Status.OPEN or not round.in_window(today):
        raise TransitionError(
            _("This evaluation is not open for voting."), code="not_open"
        )


def _still_open(round: Round) -> None:
    """Re-read the status inside the cast transaction, after the staging insert.

    On PostgreSQL the insert waited for any mixer holding the staging lock, so a close
    that committed before that mixer is seen here and the cast rolls back.
    """
    if not Round.objects.filter(pk=round.pk, status=Round.Status.OPEN).exists():
        raise TransitionError(
            _("This evaluation is not open for voting."), code="not_open"
        )


def ballot_cast(
    *,
    round: Round,
    voter: Person,
    target: Target,
    answers: dict,
    comment: str = "",
) -> str:
    """Cast one secret ballot (投票) and return its receipt code, shown once.

    The has-voted row and the staged ballot are written in one short transaction; the
    receipt is kept on the ballot only. A second vote raises AlreadyVotedError.
    """
    today = _today()
    _check_can_cast(round, today)
    if target.round_id != round.pk or not (
        selectors.eligible_targets(round=round, voter=voter)
        .filter(pk=target.pk)
        .exists()
    ):
        raise ValidationError(
            _("You are not asked to rate %(name)s in this evaluation.")
            % {"name": target.name},
            code="not_eligible",
        )
    clean = answers_check(
        round=round, questions=round.questions.all(), answers=answers, comment=comment
    )
    receipt = code_new(RECEIPT_LENGTH)
    try:
        with transaction.atomic():
            Participation.objects.create(
                voter=voter, round=round, target=target, voted_on=today
            )
            StagedBallot.objects.create(
                round=round,
                target=target,
                receipt=receipt,
                answers=clean,
                comment=(comment or "").strip(),
            )
            _still_open(round)
    except IntegrityError:
        if selectors.has_voted(round=round, voter=voter, target=target):
            raise AlreadyVotedError(
                _("You have already rated %(name)s in this evaluation.")
                % {"name": target.name},
                code="already_voted",
            )
        raise
    return receipt


# ---------------------------------------------------------------------------------------
# Paper slips (纸质评议票)


@transaction.atomic
def slips_generate(
    *, round: Round, unit: Organization, count: int, by=None
) -> list[str]:
    """Make ``count`` one-time slips for a department; return the codes, once.

    Only the hashes are stored: the codes exist in this return value and on the sheet
    printed from it, nowhere else. Re-printing is impossible by design.
    """
    if round.status not in (Round.Status.DRAFT, Round.Status.OPEN):
        raise TransitionError(
            _("Slips can only be made before the round closes."), code="closed"
        )
    if unit.kind != Organization.Kind.DEPARTMENT:
        raise ValidationError({"unit": _("Slips are printed for a department.")})
    _check_scope(round, unit)
    if not 1 <= count <= MAX_SLIPS_PER_BATCH:
        raise ValidationError(
            {
                "count": _("Make between 1 and %(n)s slips at a time.")
                % {"n": MAX_SLIPS_PER_BATCH}
            }
        )
    codes = [code_new(SLIP_CODE_LENGTH) for _ in range(count)]
    Slip.objects.bulk_create(
        [Slip(round=round, unit=unit, code_hash=slip_hash(code)) for code in codes]
    )
    _audit(AuditEvent.Action.CREATE, by, round, slips_for_unit=unit.pk, count=count)
    return codes


def slip_find(*, code: str) -> Slip:
    """The unused slip of an open round with this code, or a ValidationError."""
    code = code_normalise(code)
    slip = (
        Slip.objects.select_related("round", "round__scope", "unit")
        .filter(code_hash=slip_hash(code))
        .first()
        if code
        else None
    )
    if slip is None:
        raise ValidationError(
            _("This code is not valid. Check it against your slip and type it again."),
            code="bad_code",
        )
    if slip.used:
        raise AlreadyVotedError(_("This slip has already been used."), code="used")
    _check_can_cast(slip.round, _today())
    return slip


def slip_cast(*, code: str, ballots: list[tuple[Target, dict, str]]) -> list[tuple]:
    """Cast the ballots of one paper slip at once; return ``[(target, receipt)]``.

    The slip is spent by a conditional UPDATE in the same transaction as the staged
    ballots: of two people typing the same code, one succeeds.
    """
    slip = slip_find(code=code)
    round = slip.round
    allowed = {t.pk: t for t in selectors.slip_targets(round=round, unit=slip.unit)}
    chosen = [target.pk for target, _a, _c in ballots]
    if not ballots or sorted(chosen) != sorted(allowed):
        raise ValidationError(
            _("Rate every target listed on the slip's form, each once."),
            code="targets",
        )
    questions = list(round.questions.all())
    staged = []
    receipts = []
    for target, answers, comment in ballots:
        clean = answers_check(
            round=round, questions=questions, answers=answers, comment=comment
        )
        receipt = code_new(RECEIPT_LENGTH)
        receipts.append((allowed[target.pk], receipt))
        staged.append(
            StagedBallot(
                round=round,
                target_id=target.pk,
                receipt=receipt,
                answers=clean,
                comment=(comment or "").strip(),
            )
        )
    with transaction.atomic():
        spent = Slip.objects.filter(pk=slip.pk, used=False).update(used=True)
        if not spent:
            raise AlreadyVotedError(_("This slip has already been used."), code="used")
        StagedBallot.objects.bulk_create(staged)
        _still_open(round)
    return receipts


def receipt_find(*, code: str) -> list[Round]:
    """Closed rounds whose published list holds this receipt (for slip voters)."""
    code = code_normalise(code)
    if len(code) != RECEIPT_LENGTH:
        return []
    return list(
        Round.objects.filter(
            ballots__receipt=code,
            status__in=[
                Round.Status.CLOSED,
                Round.Status.TALLIED,
                Round.Status.PUBLISHED,
            ],
        ).distinct()
    )
