"""Duty reports, model posts, exchanges."""

from django.db.models import Count, Q, QuerySet

from evaluations.models import DutyReport, ExchangeSession, ModelPost, Round
from evaluations.scoring import selectors as scoring_selectors
from organizations.access import Scope
from organizations.models import Organization, Person
from pledges.models import Campaign


def duty_reports(campaign: Campaign, scope: Scope, *, reader: bool) -> QuerySet:
    """Duty reports: all for the office and leaders, else the submitted ones and one's
    own."""
    rows = DutyReport.objects.filter(campaign=campaign).select_related(
        "person", "person__department", "person__branch"
    )
    if not reader:
        own = Q(person=scope.person) if scope.person else Q(pk__in=[])
        rows = rows.filter(Q(submitted_at__isnull=False) | own)
    return rows.order_by("person__staff_no", "pk")


def duty_round_of(campaign: Campaign) -> Round | None:
    return (
        Round.objects.filter(campaign=campaign, kind=Round.Kind.DUTY_REPORT)
        .annotate(target_count=Count("targets"))
        .order_by("-pk")
        .first()
    )


def model_posts(campaign: Campaign, *, active_only: bool = False) -> QuerySet:
    rows = ModelPost.objects.filter(campaign=campaign).select_related(
        "person", "person__branch", "person__department"
    )
    if active_only:
        rows = rows.filter(ended_on__isnull=True)
    return rows.order_by("ended_on", "-since", "person__staff_no", "pk")


def exchanges(campaign: Campaign) -> QuerySet:
    return (
        ExchangeSession.objects.filter(campaign=campaign)
        .prefetch_related("units")
        .annotate(file_count=Count("files", distinct=True))
        .order_by("-held_on", "-pk")
    )


def model_post_people(campaign: Campaign) -> QuerySet[Person]:
    return scoring_selectors.scored_members(campaign).order_by("staff_no")


def exchange_units(campaign: Campaign) -> QuerySet[Organization]:
    return Organization.objects.filter(
        path__startswith=campaign.scope.path,
        is_active=True,
        kind__in=[
            Organization.Kind.GENERAL_BRANCH,
            Organization.Kind.BRANCH,
            Organization.Kind.DEPARTMENT,
            *sorted(Organization.MASS_KINDS),
        ],
    ).order_by("path")
