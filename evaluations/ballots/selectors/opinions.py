"""Written opinions (意见建议) typed into ballots."""

from django.db.models import QuerySet

from evaluations.models import Ballot, Round


def opinions(*, round: Round) -> QuerySet:
    """``(target name, opinion)`` of every ballot with an opinion whose target's tally is
    shown (k ballots, k of them by account: the same rule as the tallies), once the
    round is counted; per target, in random order.

    Ballots carry no time, and a mixed ballot's id is a fresh random UUID, so ordering
    by it is a random order that stays the same from page to page.
    """
    if not round.has_tallies:
        return Ballot.objects.none().values_list("target__name", "comment")
    return (
        Ballot.objects.filter(round=round, target__tally__withheld=False)
        .exclude(comment="")
        .order_by("target__name", "target_id", "id")
        .values_list("target__name", "comment")
    )
