"""Reads behind the dashboards (看板): the whole campaign on one screen, or one branch.

Every figure is one aggregate query (or a fixed handful), so a dashboard costs the same
number of queries whatever the size of the institute. Figures are filtered by the
reader's scope exactly as the lists they drill down to, so a number on the dashboard
and the length of the list behind it agree.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils.translation import gettext as _

from core.request_cache import memo
from evaluations.ballots import selectors as ballot_selectors
from evaluations.ballots.access import readable_institute_ids
from evaluations.inspections.selectors import rectifications_for
from evaluations.models import (
    Finding,
    Grade,
    InspectionRound,
    RectificationItem,
    Review,
    Round,
    Score,
    ScoreRun,
)
from evaluations.scoring.selectors import score_run
from organizations.access import Scope
from organizations.models import BranchCategory, Notification, Organization, Person
from organizations.notifications.services import remember_unread_count
from pledges import selectors as pledge_selectors
from pledges.activity.selectors import news_matrix, rule_branches
from pledges.models import (
    Campaign,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    ProgressStatus,
    Status,
)

MASS_KEY = "mass"  # the "category" of mass-organisation units, which have none
NONE_KEY = "none"  # a branch without a category (should not happen, but may)
UPCOMING_EVENTS = 6
DEADLINES = 10
TOP_PER_CATEGORY = 3
MISSING_SHOWN = 50


def category_key(category_id, *, mass: bool = False) -> str:
    if category_id:
        return str(category_id)
    return MASS_KEY if mass else NONE_KEY


# ---------------------------------------------------------------------------------------
# Units in reach


def branches_in(scope: Scope, campaign: Campaign) -> QuerySet[Organization]:
    """The campaign's branches (``units_due_a_plan``) that the user's roles reach."""
    return pledge_selectors.units_due_a_plan(campaign).filter(scope.path_q("path"))


def branches_without_plan(scope: Scope, campaign: Campaign) -> QuerySet[Organization]:
    """``units_without_plan`` that the user's roles reach."""
    return pledge_selectors.units_without_plan(campaign).filter(scope.path_q("path"))


def categories_in(scope: Scope, campaign: Campaign) -> list[dict]:
    """Branch categories of the institutes in reach, then the mass organisations (one
    query per GET request)."""
    rows = memo(
        ("dashboard_categories", scope.user_id, campaign.pk),
        lambda: list(_categories_in(scope, campaign)),
    )
    result = [{"key": str(pk), "label": name} for pk, name in rows]
    result.append({"key": MASS_KEY, "label": _("Mass organisations")})
    return result


def _categories_in(scope: Scope, campaign: Campaign) -> QuerySet:
    return (
        BranchCategory.objects.filter(institute__path__startswith=campaign.scope.path)
        .filter(
            scope.path_q("institute__path")
            | Q(pk__in=branches_in(scope, campaign).values("category_id"))
        )
        .order_by("institute__path", "order", "pk")
        .values_list("pk", "name")
    )


# ---------------------------------------------------------------------------------------
# Campaign phase and calendar


def _event_label(event: dict) -> str:
    key = event["key"]
    if key.startswith("phase"):
        phase = event["label"]
        return _("Phase %(n)s starts: %(name)s") % {
            "n": phase["number"],
            "name": phase["name"],
        }
    if key.startswith("quarter"):
        return _("Quarterly inspection %(n)s opens") % {"n": event["label"]}
    if key.startswith("review"):
        return _("Half-year review %(n)s") % {"n": event["label"]}
    return {
        "evaluation_opens": _("Mass evaluation opens"),
        "evaluation_closes": _("Mass evaluation closes"),
        "award_deadline": _("Award list published by"),
    }.get(key, key)


def campaign_overview(campaign: Campaign, today: datetime.date) -> dict:
    """The five phases (the current one marked) and the next dated steps (no query)."""
    current = campaign.phase_on(today)
    phases = [
        {
            **phase,
            "current": bool(current and current["number"] == phase["number"]),
            "past": phase["end"] < today,
        }
        for phase in campaign.phases()
    ]
    upcoming = [
        {"on": e["on"], "key": e["key"], "label": _event_label(e)}
        for e in campaign.calendar()
        if e["on"] and e["on"] >= today
    ][:UPCOMING_EVENTS]
    days_total = (campaign.phase5_end - campaign.phase1_start).days or 1
    days_gone = min(max((today - campaign.phase1_start).days, 0), days_total)
    return {
        "phase": current,
        "phases": phases,
        "upcoming": upcoming,
        "percent_of_year": round(100 * days_gone / days_total),
    }


