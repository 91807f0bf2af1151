"""Plans and pledges."""

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.timezone import localtime

from core import versioned_cache
from core.pk_urls import pk_url
from organizations.access import Scope
from organizations.models import Organization
from pledges.access import board_key, board_pledge_q, board_unit_q
from pledges.models import (
    PLAN_UNIT_KINDS,
    Campaign,
    Criterion,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    Status,
    SupervisionComment,
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


def _comment_count(field: str) -> Coalesce:
    """How many comments a plan or pledge has (``field``: ``plan`` or ``pledge``), as a
    subquery: a join and GROUP BY over every column made the board's query and its
    count heavy to build and to run."""
    counts = (
        SupervisionComment.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


FEW_ROWS = 1000  # rows up to which a narrowed reach's are picked by id first


class CountedRows:
    """Rows to paginate, counted through the filtered queryset they come from: the
    joins that only fetch the names shown (member, unit: never null) do not change
    how many there are, and made the count read every member of the institute.

    ``few``, if given, are the same rows picked by their ids first
    (:func:`chosen_first`), read instead when the count found at most
    :data:`FEW_ROWS`: PostgreSQL otherwise walks the units in the order shown and
    looks for the page's rows among all of the institute's (6 ms at full size for a
    staff member's 25 pledges; 0.5 ms picked first). For many rows (the office's
    10 000) the walk is the fast way (the first units hold the page; picking all
    first took 21 ms)."""

    def __init__(self, rows: QuerySet, counted: QuerySet, few: QuerySet | None = None):
        self.rows, self.counted, self.few = rows, counted, few
        self.counted_rows: int | None = None

    def count(self) -> int:
        self.counted_rows = self.counted.count()
        return self.counted_rows

    def known_count(self, count: int) -> None:
        """The count, kept from an earlier request (versioned_cache.KeptRows)."""
        self.counted_rows = count

    def __getitem__(self, index):
        if (
            self.few is not None
            and self.counted_rows is not None
            and self.counted_rows <= FEW_ROWS
        ):
            return self.few[index]
        return self.rows[index]

    def __len__(self) -> int:
        return self.count()


def board_plans(
    scope: Scope,
    campaign: Campaign,
    *,
    query: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
) -> CountedRows:
    """Published plans on the user's board (公开承诺), as their ids: paginate them,
    then give the page to :func:`board_plan_rows` for what the board shows."""
    plans = Plan.objects.filter(campaign=campaign, status=Status.PUBLISHED).filter(
        board_unit_q(scope, within=campaign.scope)
    )
    if unit_id:
        plans = plans.filter(unit_id=unit_id)
    if category_id:
        plans = plans.filter(unit__category_id=category_id)
    if query:
        # A measure's text through EXISTS, not a join: one row per plan, no DISTINCT.
        measures = PlanMeasure.objects.filter(
            plan=OuterRef("pk"), text__icontains=query
        )
        plans = plans.filter(
            Q(unit__name__icontains=query)
            | Q(focus__icontains=query)
            | Q(targets__icontains=query)
            | Exists(measures)
        )
    return CountedRows(plans.order_by("unit__path").values_list("pk", flat=True), plans)


def board_plan_rows(ids: list[int]) -> list[Plan]:
    """The plans of one page of :func:`board_plans`, in its order, with their unit,
    measures and comment count."""
    plans = (
        Plan.objects.filter(pk__in=ids)
        .select_related("unit", "unit__category")
        .prefetch_related(_measures_prefetch())
        .annotate(comment_count=_comment_count("plan"))
    )
    found = {plan.pk: plan for plan in plans}
    return [found[pk] for pk in ids]


def board_plan_count(scope: Scope, campaign: Campaign) -> int:
    """How many plans :func:`board_plans` lists unfiltered: a lean count (the board
    filter joins nothing many-valued, so no DISTINCT, no comment annotation)."""
    return (
        Plan.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_unit_q(scope, within=campaign.scope))
        .count()
    )


def board_pledge_count(scope: Scope, campaign: Campaign) -> int:
    """How many pledges :func:`board_pledges` lists unfiltered (a lean count)."""
    return (
        Pledge.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_pledge_q(scope, within=campaign.scope))
        .count()
    )


#: A pledge on the board or a unit's page, as a row (:func:`pledge_rows` adds its URL
#: and committed items): no model instances for what is only shown.
_PLEDGE_ROW = {
    "person_name": F("person__name"),
    "unit_name": F("unit__name"),
    "comment_count": _comment_count("pledge"),
}


