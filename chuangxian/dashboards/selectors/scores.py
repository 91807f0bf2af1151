"""Scores."""

from decimal import Decimal
from typing import NamedTuple

from django.db.models import Avg, Count, Max, Min, Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.dashboards.selectors.common import TOP_PER_CATEGORY
from evaluations.models import Grade, Score
from evaluations.scoring.selectors import score_run
from pledges.models import Campaign

AUDIENCES = ("unit", "person")


class TopScore(NamedTuple):
    """One of a ranking group's leaders: what the dashboard shows of it (a tuple, not
    a Score: the figures are cached, and a cheap read back matters)."""

    rank: int | None
    name: str
    score: Decimal | None


def _audience_q(audience: str) -> Q:
    return Q(person__isnull=False) if audience == "person" else Q(unit__isnull=False)


def score_figures(campaign: Campaign) -> dict:
    """Grades of units and members (a histogram), and per ranking group its size,
    mean and top entries (four queries)."""
    run = score_run(campaign)  # once per request
    by_grade = {
        grade: (units, people)
        for grade, units, people in Score.objects.filter(campaign=campaign)
        .values_list("grade")
        .annotate(
            units=Count("pk", filter=Q(unit__isnull=False)),
            people=Count("pk", filter=Q(person__isnull=False)),
        )
        .order_by()
    }
    grades = [
        {
            "grade": value,
            "label": label,
            "units": by_grade.get(value, (0, 0))[0],
            "people": by_grade.get(value, (0, 0))[1],
        }
        for value, label in [*Grade.choices, ("", _("No grade"))]
    ]
    groups = list(
        Score.objects.filter(campaign=campaign)
        .values("category_key", "category_label")
        .annotate(
            units=Count("pk", filter=Q(unit__isnull=False)),
            people=Count("pk", filter=Q(person__isnull=False)),
            mean=Avg("score"),
            best=Max("score"),
            worst=Min("score"),
        )
        .order_by("category_key")
    )
    top: dict[str, list[TopScore]] = {}
    for key, rank, name, score in (
        Score.objects.filter(campaign=campaign, rank__lte=TOP_PER_CATEGORY)
        .order_by("category_key", "rank", "name", "pk")
        .values_list("category_key", "rank", "name", "score")
    ):
        top.setdefault(key, []).append(TopScore(rank, name, score))
    for group in groups:
        group["audience"] = "person" if group["people"] else "unit"
        group["count"] = group["units"] + group["people"]
        group["top"] = top.get(group["category_key"], [])
    return {
        "run": run,
        "grades": grades,
        "groups": groups,
        "total": sum(g["units"] + g["people"] for g in grades),
    }


def scores_with_grade(
    campaign: Campaign, *, audience: str, grade: str
) -> QuerySet[Score]:
    """The scores behind a bar of the grade histogram (drill-down)."""
    rows = Score.objects.filter(_audience_q(audience), campaign=campaign, grade=grade)
    return (
        rows.defer("inputs", "breakdown")
        .select_related("unit", "person")
        .order_by("category_key", "rank", "name", "pk")
    )
