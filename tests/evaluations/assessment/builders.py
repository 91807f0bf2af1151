"""Builders of the assessment tests: an opened assessment, a published tally."""

from decimal import Decimal

from django.utils import timezone

from evaluations.assessment import services
from evaluations.models import (
    AssessmentItem,
    Round,
    Target,
    TargetTally,
)


def opened(campaign, office):
    return services.assessment_open(campaign=campaign, by=office)


def row_of(assessment, body):
    return assessment.bodies.select_related("body").get(body=body)


def item(assessment, source):
    return assessment.items.filter(source=source).order_by("order").first()


def marks_for(assessment, *values):
    """The marked items' ids with these points, in order."""
    items = assessment.items.filter(source=AssessmentItem.Source.MARKS).order_by(
        "order"
    )
    return {i.pk: v for i, v in zip(items, values, strict=False)}


def tally(
    campaign,
    unit,
    *,
    mean,
    ballots=8,
    status=Round.Status.PUBLISHED,
    kind=Round.Kind.SATISFACTION,
    withheld=False,
):
    """A round of the campaign whose stored tally of ``unit`` has this mean (1–4)."""
    today = timezone.localdate()
    round = Round.objects.create(
        scope=campaign.scope,
        institute=campaign.scope,
        campaign=campaign,
        year=campaign.year,
        kind=kind,
        title="满意度测评",
        opens_on=today,
        closes_on=today,
        status=status,
    )
    target = Target.objects.create(round=round, unit=unit, name=unit.name)
    return TargetTally.objects.create(
        round=round,
        target=target,
        ballots=ballots,
        withheld=withheld,
        mean=None if withheld else Decimal(str(mean)),
    )
