"""Filing of plans and pledges."""

from django.db.models import CharField, Count, F, QuerySet, Value
from django.utils.translation import gettext as _

from chuangxian.dashboards.selectors.common import (
    MASS_KEY,
    _by_category,
    branches_without_plan,
    categories_in,
    category_key,
)
from organizations.access import Scope
from organizations.models import Organization, Person
from pledges import selectors as pledge_selectors
from pledges.models import Campaign, Plan, Pledge, Status


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
