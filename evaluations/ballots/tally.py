"""Counting the ballots of an evaluation round (计票), free of Django.

As in Helios, the arithmetic lives apart from the database: the service feeds it plain
numbers (ballots per target, answers per target × question × rating) and stores what it
returns. Nothing here knows who voted.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.001")


@dataclass(frozen=True)
class QuestionResult:
    """How one target was rated on one question."""

    question_id: int
    counts: dict[int, int]  # rating value → number of answers, every level present
    answered: int
    mean: Decimal


@dataclass(frozen=True)
class TargetResult:
    """One target's tally; withheld (no figures at all) below k ballots."""

    target_id: int
    ballots: int
    withheld: bool
    mean: Decimal | None
    questions: list[QuestionResult] = field(default_factory=list)


def mean_of(counts: dict[int, int]) -> Decimal | None:
    """The mean rating of ``{value: count}``, rounded half up to three places."""
    total = sum(counts.values())
    if total == 0:
        return None
    score = sum(Decimal(value) * count for value, count in counts.items())
    return (score / total).quantize(PLACES, rounding=ROUND_HALF_UP)


def tally(
    *,
    ballots: dict[int, int],
    answers: Iterable[tuple[int, int, int, int]],
    question_ids: Sequence[int],
    scale: Sequence[int],
    k: int,
    unforgeable: dict[int, int] | None = None,
) -> list[TargetResult]:
    """Tally a round.

    ``ballots`` maps each target to its number of ballots (targets with none may be
    left out or given 0); ``answers`` yields ``(target, question, rating, count)``.
    A target with fewer than ``k`` ballots is withheld: no means, no counts. A rating
    outside ``scale`` or an answer to an unknown question is an error, never skipped.

    ``unforgeable`` (if given) maps each target to the ballots nobody could have cast
    in another's name: those of people who voted with their own account, not paper
    slips, which the party that printed them could have filled in. A target is shown
    only with k of those too, so subtracting every ballot that party may know still
    leaves k unknown ones.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    levels = list(scale)
    known_questions = set(question_ids)
    counted: dict[int, dict[int, dict[int, int]]] = defaultdict(
        lambda: defaultdict(lambda: dict.fromkeys(levels, 0))
    )
    for target_id, question_id, rating, count in answers:
        if rating not in levels:
            raise ValueError(f"rating {rating!r} is not on the scale {levels!r}")
        if question_id not in known_questions:
            raise ValueError(f"question {question_id!r} is not in the round")
        if target_id not in ballots:
            raise ValueError(f"target {target_id!r} has answers but no ballots")
        counted[target_id][question_id][rating] += count

    results = []
    for target_id in sorted(ballots):
        n = ballots[target_id]
        if n < k or (unforgeable is not None and unforgeable.get(target_id, 0) < k):
            results.append(TargetResult(target_id, n, True, None))
            continue
        questions = []
        overall: dict[int, int] = dict.fromkeys(levels, 0)
        for question_id in question_ids:
            counts = dict(counted[target_id][question_id])
            answered = sum(counts.values())
            for value, count in counts.items():
                overall[value] += count
            questions.append(
                QuestionResult(
                    question_id,
                    counts,
                    answered,
                    mean_of(counts) or Decimal("0.000"),
                )
            )
        results.append(TargetResult(target_id, n, False, mean_of(overall), questions))
    return results