# ---------------------------------------------------------------------------------------
# Filing of plans and pledges


def filing(scope: Scope, campaign: Campaign) -> dict:
    """Plans and pledges by state and category; branches without a plan and members
    without a pledge per category (one query of four aggregates, and the category
    list)."""
    in_reach = scope.path_q("unit__path")
    categories = categories_in(scope, campaign)
    by_key = {
        c["key"]: {
            **c,
            "plans": dict.fromkeys(Status.values, 0),
            "pledges": dict.fromkeys(Status.values, 0),
            "no_plan": 0,
            "no_pledge": 0,
        }
        for c in categories
    }

    def bucket(category_id, unit_kind, name=None):
        key = category_key(category_id, mass=unit_kind in Organization.MASS_KINDS)
        if key not in by_key:
            label = name or _("Without category")
            by_key[key] = {
                "key": key,
                "label": label,
                "plans": dict.fromkeys(Status.values, 0),
                "pledges": dict.fromkeys(Status.values, 0),
                "no_plan": 0,
                "no_pledge": 0,
            }
        return by_key[key]

    # The four counts by category come from one UNION ALL of four grouped queries,
    # each row tagged with what it counts; taken in that order.
    sources = ("plans", "pledges", "no_plan", "no_pledge")

    def grouped(rows, source, category, name, kind, status):
        return (
            rows.annotate(
                f_source=Value(source, output_field=CharField()),
                f_category=F(category),
                f_name=F(name),
                f_kind=kind,
                f_status=status,
            )
            .values_list("f_source", "f_category", "f_name", "f_kind", "f_status")
            .annotate(n=Count("pk"))
            .order_by()
        )

    branch = Value(Organization.Kind.BRANCH, output_field=CharField())
    blank = Value("", output_field=CharField())
    parts = [
        grouped(
            model.objects.filter(in_reach, campaign=campaign),
            field,
            "unit__category_id",
            "unit__category__name",
            F("unit__kind"),
            F("status"),
        )
        for model, field in ((Plan, "plans"), (Pledge, "pledges"))
    ]
    parts.append(
        grouped(
            branches_without_plan(scope, campaign),
            "no_plan",
            "category_id",
            "category__name",
            branch,
            blank,
        )
    )
    parts.append(
        grouped(
            members_without_pledge(scope, campaign),
            "no_pledge",
            "branch__category_id",
            "branch__category__name",
            branch,
            blank,
        )
    )
    counted = sorted(
        parts[0].union(*parts[1:], all=True), key=lambda r: sources.index(r[0])
    )
    for source, category_id, name, kind, status, n in counted:
        if source in ("plans", "pledges"):
            bucket(category_id, kind, name)[source][status] += n
        else:
            bucket(category_id, Organization.Kind.BRANCH, name)[source] += n

    rows = list(by_key.values())
    totals = {
        "plans": {s: sum(r["plans"][s] for r in rows) for s in Status.values},
        "pledges": {s: sum(r["pledges"][s] for r in rows) for s in Status.values},
        "no_plan": sum(r["no_plan"] for r in rows),
        "no_pledge": sum(r["no_pledge"] for r in rows),
    }
    for r in rows:
        r["plans_total"] = sum(r["plans"].values())
        r["pledges_total"] = sum(r["pledges"].values())
    totals["plans_total"] = sum(totals["plans"].values())
    totals["pledges_total"] = sum(totals["pledges"].values())
    # Keep the mass row only when something is in it.
    rows = [
        r
        for r in rows
        if r["key"] != MASS_KEY or r["plans_total"] or r["pledges_total"]
    ]
    return {"rows": rows, "totals": totals, "statuses": list(Status.choices)}


def members_without_pledge(scope: Scope, campaign: Campaign) -> QuerySet[Person]:
    """``members_without_pledge_filed`` whose branch the user's roles reach."""
    return pledge_selectors.members_without_pledge_filed(campaign).filter(
        scope.path_q("branch__path")
    )


def plans_in(
    scope: Scope, campaign: Campaign, *, status: str = "", category: str = ""
) -> QuerySet[Plan]:
    """The plans behind a filing figure (drill-down)."""
    rows = Plan.objects.filter(scope.path_q("unit__path"), campaign=campaign)
    if status:
        rows = rows.filter(status=status)
    rows = _by_category(rows, category, "unit__")
    return rows.select_related("unit", "unit__parent", "unit__category").order_by(
        "unit__path"
    )


