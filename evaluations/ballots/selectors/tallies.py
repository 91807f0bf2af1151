"""Tallies and receipts."""

from django.db.models import Count, F, Prefetch, QuerySet
from django.db.models.functions import Coalesce

from evaluations.ballots.selectors.turnout import _count
from evaluations.models import (
    Ballot,
    QuestionTally,
    Round,
    StagedBallot,
    Target,
    TargetTally,
)
from organizations.models import Person


def round_tallies(*, round: Round) -> QuerySet[TargetTally]:
    """Stored tallies, each with its question rows (three queries per page)."""
    return (
        TargetTally.objects.filter(round=round)
        .select_related("target")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=QuestionTally.objects.select_related("question"),
            )
        )
        .annotate(
            tree_path=Coalesce("target__unit__path", "target__person__branch__path")
        )
        # The organisation tree's order, as the office reads it everywhere else.
        .order_by(F("tree_path").asc(nulls_last=True), "target__name", "pk")
    )


def receipts(*, round: Round, query: str = "") -> QuerySet:
    """The round's ``(receipt, check value)`` in receipt order, optionally those whose
    receipt starts with query."""
    rows = Ballot.objects.filter(round=round).order_by("receipt")
    if query:
        rows = rows.filter(receipt__startswith=query)
    return rows.values_list("receipt", "commitment")


def receipt_commitments(*, code: str, rounds) -> list[tuple]:
    """``(round title, receipt, check value)`` of this receipt in these rounds."""
    return list(
        Ballot.objects.filter(receipt=code, round__in=rounds)
        .order_by("round__title", "commitment")
        .values_list("round__title", "receipt", "commitment")
    )


def mixing_pending(*, round: Round) -> bool:
    return StagedBallot.objects.filter(round=round).exists()


def rounds_for_office(*, institute_ids) -> QuerySet[Round]:
    """Rounds of these institutes (None: all, for a superuser), newest first."""
    rounds = Round.objects.all()
    if institute_ids is not None:
        rounds = rounds.filter(institute_id__in=institute_ids)
    return (
        rounds.select_related("scope", "campaign")
        .annotate(
            target_count=_count(Target.objects.all(), "round", Count("pk")),
        )
        .order_by("-opens_on", "-pk")
    )


def closed_rounds_for(*, voter: Person) -> QuerySet[Round]:
    """Recently closed rounds of the voter's institute: where to check a receipt."""
    return Round.objects.filter(
        institute_id=voter.institute_id,
        status__in=[Round.Status.CLOSED, Round.Status.TALLIED, Round.Status.PUBLISHED],
    ).order_by("-closes_on", "-pk")


def vote_panel(scope) -> dict | None:
    """Home panel: how many targets of open rounds still wait for this person's rating."""
    if scope.person is None:
        return None
    waiting = waiting_count(scope.person)
    if not waiting:
        return None
    return {"waiting": waiting}


def waiting_count(voter: Person) -> int:
    """The targets of open rounds the voter may rate and has not: the vote list's
    "to do" count (``raters.VoterTargetRows``: compiled once per process for each
    shape of voter)."""
    from evaluations.ballots.selectors.raters import VoterTargetRows

    return VoterTargetRows(voter, False).count()
