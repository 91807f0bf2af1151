"""Plans and pledges."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.timezone import localtime

from core.pk_urls import pk_url
from organizations.access import Scope
from organizations.models import Organization
from pledges.access import board_pledge_q, board_unit_q
from pledges.models import (
    PLAN_UNIT_KINDS,
    Campaign,
    Criterion,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    Status,
)


def _search(qs: QuerySet, query: str, fields: list[str]) -> QuerySet:
    if not query:
        return qs
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__icontains": query})
    return qs.filter(q)


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=PledgeItem.objects.select_related("criterion").order_by("order", "pk"),
    )


def _measures_prefetch() -> Prefetch:
    return Prefetch(
        "measures",
        queryset=PlanMeasure.objects.select_related("owner").order_by("order", "pk"),
    )


def board_plans(
    scope: Scope,
    campaign: Campaign,
    *,
    query: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
) -> QuerySet[Plan]:
    """Published plans on the user's board (公开承诺), with their measures."""
    plans = (
        Plan.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_unit_q(scope))
        .select_related("unit", "unit__category", "unit__parent")
        .prefetch_related(_measures_prefetch(), "milestones")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("unit__path")
    )
    if unit_id:
        plans = plans.filter(unit_id=unit_id)
    if category_id:
        plans = plans.filter(unit__category_id=category_id)
    return _search(
        plans, query, ["unit__name", "focus", "targets", "measures__text"]
    ).distinct()


def board_plan_count(scope: Scope, campaign: Campaign) -> int:
    """How many plans :func:`board_plans` lists unfiltered: a lean count (the board
    filter joins nothing many-valued, so no DISTINCT, no comment annotation)."""
    return (
        Plan.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_unit_q(scope))
        .count()
    )


def board_pledge_count(scope: Scope, campaign: Campaign) -> int:
    """How many pledges :func:`board_pledges` lists unfiltered (a lean count)."""
    return (
        Pledge.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_pledge_q(scope))
        .count()
    )


def board_pledges(
    scope: Scope,
    campaign: Campaign,
    *,
    query: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
    criterion_id: int | None = None,
) -> QuerySet[Pledge]:
    """Published pledges on the user's board, with their items and 带头."""
    pledges = (
        Pledge.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_pledge_q(scope))
        .select_related("unit", "unit__category", "person", "person__department")
        .prefetch_related(_items_prefetch())
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("unit__path", "person__staff_no")
    )
    if unit_id:
        pledges = pledges.filter(unit_id=unit_id)
    if category_id:
        pledges = pledges.filter(unit__category_id=category_id)
    if criterion_id:
        pledges = pledges.filter(
            Exists(
                PledgeItem.objects.filter(pledge=OuterRef("pk")).filter(
                    Q(criterion_id=criterion_id) | Q(criterion__parent_id=criterion_id)
                )
            )
        )
    return _search(
        pledges,
        query,
        ["person__name", "unit__name", "plans", "direction", "items__text"],
    ).distinct()


def board_filter_choices(scope: Scope, campaign: Campaign) -> dict:
    """Units, categories and 带头 to filter the board by."""
    units = (
        Organization.objects.filter(kind__in=PLAN_UNIT_KINDS, is_active=True)
        .filter(board_unit_q(scope, prefix=""))
        .filter(path__startswith=campaign.scope.path)
        .order_by("path")
        .only("pk", "name", "path")
    )
    criteria = (
        Criterion.objects.filter(
            criteria_set__campaign=campaign,
            criteria_set__audience="person",
            parent__isnull=True,
        )
        .select_related("criteria_set")
        .order_by("criteria_set__order", "order")
    )
    from organizations.models import BranchCategory

    categories = BranchCategory.objects.filter(
        Q(institute__path__startswith=campaign.scope.path)
        | Q(institute_id=campaign.scope.institute_id)
    )
    # One group per criteria set (党员 五带头, 团员 四带头, 妇女 五带头 …): the same
    # words (带头刻苦学习) may stand in two sets and must not read as one choice.
    groups: dict = {}
    for criterion in criteria:
        groups.setdefault(criterion.criteria_set, []).append(criterion)
    return {
        "units": units,
        "criteria": criteria,
        "criteria_groups": list(groups.items()),
        "categories": categories,
    }


def unit_pledges(
    campaign: Campaign, unit: Organization, *, published_only: bool = True
) -> QuerySet[Pledge]:
    pledges = (
        Pledge.objects.filter(campaign=campaign, unit=unit)
        .select_related("person", "unit")
        .prefetch_related(_items_prefetch())
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("person__staff_no")
    )
    if published_only:
        pledges = pledges.filter(status=Status.PUBLISHED)
    return pledges


def unit_plan(campaign: Campaign, unit: Organization, *, published_only=True):
    plans = Plan.objects.filter(campaign=campaign, unit=unit).prefetch_related(
        _measures_prefetch(), "milestones"
    )
    if published_only:
        plans = plans.filter(status=Status.PUBLISHED)
    return plans.first()


def plans_for(
    scope: Scope, campaign: Campaign, *, status: str = "", query: str = ""
) -> QuerySet[Plan]:
    """Plans in every state within the units the user's roles reach."""
    plans = (
        Plan.objects.filter(campaign=campaign)
        .filter(scope.path_q("unit__path"))
        .select_related("unit", "unit__parent", "unit__category", "updated_by__person")
        .order_by("unit__path")
    )
    if status:
        plans = plans.filter(status=status)
    return _search(plans, query, ["unit__name"])


def plan_rows(plans: QuerySet[Plan]) -> list[dict]:
    """A page of :func:`plans_for` as rows ready to show: the unit's name, the plan's
    and the unit's progress links, when it last changed (local time), and the names ``pledges/_status.html`` reads
    (``status``, ``get_status_display``, ``change_awaits_approval``). Plain rows,
    not model instances."""
    labels = {value: str(label) for value, label in Status.choices}
    plan_url = pk_url("pledges:plan")
    progress_url = pk_url("pledges:progress")
    rows = list(
        plans.values(
            "pk",
            "unit_id",
            "unit__name",
            "status",
            "version",
            "updated_at",
            "change_submitted_at",
        )
    )
    for row in rows:
        # What ``|date:"Y-m-d H:i"`` shows, without the template filter's cost a row.
        row["updated"] = localtime(row["updated_at"]).strftime("%Y-%m-%d %H:%M")
        row["url"] = plan_url(row["pk"])
        row["progress_url"] = progress_url(row["unit_id"])
        row["get_status_display"] = labels.get(row["status"], row["status"])
        row["change_awaits_approval"] = row["change_submitted_at"] is not None
    return rows


def pledges_for(
    scope: Scope,
    campaign: Campaign,
    *,
    status: str = "",
    query: str = "",
    unit: Organization | None = None,
) -> QuerySet[Pledge]:
    """Pledges in every state within the units the user's roles reach, and their own."""
    q = scope.path_q("unit__path")
    if scope.person is not None:
        q |= Q(person=scope.person)
    pledges = (
        Pledge.objects.filter(campaign=campaign)
        .filter(q)
        .select_related("unit", "person", "updated_by__person")
        .annotate(item_count=Count("items"))
        .order_by("unit__path", "person__staff_no")
    )
    if status:
        pledges = pledges.filter(status=status)
    if unit is not None:
        pledges = pledges.filter(unit=unit)
    return _search(pledges, query, ["person__name", "person__staff_no", "unit__name"])