def pledges_in(
    scope: Scope, campaign: Campaign, *, status: str = "", category: str = ""
) -> QuerySet[Pledge]:
    """The pledges behind a filing figure (drill-down)."""
    rows = Pledge.objects.filter(scope.path_q("unit__path"), campaign=campaign)
    if status:
        rows = rows.filter(status=status)
    rows = _by_category(rows, category, "unit__")
    return rows.select_related("unit", "person").order_by(
        "unit__path", "person__staff_no"
    )


def _by_category(rows: QuerySet, category: str, prefix: str = "") -> QuerySet:
    if not category:
        return rows
    if category == MASS_KEY:
        return rows.filter(**{f"{prefix}kind__in": list(Organization.MASS_KINDS)})
    if category == NONE_KEY:
        return rows.filter(
            **{f"{prefix}category__isnull": True},
        ).exclude(**{f"{prefix}kind__in": list(Organization.MASS_KINDS)})
    if category.isdigit():
        return rows.filter(**{f"{prefix}category_id": int(category)})
    return rows.none()


# ---------------------------------------------------------------------------------------
# Inspection coverage


def current_quarter(campaign: Campaign, today: datetime.date) -> int | None:
    """The campaign quarter whose inspection has opened most recently by ``today``."""
    started = [n for n, day in enumerate(campaign.quarter_starts(), 1) if day <= today]
    return started[-1] if started else None


def _inspected(round_id: int | None):
    if round_id is None:
        return Exists(Finding.objects.none())
    return Exists(Finding.objects.filter(round_id=round_id, unit=OuterRef("pk")))


def inspection_coverage(scope: Scope, campaign: Campaign, today: datetime.date) -> dict:
    """Branches inspected in this quarter's round, of all, per category (two queries)."""
    quarter = current_quarter(campaign, today)
    round = (
        InspectionRound.objects.filter(campaign=campaign, quarter=quarter).first()
        if quarter
        else None
    )
    rows = (
        branches_in(scope, campaign)
        .annotate(inspected=_inspected(round.pk if round else None))
        .values_list("category_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(inspected=True)),
        )
        .order_by()
    )
    counts = {str(cid) if cid else NONE_KEY: (total, done) for cid, total, done in rows}
    categories = [
        {
            **c,
            "total": counts.get(c["key"], (0, 0))[0],
            "inspected": counts.get(c["key"], (0, 0))[1],
        }
        for c in categories_in(scope, campaign)
        if c["key"] != MASS_KEY
    ]
    if NONE_KEY in counts:
        categories.append(
            {
                "key": NONE_KEY,
                "label": _("Without category"),
                "total": counts[NONE_KEY][0],
                "inspected": counts[NONE_KEY][1],
            }
        )
    for c in categories:
        c["not_inspected"] = c["total"] - c["inspected"]
    total = sum(c["total"] for c in categories)
    inspected = sum(c["inspected"] for c in categories)
    return {
        "quarter": quarter,
        "round": round,
        "rows": categories,
        "total": total,
        "inspected": inspected,
        "not_inspected": total - inspected,
        "percent": round_percent(inspected, total),
    }


def branches_by_inspection(
    scope: Scope,
    campaign: Campaign,
    *,
    round_id: int | None,
    inspected: bool,
    category: str = "",
) -> QuerySet[Organization]:
    """The branches behind a coverage figure (drill-down)."""
    rows = branches_in(scope, campaign).annotate(inspected=_inspected(round_id))
    rows = _by_category(rows.filter(inspected=inspected), category)
    return rows.select_related("parent", "category").order_by("path")


def round_percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# ---------------------------------------------------------------------------------------
# Rectification


def rectification_figures(
    scope: Scope, campaign: Campaign, today: datetime.date
) -> dict:
    """Open (on time and overdue), answered and closed items in sight (one query)."""
    S = RectificationItem.Status
    counts = rectifications_for(scope, campaign, today=today).aggregate(
        open=Count("pk", filter=Q(status=S.OPEN)),
        overdue=Count("pk", filter=Q(status=S.OPEN, deadline__lt=today)),
        answered=Count("pk", filter=Q(status=S.ANSWERED)),
        closed=Count("pk", filter=Q(status=S.CLOSED)),
        total=Count("pk"),
    )
    counts["on_time"] = counts["open"] - counts["overdue"]
    return counts


# ---------------------------------------------------------------------------------------
# News reports


