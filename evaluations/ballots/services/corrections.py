"""Correcting a round that went wrong: back to draft, or cancelled (撤销), before any ballot."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.ballots import selectors
from evaluations.ballots.services.common import _audit, _today
from evaluations.models import (
    Ballot,
    Participation,
    Round,
    Slip,
    StagedBallot,
    TransitionError,
)
from organizations.audit import AuditEvent

MAX_REASON = 500


def has_ballots(round: Round) -> bool:
    """Whether anyone has voted in the round (an account, or a paper slip)."""
    return (
        Participation.objects.filter(round=round).exists()
        or Slip.objects.filter(round=round, used=True).exists()
        or StagedBallot.objects.filter(round=round).exists()
        or Ballot.objects.filter(round=round).exists()
    )


def _refuse_after_ballots(round: Round, message: str) -> None:
    if has_ballots(round):
        raise TransitionError(message, code="has_ballots")


def electorate_check(round: Round) -> None:
    """Refuse a round nobody (or, for a 群众评议, no 群众) can vote in."""
    counts = selectors.electorate(scope=round.scope, rules=round.rules.all())
    problem = selectors.electorate_problem(kind=round.kind, counts=counts)
    if problem == "no_masses":
        raise ValidationError(
            _(
                "No staff member who is not a party member can vote in this round: "
                "its scope holds no department, or its rules admit party members "
                "only. Choose the institute (or a unit holding departments) as its "
                "scope, or change the rules."
            ),
            code="no_masses",
        )
    if problem == "no_voters":
        raise ValidationError(
            _(
                "Nobody in this round's scope can vote under its rules. Change the "
                "scope or the rules."
            ),
            code="no_voters",
        )


@transaction.atomic
def round_cancel(*, round: Round, reason: str, by=None) -> Round:
    """Cancel (撤销) a draft or open round before any ballot; it leaves every to-do list."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the round is cancelled.")})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}}
        )
    if round.status not in (Round.Status.DRAFT, Round.Status.OPEN):
        raise TransitionError(
            _("A round that is %(status)s cannot be cancelled.")
            % {"status": round.get_status_display()},
            code="transition",
        )
    _refuse_after_ballots(
        round,
        _(
            "Ballots have already been cast in this round, so it can no longer be "
            "cancelled: that would throw away secret votes that cannot be given back "
            "to their voters. Close the round instead; its results need not be "
            "published."
        ),
    )
    source = round.status
    Round.objects.filter(pk=round.pk).update(
        status=Round.Status.CANCELLED, cancelled_on=_today(), cancel_reason=reason
    )
    round.refresh_from_db()
    _audit(
        AuditEvent.Action.TRANSITION,
        by,
        round,
        source=source,
        target=Round.Status.CANCELLED,
    )
    return round


@transaction.atomic
def round_reopen_draft(*, round: Round, by=None) -> Round:
    """Take an open round back to draft to correct its scope, rules or questions."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status != Round.Status.OPEN:
        raise TransitionError(
            _("Only an open round goes back to draft."), code="transition"
        )
    _refuse_after_ballots(
        round,
        _(
            "Ballots have already been cast in this round, so its scope, rules and "
            "questions can no longer change. Close the round instead; its results "
            "need not be published."
        ),
    )
    Round.objects.filter(pk=round.pk).update(status=Round.Status.DRAFT)
    round.refresh_from_db()
    _audit(
        AuditEvent.Action.TRANSITION,
        by,
        round,
        source=Round.Status.OPEN,
        target=Round.Status.DRAFT,
    )
    return round
