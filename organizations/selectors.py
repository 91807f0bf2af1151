"""Reads of the organisation tree and roster that take more than one line."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

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


def tree_for(scope: Scope, *, query: str = "", show_inactive: bool = False) -> QuerySet:
    """Units in scope in tree order, each with its counts of members and staff."""
    units = scope.units().select_related("category", "parent").order_by("path")
    if not show_inactive:
        units = units.filter(is_active=True)
    if query:
        units = units.filter(Q(name__icontains=query))
    return units.annotate(
        member_count=_count("branch"),
        staff_count=_count("department"),
    )


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


KIND_ORDER = {kind: i for i, kind in enumerate(Organization.Kind.values)}


def tree_order(units: list[Organization]) -> list[Organization]:
    """Units in depth-first order, siblings by kind, then their order, then name.

    Sets ``indent`` on each unit: its depth below the shallowest unit in the list.
    """
    by_parent: dict[int | None, list[Organization]] = {}
    present = {u.pk for u in units}
    for unit in units:
        key = unit.parent_id if unit.parent_id in present else None
        by_parent.setdefault(key, []).append(unit)
    for children in by_parent.values():
        children.sort(key=lambda u: (KIND_ORDER.get(u.kind, 99), u.order, u.name))
    result: list[Organization] = []

    def walk(parent_id, indent):
        for unit in by_parent.get(parent_id, []):
            unit.indent = min(indent, 8)
            result.append(unit)
            walk(unit.pk, indent + 1)

    walk(None, 0)
    return result