def news_figures(scope: Scope, campaign: Campaign, today: datetime.date) -> dict:
    """Per month of the campaign year: branches that filed, missed or are still open.

    Reuses the news matrix (two queries: the branches and one aggregate).
    """
    branches = list(
        rule_branches(scope).filter(
            kind=Organization.Kind.BRANCH, path__startswith=campaign.scope.path
        )
    )
    year = campaign.year
    matrix = news_matrix(branches, year=year, today=today)
    months = []
    for month in range(1, 13):
        cells = [row.cells[month - 1] for row in matrix]
        months.append(
            {
                "month": month,
                "filed": sum(1 for c in cells if c.state == "ok"),
                "missing": sum(1 for c in cells if c.state == "missing"),
                "open": sum(1 for c in cells if c.state == "open"),
                "reports": sum(c.count for c in cells),
            }
        )
    laggards = sorted(
        (row for row in matrix if row.missing),
        key=lambda r: (-r.missing, r.branch.path),
    )
    return {
        "year": year,
        "branches": len(branches),
        "months": months,
        "reports": sum(m["reports"] for m in months),
        "laggards": laggards[:10],
        "laggard_count": len(laggards),
    }


def news_missing_branches(
    scope: Scope, campaign: Campaign, *, year: int, month: int
) -> QuerySet[Organization]:
    """Branches in reach that filed no news report in the month (drill-down)."""
    from pledges.activity.selectors import month_range
    from pledges.models import NewsReport

    first, last = month_range(year, month)
    return (
        rule_branches(scope)
        .filter(
            kind=Organization.Kind.BRANCH,
            is_active=True,
            path__startswith=campaign.scope.path,
        )
        .exclude(
            Exists(
                NewsReport.objects.filter(
                    branch=OuterRef("pk"),
                    published_on__gte=first,
                    published_on__lte=last,
                )
            )
        )
        .select_related("parent", "category")
        .order_by("path")
    )


# ---------------------------------------------------------------------------------------
# Scores


AUDIENCES = ("unit", "person")


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
    top: dict[str, list[Score]] = {}
    for score in (
        Score.objects.filter(campaign=campaign, rank__lte=TOP_PER_CATEGORY)
        .defer("inputs", "breakdown")
        .order_by("category_key", "rank", "name", "pk")
    ):
        top.setdefault(score.category_key, []).append(score)
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


# ---------------------------------------------------------------------------------------
# Mass-evaluation turnout


def turnout_round(scope: Scope, campaign: Campaign) -> Round | None:
    """The mass evaluation to watch: an open one first, else the latest of the year."""
    rounds = Round.objects.filter(
        Q(campaign=campaign) | Q(year=campaign.year), kind=Round.Kind.MASS
    ).exclude(status=Round.Status.DRAFT)
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


# ---------------------------------------------------------------------------------------
# The branch dashboard


def _progress(rows: QuerySet, today: datetime.date) -> dict:
    P = ProgressStatus
    counts = rows.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(progress_status=P.DONE)),
        on_track=Count("pk", filter=Q(progress_status=P.ON_TRACK)),
        at_risk=Count("pk", filter=Q(progress_status=P.AT_RISK)),
        not_done=Count("pk", filter=Q(progress_status=P.NOT_DONE)),
        unreported=Count("pk", filter=Q(progress_status="")),
        overdue=Count("pk", filter=Q(due_on__lt=today) & ~Q(progress_status=P.DONE)),
        mean=Avg("progress_percent"),
    )
    counts["mean"] = round(counts["mean"] or 0)
    counts["percent_done"] = round_percent(counts["done"], counts["total"])
    return counts


def progress_of_items(items: list[PledgeItem], today: datetime.date) -> dict:
    """:func:`_progress` of committed items already loaded."""
    P = ProgressStatus
    counts = {
        "total": len(items),
        "done": sum(i.progress_status == P.DONE for i in items),
        "on_track": sum(i.progress_status == P.ON_TRACK for i in items),
        "at_risk": sum(i.progress_status == P.AT_RISK for i in items),
        "not_done": sum(i.progress_status == P.NOT_DONE for i in items),
        "unreported": sum(i.progress_status == "" for i in items),
        "overdue": sum(
            i.due_on is not None and i.due_on < today and i.progress_status != P.DONE
            for i in items
        ),
    }
    percents = [i.progress_percent for i in items if i.progress_percent is not None]
    counts["mean"] = round(sum(percents) / len(percents)) if percents else 0
    counts["percent_done"] = round_percent(counts["done"], counts["total"])
    return counts


@dataclass
class Deadline:
    """One thing due: a committed item, a plan measure or a rectification item."""

    due_on: datetime.date
    kind: str
    text: str
    who: str
    url: str
    status: str = ""


