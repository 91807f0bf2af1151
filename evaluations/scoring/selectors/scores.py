"""Scores."""

from django.db.models import Count, F, QuerySet

from core.request_cache import memo
from evaluations.models import Score, ScoreRun
from evaluations.scoring import compute as scoring
from evaluations.scoring.selectors.inputs import campaign_inputs
from organizations.models import Person
from pledges.models import Campaign
from pledges.selectors import share_with_campaigns

share_with_campaigns("score_run")


def score_run(campaign: Campaign) -> ScoreRun | None:
    return memo(
        ("score_run", campaign.pk),
        lambda: ScoreRun.objects.filter(campaign=campaign).first(),
    )


def missing_sources(*, campaign: Campaign) -> list[tuple[str, list[str]]]:
    """Each weighted source and the units that lack it, as a computation would now.

    Shown to the office before it computes (fixed queries: the units' inputs are read
    the way ``scores_compute`` reads them, then run through the same arithmetic).
    """
    lacking: dict[str, list[str]] = {}
    for subject in campaign_inputs(campaign=campaign, units_only=True):
        result = scoring.compute(subject.inputs)
        for source in scoring.missing_sources(result, subject.inputs):
            lacking.setdefault(source, []).append(subject.name)
    return [(s, lacking[s]) for s in scoring.SOURCES if s in lacking]


def ranking(*, campaign: Campaign, audience: str, category: str = "") -> QuerySet:
    """The ranking's rows as the page shows them (plain rows: no Score, unit or person
    instance per row)."""
    rows = Score.objects.filter(campaign=campaign)
    fields = ["pk", "category_label", "rank", "name", "unit_id", "person_id"]
    fields += ["score", "grade", "vetoed"]
    if audience == "person":
        rows = rows.filter(person__isnull=False)
        extra = {"branch_name": F("person__branch__name")}
    else:
        rows = rows.filter(unit__isnull=False)
        extra = {}
    if category:
        rows = rows.filter(category_key=category)
    return rows.order_by("category_key", "rank", "name", "pk").values(*fields, **extra)


def ranking_groups(*, campaign: Campaign, audience: str) -> list[tuple[str, str, int]]:
    rows = Score.objects.filter(
        campaign=campaign,
        **(
            {"person__isnull": False}
            if audience == "person"
            else {"unit__isnull": False}
        ),
    )
    return list(
        rows.values_list("category_key", "category_label")
        .annotate(c=Count("pk"))
        .order_by("category_key")
    )


def published_campaigns_for(person: Person) -> QuerySet[Score]:
    """The member's scores in campaigns whose scores are published, newest first."""
    return (
        Score.objects.filter(
            person=person, campaign__score_run__published_at__isnull=False
        )
        .select_related("campaign")
        .defer("inputs", "breakdown")
        .order_by("-campaign__year")
    )
