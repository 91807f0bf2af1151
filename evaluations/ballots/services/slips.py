"""Paper slips (纸质评议票)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.ballots import selectors
from evaluations.ballots.services.casting import (
    _check_can_cast,
    _still_open,
    answers_check,
)
from evaluations.ballots.services.common import (
    MAX_SLIPS_PER_BATCH,
    RECEIPT_LENGTH,
    SLIP_CODE_LENGTH,
    _audit,
    _random,
    _today,
    code_new,
    code_normalise,
    receipt_new,
    slip_hash,
)
from evaluations.ballots.services.setup import _check_scope
from evaluations.models import (
    AlreadyVotedError,
    Round,
    Slip,
    SlipIssue,
    StagedBallot,
    Target,
    TransitionError,
)
from organizations.audit import AuditEvent
from organizations.models import Organization, Person


@transaction.atomic
def slips_generate(*, round: Round, unit: Organization, by=None) -> list[str]:
    """Make one slip for each person of a department who may vote only on paper.

    Those are the active staff of the department without an account, in the round's
    scope, who have neither voted online nor been given a slip (at most
    ``MAX_SLIPS_PER_BATCH`` at a time). Each gets a ``SlipIssue`` row, which uses up
    their vote; so the slips a target can receive never outnumber the people who may
    rate it that way. Only the hashes of the codes are stored, in random order: the
    codes exist in this return value and on the sheet printed from it, nowhere else.
    """
    if round.status not in (Round.Status.DRAFT, Round.Status.OPEN):
        raise TransitionError(
            _("Slips can only be made before the round closes."), code="closed"
        )
    if unit.kind != Organization.Kind.DEPARTMENT:
        raise ValidationError({"unit": _("Slips are printed for a department.")})
    _check_scope(round, unit)
    if not selectors.slip_targets(round=round, unit=unit).exists():
        raise ValidationError(
            {"unit": _("The rules give a slip of this department nothing to rate.")}
        )
    candidates = list(
        selectors.slip_people(round=round, unit=unit)
        .order_by("pk")
        .values_list("pk", flat=True)[:MAX_SLIPS_PER_BATCH]
    )
    # Lock them, then look again: a cast (which locks its voter) or another batch that
    # committed meanwhile is seen now, so nobody gets a slip and an online vote.
    list(Person.objects.select_for_update().filter(pk__in=candidates).values("pk"))
    people = list(
        selectors.slip_people(round=round, unit=unit)
        .filter(pk__in=candidates)
        .values_list("pk", flat=True)
    )
    if not people:
        raise ValidationError(
            {
                "unit": _(
                    "Nobody in this department needs a slip: everyone without an "
                    "account already has one or has voted."
                )
            }
        )
    today = _today()
    SlipIssue.objects.bulk_create(
        [SlipIssue(round=round, person_id=pk, issued_on=today) for pk in people]
    )
    codes = [code_new(SLIP_CODE_LENGTH) for _ in people]
    Slip.objects.bulk_create(
        [Slip(round=round, unit=unit, code_hash=slip_hash(code)) for code in codes]
    )
    _random.shuffle(codes)
    _audit(
        AuditEvent.Action.CREATE, by, round, slips_for_unit=unit.pk, count=len(codes)
    )
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
        receipt = receipt_new(questions=questions, clean=clean)
        receipts.append((allowed[target.pk], receipt))
        staged.append(
            StagedBallot(
                round=round,
                target_id=target.pk,
                receipt=str(receipt),
                answers=clean,
                commitment=receipt.commitment,
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