def branch_dashboard(
    campaign: Campaign,
    unit: Organization,
    today: datetime.date,
    *,
    with_scores: bool,
) -> dict:
    """Plan and pledge states, members without a pledge, progress, deadlines, scores,
    reviews and open rectification of one unit (a fixed number of queries)."""
    plan = (
        Plan.objects.filter(campaign=campaign, unit=unit)
        .select_related("updated_by__person")
        .first()
    )
    states = dict(
        Pledge.objects.filter(campaign=campaign, unit=unit)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pledge_states = [
        {"status": value, "label": label, "count": states.get(value, 0)}
        for value, label in Status.choices
    ]
    missing = pledge_selectors.members_without_pledge(campaign, unit)
    missing_list = list(missing[:MISSING_SHOWN])
    missing_count = missing.count()
    members = pledge_selectors.unit_members(unit).count()
    items = PledgeItem.objects.filter(
        pledge__campaign=campaign,
        pledge__unit=unit,
        pledge__status=Status.PUBLISHED,
    )
    measures = PlanMeasure.objects.filter(
        plan__campaign=campaign, plan__unit=unit, plan__status=Status.PUBLISHED
    )
    deadlines = [
        Deadline(
            i.due_on,
            "item",
            i.text,
            i.pledge.person.name,
            i.pledge.get_absolute_url(),
            i.progress_status,
        )
        for i in items.exclude(progress_status=ProgressStatus.DONE)
        .filter(due_on__gte=today)
        .select_related("pledge__person")
        .order_by("due_on", "pk")[:DEADLINES]
    ] + [
        Deadline(
            m.due_on,
            "measure",
            m.text,
            m.owner.name if m.owner else "",
            m.plan.get_absolute_url(),
            m.progress_status,
        )
        for m in measures.exclude(progress_status=ProgressStatus.DONE)
        .filter(due_on__gte=today)
        .select_related("owner", "plan")
        .order_by("due_on", "pk")[:DEADLINES]
    ]
    deadlines.sort(key=lambda d: (d.due_on, d.kind))
    rectification = list(
        RectificationItem.objects.filter(campaign=campaign, unit=unit)
        .exclude(status=RectificationItem.Status.CLOSED)
        .select_related("owner")
        .order_by("deadline", "pk")
    )
    for item in rectification:
        item.overdue = item.is_overdue(today)
    reviews = list(
        Review.objects.filter(round__campaign=campaign, unit=unit)
        .select_related("round", "reviewer")
        .order_by("round__half")
    )
    member_reviews = list(
        Review.objects.filter(round__campaign=campaign, person__branch=unit)
        .values("round__half")
        .annotate(
            written=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
        )
        .order_by("round__half")
    )
    result = {
        "plan": plan,
        "pledge_states": pledge_states,
        "pledges_total": sum(states.values()),
        "members": members,
        "missing": missing_list,
        "missing_count": missing_count,
        "items": _progress(items, today),
        "measures": _progress(measures, today),
        "deadlines": deadlines[:DEADLINES],
        "rectification": rectification,
        "rectification_overdue": sum(1 for r in rectification if r.overdue),
        "reviews": reviews,
        "member_reviews": member_reviews,
        "score": None,
        "member_grades": [],
    }
    if with_scores:
        result["score"] = (
            Score.objects.filter(campaign=campaign, unit=unit)
            .defer("inputs", "breakdown")
            .first()
        )
        by_grade = dict(
            Score.objects.filter(campaign=campaign, person__branch=unit)
            .values_list("grade")
            .annotate(n=Count("pk"))
            .order_by()
        )
        result["member_grades"] = [
            {"grade": value, "label": label, "count": by_grade.get(value, 0)}
            for value, label in [*Grade.choices, ("", _("No grade"))]
        ]
    return result


def scores_published(campaign: Campaign) -> bool:
    return ScoreRun.objects.filter(
        campaign=campaign, published_at__isnull=False
    ).exists()


# ---------------------------------------------------------------------------------------
# Personal home panels


def my_notifications(person: Person, *, limit: int = 5) -> dict:
    """The newest unread notifications and how many there are (one query: the count is
    a window over the unread rows, and the navigation bar's count is taken from it)."""
    latest = list(
        Notification.objects.filter(recipient=person, read_at__isnull=True)
        .annotate(unread_total=Window(Count("pk")))
        .order_by("-created_at", "-pk")[:limit]
    )
    count = latest[0].unread_total if latest else 0
    if person.user_id is not None:
        count = remember_unread_count(person.user_id, count)
    return {"latest": latest, "count": count}
