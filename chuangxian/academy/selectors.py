"""Figures of the academy overview: one grouped query per figure, whatever the number of
institutes (the page shows one page of institutes at a time), kept in the versioned
cache (core.versioned_cache) under the academy's version, which every institute's
write changes."""

import datetime
from collections import defaultdict

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core import versioned_cache
from evaluations.awards.selectors.academy import recommendation_counts
from evaluations.models import Finding, Grade, RectificationItem, Score
from organizations.campaign_office import ACADEMY_KINDS, academy_seat_ids
from organizations.models import Organization, Person
from pledges.models import (
    Campaign,
    InfoReport,
    NewsReport,
    Plan,
    PlanMeasure,
    Pledge,
    Status,
)

FILED = [Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED]
DONE = [Status.APPROVED, Status.PUBLISHED]


def academy_campaigns(scope) -> QuerySet[Campaign]:
    """Campaigns held at the academies whose office the user is in (all academies'
    for a superuser), newest first."""
    campaigns = Campaign.objects.filter(scope__kind__in=ACADEMY_KINDS).select_related(
        "scope"
    )
    if not scope.is_superuser:
        campaigns = campaigns.filter(scope_id__in=academy_seat_ids(scope))
    return campaigns.order_by("-year", "scope__path")


def _recommendation_counts(campaign: Campaign) -> dict:
    """The recommendations each institute sent up: "recommended / quota", and whether
    it has submitted them."""
    return {
        row["institute"].pk: {
            "recommended": row["recommended"],
            "quota": row["quota"],
            "submitted": row["submitted"],
        }
        for row in recommendation_counts(campaign)
    }


def _by_institute(rows) -> dict:
    result: dict = defaultdict(dict)
    for row in rows:
        institute = row.pop("inst_id")
        result[institute] = row
    return result


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def overview(
    campaign: Campaign, institutes: list[Organization], today: datetime.date
) -> dict:
    """Per institute of the page: plans and pledges filed of those due, progress of
    plan measures, inspections and rectification, news reports, score grades and
    recommendations. Each institute is read through its own campaign beneath the
    academy's where it adopted it, else through the academy's.

    The figures depend on the campaign, the page's institutes and the day only (who may
    see the campaign is checked before), so they are shared by the academy's office
    under the version spanning every institute (``institute_id`` None)."""
    ids = tuple(i.pk for i in institutes)
    key = (campaign.pk, ids, today.isoformat())
    figures = versioned_cache.get_or_compute(
        versioned_cache.FIGURES,
        None,
        ("academy_overview", *key),
        lambda: _figures(campaign, ids, today),
    )
    columns = [{"institute": i, **figures["columns"][i.pk]} for i in institutes]
    grades = figures["grades"]
    grade_choices = [*Grade.choices, ("", _("No grade"))]
    return {
        "columns": columns,
        # The rendered table, shared like the figures it shows (the institutes' names
        # are rows whose writes bump every version).
        "table_fragment": (versioned_cache.FIGURES, None, ("academy_table", *key)),
        "grade_rows": [
            {
                "label": label,
                "counts": [grades.get(i.pk, {}).get(value, 0) for i in institutes],
            }
            for value, label in grade_choices
        ],
        "has_recommendations": True,
    }


