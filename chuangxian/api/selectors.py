"""The API's lists: the access helpers of the apps, turned into one filtered query each.

A list shows exactly the rows the matching ``get_<object>_for`` would open: each
filter is that helper's test written as a ``Q`` next to it in the app's ``access``
module (``readable_plans_q`` beside ``can_read_plan``), tested against it. Every list has a fixed number
of queries whatever its size.
"""

from django.db.models import Prefetch, Q, QuerySet

from evaluations.models import Score, ScoreRun
from evaluations.scoring import access as scoring_access
from organizations.access import Scope
from pledges import selectors as pledge_selectors
from pledges.access import readable_plans_q, readable_pledges_q
from pledges.models import (
    Campaign,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
)


def plans_readable(scope: Scope) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(readable_plans_q(scope))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=PlanMeasure.objects.select_related("owner").order_by(
                    "order", "pk"
                ),
            ),
            "milestones",
        )
        .order_by("-campaign__year", "unit__path", "pk")
    )


def pledges_readable(scope: Scope) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(readable_pledges_q(scope))
        .select_related("unit", "person")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PledgeItem.objects.select_related("criterion").order_by(
                    "order", "pk"
                ),
            )
        )
        .order_by("-campaign__year", "unit__path", "person__staff_no", "pk")
    )


def campaigns_readable(scope: Scope) -> QuerySet[Campaign]:
    return pledge_selectors.campaigns_for(scope)


def scores_readable(scope: Scope) -> QuerySet[Score]:
    """Scores as ``evaluations.scoring.access`` opens them: every score of a campaign
    for its office and leading group; once published, the scores of units one's roles
    reach, of members of branches they reach, and one's own.

    Two queries to decide (the campaigns, the published ones), whatever the number of
    scores.
    """
    campaigns = list(campaigns_readable(scope))
    readers = [c.pk for c in campaigns if scoring_access.is_reader(scope, c)]
    published = set(
        ScoreRun.objects.filter(
            campaign__in=[c.pk for c in campaigns if c.pk not in readers],
            published_at__isnull=False,
        ).values_list("campaign_id", flat=True)
    )
    reach = scope.path_q("unit__path") | scope.path_q("person__branch__path")
    if scope.person is not None:
        reach |= Q(person=scope.person)
    q = Q(campaign_id__in=readers) | (Q(campaign_id__in=published) & reach)
    return (
        Score.objects.filter(q)
        .defer("inputs", "breakdown")
        .order_by(
            "-campaign__year", "campaign_id", "category_key", "rank", "name", "pk"
        )
    )
