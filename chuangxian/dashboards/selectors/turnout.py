"""Mass-evaluation turnout."""

from django.db.models import Case, Q, Value, When

from chuangxian.dashboards.selectors.common import round_percent
from evaluations.ballots import selectors as ballot_selectors
from evaluations.ballots.access import readable_institute_ids
from evaluations.models import Round
from organizations.access import Scope
from pledges.models import Campaign


def turnout_round(scope: Scope, campaign: Campaign) -> Round | None:
    """The mass evaluation to watch: an open one first, else the latest of the year."""
    rounds = Round.objects.filter(
        Q(campaign=campaign) | Q(year=campaign.year), kind=Round.Kind.MASS
    ).exclude(status__in=[Round.Status.DRAFT, Round.Status.CANCELLED])
    ids = readable_institute_ids(scope)
    if ids is not None:
        rounds = rounds.filter(institute_id__in=ids)
    return (
        rounds.select_related("scope")
        .order_by(
            Case(When(status=Round.Status.OPEN, then=Value(0)), default=Value(1)),
            "-opens_on",
            "-pk",
        )
        .first()
    )


def turnout_figures(round: Round | None) -> dict | None:
    """Staff and voters per department of the round, and the totals (five queries)."""
    if round is None:
        return None
    departments = ballot_selectors.turnout_departments(round=round)
    staff = sum(d.staff_count for d in departments)
    voters = sum(d.voter_count for d in departments)
    slips = ballot_selectors.slip_totals(round=round)  # from the departments' query
    for d in departments:
        d.percent = round_percent(d.voter_count, d.staff_count)
    return {
        "round": round,
        "departments": departments,
        "staff": staff,
        "voters": voters,
        "percent": round_percent(voters, staff),
        "slips": slips["issued"],
        "slips_used": slips["used"],
    }
