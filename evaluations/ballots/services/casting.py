"""Casting."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils.translation import gettext as _

from evaluations.ballots import selectors
from evaluations.ballots.services.common import (
    MAX_COMMENT,
    Receipt,
    _today,
    receipt_new,
)
from evaluations.models import (
    AlreadyVotedError,
    Participation,
    Round,
    SlipIssue,
    StagedBallot,
    Target,
    TransitionError,
)
from organizations.models import Person


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


def _still_open(round: Round, voter: Person | None = None) -> None:
    """Re-read the status inside the cast transaction, after the staging insert.

    On PostgreSQL the insert waited for any mixer holding the staging lock, so a close
    that committed before that mixer is seen here and the cast rolls back. For an
    online voter, their person row is locked first and a paper slip handed to them
    meanwhile (``slips_generate`` locks the same rows) refuses the vote.
    """
    rows = Round.objects.filter(pk=round.pk)
    if voter is None:
        open_, slipped = rows.filter(status=Round.Status.OPEN).exists(), False
    else:
        list(
            Person.objects.select_for_update(no_key=True)
            .filter(pk=voter.pk)
            .values("pk")
        )
        status, slipped = (
            rows.annotate(
                slipped=Exists(
                    SlipIssue.objects.filter(round_id=round.pk, person_id=voter.pk)
                )
            )
            .values_list("status", "slipped")
            .get()
        )
        open_ = status == Round.Status.OPEN
    if not open_:
        raise TransitionError(
            _("This evaluation is not open for voting."), code="not_open"
        )
    if slipped:
        raise AlreadyVotedError(
            _("You were given a paper slip for this evaluation: vote with the slip."),
            code="slip_holder",
        )


def ballot_cast(
    *,
    round: Round,
    voter: Person,
    target: Target,
    answers: dict,
    comment: str = "",
) -> Receipt:
    """Cast one secret ballot (投票) and return its receipt code, shown once.

    The receipt also carries the one-time check secret and the ratings in question
    order, for the voter's screen only; the ballot keeps just their commitment.

    The has-voted row and the staged ballot are written in one short transaction; the
    receipt is kept on the ballot only. A second vote raises AlreadyVotedError.
    """
    today = _today()
    _check_can_cast(round, today)
    # A target handed out by ``access.get_target_for_voter`` for this voter has just
    # passed the same eligibility query: do not run it twice.
    checked = getattr(target, "checked_voter_id", None) == voter.pk
    if target.round_id != round.pk or not (
        checked
        or selectors.eligible_targets(round=round, voter=voter)
        .filter(pk=target.pk)
        .exists()
    ):
        raise ValidationError(
            _("You are not asked to rate %(name)s in this evaluation.")
            % {"name": target.name},
            code="not_eligible",
        )
    questions = round.questions.all()
    clean = answers_check(
        round=round, questions=questions, answers=answers, comment=comment
    )
    receipt = receipt_new(questions=questions, clean=clean)
    try:
        with transaction.atomic():
            Participation.objects.create(
                voter=voter, round=round, target=target, voted_on=today
            )
            StagedBallot.objects.create(
                round=round,
                target=target,
                receipt=str(receipt),
                answers=clean,
                commitment=receipt.commitment,
                comment=(comment or "").strip(),
            )
            _still_open(round, voter)
    except IntegrityError:
        if selectors.has_voted(round=round, voter=voter, target=target):
            raise AlreadyVotedError(
                _("You have already rated %(name)s in this evaluation.")
                % {"name": target.name},
                code="already_voted",
            )
        raise
    return receipt