def _figures(campaign: Campaign, ids: tuple[int, ...], today: datetime.date) -> dict:
    """The overview's figures as plain data: institute id → its column (the institute
    itself left out; ``campaign``: the pk of its own campaign, or None) and institute
    id → grade → how many scores."""
    own = dict(
        Campaign.objects.filter(parent=campaign, scope_id__in=ids).values_list(
            "scope_id", "pk"
        )
    )
    direct = [pk for pk in ids if pk not in own]

    def runs(campaign_field: str, institute_field: str) -> Q:
        """Rows of the campaign each institute runs."""
        return Q(**{campaign_field: campaign.pk, f"{institute_field}__in": direct}) | Q(
            **{f"{campaign_field}__in": list(own.values())}
        )

    branches = _by_institute(
        Organization.objects.filter(
            institute_id__in=ids, kind=Organization.Kind.BRANCH, is_active=True
        )
        .values(inst_id=F("institute_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    members = _by_institute(
        Person.objects.filter(
            institute_id__in=ids,
            is_active=True,
            political_status__in=Person.PARTY_STATUSES,
            branch__kind=Organization.Kind.BRANCH,
            branch__is_active=True,
        )
        .values(inst_id=F("institute_id"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    plans = _by_institute(
        Plan.objects.filter(
            runs("campaign_id", "unit__institute_id"),
            unit__kind=Organization.Kind.BRANCH,
        )
        .values(inst_id=F("unit__institute_id"))
        .annotate(
            filed=Count("unit_id", filter=Q(status__in=FILED), distinct=True),
            done=Count("unit_id", filter=Q(status__in=DONE), distinct=True),
        )
        .order_by()
    )
    pledges = _by_institute(
        Pledge.objects.filter(
            runs("campaign_id", "unit__institute_id"),
            unit__kind=Organization.Kind.BRANCH,
        )
        .values(inst_id=F("unit__institute_id"))
        .annotate(
            filed=Count("person_id", filter=Q(status__in=FILED), distinct=True),
            done=Count("person_id", filter=Q(status__in=DONE), distinct=True),
        )
        .order_by()
    )
    progress = _by_institute(
        PlanMeasure.objects.filter(
            runs("plan__campaign_id", "plan__unit__institute_id")
        )
        .values(inst_id=F("plan__unit__institute_id"))
        .annotate(
            measures=Count("pk"),
            mean=Avg("progress_percent"),
            overdue=Count(
                "pk", filter=Q(due_on__lt=today) & ~Q(progress_status="done")
            ),
        )
        .order_by()
    )
    inspections = _by_institute(
        Finding.objects.filter(runs("round__campaign_id", "unit__institute_id"))
        .values(inst_id=F("unit__institute_id"))
        .annotate(
            units=Count("unit_id", distinct=True),
            findings=Count("pk"),
            poor=Count("pk", filter=Q(rating=Finding.Rating.POOR)),
        )
        .order_by()
    )
    rectification = _by_institute(
        RectificationItem.objects.filter(runs("campaign_id", "unit__institute_id"))
        .values(inst_id=F("unit__institute_id"))
        .annotate(
            open=Count("pk", filter=~Q(status=RectificationItem.Status.CLOSED)),
            closed=Count("pk", filter=Q(status=RectificationItem.Status.CLOSED)),
        )
        .order_by()
    )
    month_start = today.replace(day=1)
    news = _by_institute(
        NewsReport.objects.filter(
            branch__institute_id__in=ids, published_on__year=campaign.year
        )
        .values(inst_id=F("branch__institute_id"))
        .annotate(
            reports=Count("pk"),
            this_month=Count(
                "branch_id", filter=Q(published_on__gte=month_start), distinct=True
            ),
        )
        .order_by()
    )
    info = _by_institute(
        InfoReport.objects.filter(unit__institute_id__in=ids, year=campaign.year)
        .values(inst_id=F("unit__institute_id"))
        .annotate(
            reports=Count("pk"),
            this_month=Count(
                "unit_id",
                filter=Q(year=today.year, month=today.month),
                distinct=True,
            ),
        )
        .order_by()
    )
    grades: dict = defaultdict(dict)
    for institute, grade, n in (
        Score.objects.filter(
            runs("campaign_id", "unit__institute_id")
            | runs("campaign_id", "person__institute_id")
        )
        .annotate(inst_id=Coalesce("unit__institute_id", "person__institute_id"))
        .filter(inst_id__in=ids)
        .values_list("inst_id", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        grades[institute][grade or ""] = n
    recommendations = _recommendation_counts(campaign)
    columns = {}
    for pk in ids:
        due_plans = branches.get(pk, {}).get("n", 0)
        due_pledges = members.get(pk, {}).get("n", 0)
        plan = plans.get(pk, {})
        pledge = pledges.get(pk, {})
        prog = progress.get(pk, {})
        mean = prog.get("mean")
        columns[pk] = {
            "campaign": own.get(pk),
            "plans_due": due_plans,
            "plans_filed": plan.get("filed", 0),
            "plans_done": plan.get("done", 0),
            "plans_percent": _percent(plan.get("filed", 0), due_plans),
            "pledges_due": due_pledges,
            "pledges_filed": pledge.get("filed", 0),
            "pledges_done": pledge.get("done", 0),
            "pledges_percent": _percent(pledge.get("filed", 0), due_pledges),
            "measures": prog.get("measures", 0),
            "progress": round(mean) if mean is not None else 0,
            "overdue": prog.get("overdue", 0),
            "inspected_units": inspections.get(pk, {}).get("units", 0),
            "findings": inspections.get(pk, {}).get("findings", 0),
            "poor": inspections.get(pk, {}).get("poor", 0),
            "rectification_open": rectification.get(pk, {}).get("open", 0),
            "rectification_closed": rectification.get(pk, {}).get("closed", 0),
            "news_reports": news.get(pk, {}).get("reports", 0),
            "news_this_month": news.get(pk, {}).get("this_month", 0),
            "info_reports": info.get(pk, {}).get("reports", 0),
            "info_this_month": info.get(pk, {}).get("this_month", 0),
            "branches": due_plans,
            "recommendations": recommendations.get(pk),
        }
    return {"columns": columns, "grades": dict(grades)}