def board_pledges(
    scope: Scope,
    campaign: Campaign,
    *,
    query: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
    criterion_id: int | None = None,
) -> CountedRows:
    """Published pledges on the user's board, as rows: paginate them, then give the
    page to :func:`pledge_rows` for their URLs and items (with 带头)."""
    reach = board_pledge_q(scope, within=campaign.scope)
    pledges = Pledge.objects.filter(campaign=campaign, status=Status.PUBLISHED).filter(
        reach
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
    if query:
        # An item's text through EXISTS, not a join: one row per pledge, no DISTINCT.
        items = PledgeItem.objects.filter(pledge=OuterRef("pk"), text__icontains=query)
        pledges = pledges.filter(
            Q(person__name__icontains=query)
            | Q(unit__name__icontains=query)
            | Q(plans__icontains=query)
            | Q(direction__icontains=query)
            | Exists(items)
        )
    fields = ("pk", "unit_id", "direction")
    order = ("unit__path", "person__staff_no")
    narrowed = chosen_first(pledges, reach)
    return CountedRows(
        pledges.order_by(*order).values(*fields, **_PLEDGE_ROW),
        pledges,
        None
        if narrowed is None
        else narrowed.order_by(*order).values(*fields, **_PLEDGE_ROW),
    )


def chosen_first(rows: QuerySet, reach: Q) -> QuerySet | None:
    """``rows`` picked by their ids first, for a reach that narrows them (None for
    one that does not: every row of the institute)."""
    if not reach:
        return None
    return rows.model.objects.filter(pk__any_of=rows.values("pk"))


def pledge_rows(rows) -> list[dict]:
    """The rows of one page of :func:`board_pledges` or :func:`unit_pledge_rows` with
    their URL and their committed items in order (one query)."""
    rows = list(rows)
    items: dict[int, list] = {row["pk"]: [] for row in rows}
    if items:
        found = (
            PledgeItem.objects.filter(pledge_id__in=list(items))
            .order_by("pledge_id", "order", "pk")
            .values_list(
                "pledge_id", "text", "target", "criterion_id", "criterion__name"
            )
        )
        for pledge_id, text, target, criterion_id, criterion in found:
            items[pledge_id].append(
                {
                    "text": text,
                    "target": target,
                    "criterion_id": criterion_id,
                    "criterion": criterion,
                }
            )
    url = pk_url("pledges:pledge")
    unit_url = pk_url("pledges:board_unit")
    for row in rows:
        row["url"] = url(row["pk"])
        row["unit_url"] = unit_url(row["unit_id"])
        row["items"] = items[row["pk"]]
    return rows


def unit_pledge_rows(campaign: Campaign, unit: Organization) -> CountedRows:
    """The unit's published pledges as rows, for its public page (see
    :func:`pledge_rows`)."""
    pledges = Pledge.objects.filter(
        campaign=campaign, unit=unit, status=Status.PUBLISHED
    )
    return CountedRows(
        pledges.order_by("person__staff_no").values("pk", "unit_id", **_PLEDGE_ROW),
        pledges,
    )


def unit_plan_shown(campaign: Campaign, unit: Organization) -> dict | None:
    """The unit's published plan for its public page: what it shows, as a row with its
    measures, the same for everyone who may see the page (kept in the shared cache)."""
    return versioned_cache.get_or_compute(
        versioned_cache.FIGURES,
        campaign.scope.institute_id,
        ("unit_plan_shown", campaign.pk, unit.pk),
        lambda: _unit_plan_shown(campaign, unit),
    )


def _unit_plan_shown(campaign: Campaign, unit: Organization) -> dict | None:
    plan = (
        Plan.objects.filter(campaign=campaign, unit=unit, status=Status.PUBLISHED)
        .order_by("pk")
        .values("pk", "focus", "targets")
        .first()
    )
    if plan is None:
        return None
    plan["url"] = reverse("pledges:plan", args=[plan["pk"]])
    plan["measures"] = list(
        PlanMeasure.objects.filter(plan_id=plan["pk"])
        .order_by("order", "pk")
        .values("text", "due_on", "owner_id", owner_name=F("owner__name"))
    )
    return plan


def board_filter_choices(scope: Scope, campaign: Campaign) -> dict:
    """Units, categories and 带头 to filter the board by: the units the user's board
    reaches; the campaign's categories and 带头, the same for everyone, read only if
    rendered (the board keeps them rendered in the shared cache)."""

    def units() -> list[dict]:
        return list(
            Organization.objects.filter(kind__in=PLAN_UNIT_KINDS, is_active=True)
            .filter(board_unit_q(scope, prefix=""))
            .filter(path__startswith=campaign.scope.path)
            .order_by("path")
            .values("pk", "name")
        )

    shared = SimpleLazyObject(lambda: _board_campaign_choices(campaign))
    return {
        # The same for everyone whose board is the same: kept until a write.
        "units": versioned_cache.get_or_compute(
            versioned_cache.FIGURES,
            campaign.scope.institute_id,
            ("board_unit_choices", board_key(scope), campaign.pk),
            units,
        ),
        "criteria_groups": SimpleLazyObject(lambda: shared["criteria_groups"]),
        "categories": SimpleLazyObject(lambda: shared["categories"]),
    }


def _board_campaign_choices(campaign: Campaign) -> dict:
    criteria = (
        Criterion.objects.filter(
            criteria_set__campaign=campaign,
            criteria_set__audience="person",
            parent__isnull=True,
        )
        .order_by("criteria_set__order", "order")
        .values_list("criteria_set_id", "criteria_set__name", "pk", "name")
    )
    from organizations.models import BranchCategory

    categories = BranchCategory.objects.filter(
        Q(institute__path__startswith=campaign.scope.path)
        | Q(institute_id=campaign.scope.institute_id)
    ).values("pk", "name")
    # One group per criteria set (党员 五带头, 团员 四带头, 妇女 五带头 …): the same
    # words (带头刻苦学习) may stand in two sets and must not read as one choice.
    groups: dict = {}
    for set_id, set_name, pk, name in criteria:
        group = groups.setdefault(set_id, ({"name": set_name}, []))
        group[1].append({"pk": pk, "name": name})
    return {"criteria_groups": list(groups.values()), "categories": list(categories)}


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
    and the unit's progress links, when it last changed (local time), and the names
    ``{% status_badge %}`` reads (``status``, ``get_status_display``,
    ``change_awaits_approval``). Plain rows, not model instances."""
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
