"""What the academy reads of its institutes' recommendations (院级推荐)."""

from collections import defaultdict

from django.db.models import Count, Sum

from evaluations.awards import levels
from evaluations.models import (
    Recommendation,
    RecommendationQuota,
    RecommendationSubmission,
)
from pledges.models import Campaign


def recommendation_counts(campaign: Campaign) -> list[dict]:
    """Per institute beneath the academy campaign: its quota (over all titles), how
    many it has recommended, and whether (and when) it submitted; four queries."""
    institutes = list(levels.academy_institutes(campaign))
    if not institutes:
        return []
    quotas = dict(
        RecommendationQuota.objects.filter(campaign=campaign)
        .values("institute_id")
        .annotate(n=Sum("count"))
        .values_list("institute_id", "n")
    )
    recommended = dict(
        Recommendation.objects.filter(campaign=campaign)
        .values("institute_id")
        .annotate(n=Count("pk"))
        .values_list("institute_id", "n")
    )
    submitted = dict(
        RecommendationSubmission.objects.filter(campaign=campaign).values_list(
            "institute_id", "submitted_at"
        )
    )
    return [
        {
            "institute": institute,
            "quota": quotas.get(institute.pk, 0),
            "recommended": recommended.get(institute.pk, 0),
            "submitted": institute.pk in submitted,
            "submitted_at": submitted.get(institute.pk),
        }
        for institute in institutes
    ]


def institute_quotas(campaign: Campaign, institute) -> dict[int, int]:
    """criteria set id → how many the institute may recommend."""
    return dict(
        RecommendationQuota.objects.filter(
            campaign=campaign, institute=institute
        ).values_list("criteria_set_id", "count")
    )


def institute_recommendations(campaign: Campaign, institute):
    return (
        Recommendation.objects.filter(campaign=campaign, institute=institute)
        .select_related("criteria_set", "unit", "person", "person__department")
        .order_by("criteria_set__order", "pk")
    )


def received_side_by_side(campaign: Campaign) -> list[dict]:
    """The submitted recommendations, per institute then title (one query)."""
    submitted = set(
        RecommendationSubmission.objects.filter(campaign=campaign).values_list(
            "institute_id", flat=True
        )
    )
    by_institute = defaultdict(list)
    for rec in (
        Recommendation.objects.filter(campaign=campaign, institute_id__in=submitted)
        .select_related("institute", "criteria_set", "unit", "person")
        .order_by("institute__path", "criteria_set__order", "pk")
    ):
        by_institute[rec.institute_id].append(rec)
    return [
        {
            "institute": row["institute"],
            "rows": by_institute.get(row["institute"].pk, []),
            **{
                k: row[k] for k in ("quota", "recommended", "submitted", "submitted_at")
            },
        }
        for row in recommendation_counts(campaign)
    ]
