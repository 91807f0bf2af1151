"""Reads of the organisation tree and roster that take more than one line."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from core.pk_urls import pk_url
from organizations.access import Scope
from organizations.models import Organization, Person


def _count(model_filter: str) -> Coalesce:
    rows = (
        Person.objects.filter(**{model_filter: OuterRef("pk")}, is_active=True)
        .order_by()
        .values(model_filter)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def tree_rows(
    scope: Scope, *, query: str = "", show_inactive: bool = False
) -> list[dict]:
    """Units in scope in tree order, as rows ready to show: name, link, kind and
    category, counts of active members and staff, and ``indent`` (see
    :func:`tree_order`). Plain rows, not model instances: the tree lists every unit of
    an institute (hundreds)."""
    units = scope.units()
    if not show_inactive:
        units = units.filter(is_active=True)
    if query:
        units = units.filter(Q(name__icontains=query))
    rows = list(
        units.order_by("path")
        .annotate(member_count=_count("branch"), staff_count=_count("department"))
        .values(
            "pk",
            "parent_id",
            "name",
            "kind",
            "order",
            "is_active",
            "category__name",
            "member_count",
            "staff_count",
        )
    )
    kinds = {value: str(label) for value, label in Organization.Kind.choices}
    unit_url = pk_url("organizations:unit")
    for row in rows:
        row["url"] = unit_url(row["pk"])
        row["kind_label"] = kinds.get(row["kind"], row["kind"])
    return tree_order(rows)


def people_for(
    scope: Scope, *, query: str = "", unit: Organization | None = None
) -> QuerySet:
    """People in scope, searchable by name or staff number, optionally within one unit."""
    people = (
        scope.people()
        .select_related("department", "branch", "user")
        .order_by("staff_no")
    )
    if query:
        people = people.filter(Q(name__icontains=query) | Q(staff_no__icontains=query))
    if unit is not None:
        people = people.filter(
            Q(branch__path__startswith=unit.path)
            | Q(department__path__startswith=unit.path)
            | Q(massmembership__unit__path__startswith=unit.path)
        ).distinct()
    return people


ROSTER_FIELDS = (
    "pk",
    "staff_no",
    "name",
    "department__name",
    "branch__name",
    "political_status",
    "position",
)


def roster_rows(people: QuerySet) -> list[dict]:
    """A page of the roster (:func:`people_for`) as rows ready to show, with each
    person's link and political status in words: plain rows, not model instances."""
    statuses = {value: str(label) for value, label in Person.PoliticalStatus.choices}
    person_url = pk_url("organizations:person")
    rows = list(people.values(*ROSTER_FIELDS))
    for row in rows:
        row["url"] = person_url(row["pk"])
        row["status_label"] = statuses.get(row["political_status"], "")
    return rows


KIND_ORDER = {kind: i for i, kind in enumerate(Organization.Kind.values)}


def tree_order(units: list[dict]) -> list[dict]:
    """Unit rows (``pk``, ``parent_id``, ``kind``, ``order``, ``name``) in depth-first
    order, siblings by kind, then their order, then name.

    Sets ``indent`` on each row: its depth below the shallowest unit in the list.
    """
    by_parent: dict[int | None, list[dict]] = {}
    present = {u["pk"] for u in units}
    for unit in units:
        key = unit["parent_id"] if unit["parent_id"] in present else None
        by_parent.setdefault(key, []).append(unit)
    for children in by_parent.values():
        children.sort(
            key=lambda u: (KIND_ORDER.get(u["kind"], 99), u["order"], u["name"])
        )
    result: list[dict] = []

    def walk(parent_id, indent):
        for unit in by_parent.get(parent_id, []):
            unit["indent"] = min(indent, 8)
            result.append(unit)
            walk(unit["pk"], indent + 1)

    walk(None, 0)
    return result
