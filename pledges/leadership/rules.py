"""Which party organisation leads a mass-organisation unit (党建带群建): one rule.

A mass unit (工会, 分工会, 工会小组, 团委, 团支部, 妇委会, 妇女小组) is led by its own
``led_by``; failing that, by the ``led_by`` of its nearest mass-organisation ancestor;
failing that, by its institute's party committee (党委). The rule is written once, as a
database expression (:func:`leading_expression`), so a single unit and a whole list of
units are answered by the same definition.
"""

from django.db.models import (
    BigIntegerField,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Left, Length

from organizations.access import Scope
from organizations.models import Organization, Role

K = Organization.Kind
MASS_KINDS = sorted(Organization.MASS_KINDS)
# Party roles that lead mass units: the secretary of the leading branch or general
# branch, and its committee members (who read, but do not endorse).
PARTY_ROLES = (
    Role.Kind.SECRETARY,
    Role.Kind.GENERAL_SECRETARY,
    Role.Kind.COMMITTEE_MEMBER,
)


def leading_expression(field: str = "pk", outer: str = ""):
    """The leading party unit's ``field`` ("pk" or "path") for the mass unit whose
    columns are at ``outer`` (``""`` for an Organization row, ``"unit__"`` for a row
    with a ``unit``): the nearest ``led_by`` on the unit or its mass ancestors (a
    prefix of the unit's path), else the institute's party committee."""
    led = (
        Organization.objects.filter(kind__in=MASS_KINDS, led_by__isnull=False)
        .alias(prefix=Left(OuterRef(f"{outer}path"), Length("path")))
        .filter(prefix=F("path"))
        .order_by("-depth")
        .values("led_by_id" if field == "pk" else f"led_by__{field}")[:1]
    )
    committee = (
        Organization.objects.filter(
            kind=K.PARTY_COMMITTEE, parent_id=OuterRef(f"{outer}institute_id")
        )
        .order_by("pk")
        .values(field)[:1]
    )
    output = BigIntegerField() if field == "pk" else CharField()
    return Coalesce(Subquery(led), Subquery(committee), output_field=output)


def leads_mass_expression() -> Exists:
    """For an Organization row: whether some active mass unit is led by it or by a unit
    beneath it (the twin of :func:`led_units` for one party node)."""
    return Exists(
        Organization.objects.filter(kind__in=MASS_KINDS, is_active=True)
        .annotate(lead_path=leading_expression("path"))
        .filter(lead_path__startswith=OuterRef("path"))
    )


def leading_party_unit(unit: Organization) -> Organization | None:
    """The party organisation leading a mass unit (one query); None for any other unit
    and for a mass unit whose institute has no party committee."""
    if not unit.is_mass:
        return None
    lead = Organization.objects.filter(pk=unit.pk).annotate(
        lead=leading_expression("pk")
    )
    return (
        Organization.objects.select_related("parent")
        .filter(pk=Subquery(lead.values("lead")[:1]))
        .first()
    )


def leading_units_of(units) -> dict[int, Organization]:
    """:func:`leading_party_unit` for many units at once (two queries): unit pk →
    its leading party unit, mass units only."""
    ids = [u.pk for u in units if u.is_mass]
    if not ids:
        return {}
    leads = dict(
        Organization.objects.filter(pk__in=ids)
        .annotate(lead=leading_expression("pk"))
        .values_list("pk", "lead")
    )
    found = Organization.objects.select_related("parent").in_bulk(
        {v for v in leads.values() if v}
    )
    return {pk: found[lead] for pk, lead in leads.items() if lead in found}


def leading_paths(scope: Scope, *, endorse: bool = False) -> list[str]:
    """The subtrees whose mass units this user leads: the nodes of their party roles
    (secretaries only, with ``endorse``)."""
    kinds = PARTY_ROLES
    if endorse:
        kinds = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)
    return sorted({role.node.path for role in scope.roles_of(*kinds)})


def led_units(scope: Scope, *, endorse: bool = False) -> QuerySet[Organization]:
    """The mass units whose leading party organisation lies in one of the user's party
    roles' subtrees (a lazy query, for use as a subquery)."""
    paths = leading_paths(scope, endorse=endorse)
    if not paths:
        return Organization.objects.none()
    q = Q()
    for p in paths:
        q |= Q(lead_path__startswith=p)
    return (
        Organization.objects.filter(kind__in=MASS_KINDS, is_active=True)
        .annotate(lead_path=leading_expression("path"))
        .filter(q)
    )


def led_units_q(scope: Scope, prefix: str = "unit__") -> Q:
    """:func:`leads` as a filter on rows whose unit is at ``prefix`` (one subquery, no
    query of its own); empty for users without a party role."""
    if not leading_paths(scope):
        return Q(pk__in=[])
    return Q(**{f"{prefix[:-2]}_id__in": led_units(scope).values("pk")})


def leads(scope: Scope, unit: Organization, lead: Organization | None = None) -> bool:
    """The user's party roles reach the party organisation leading the mass unit
    (its secretary, a general secretary above, a committee member)."""
    if not unit.is_mass:
        return False
    paths = leading_paths(scope)
    if not paths:
        return False
    lead = lead if lead is not None else leading_party_unit(unit)
    return lead is not None and any(lead.path.startswith(p) for p in paths)


def may_endorse(scope: Scope, lead: Organization | None) -> bool:
    """Those who manage the leading party organisation endorse (审核) for it: its
    secretary, the general secretary above, the campaign's office."""
    return lead is not None and scope.can_manage_unit(lead)


def attach_approving_units(plans) -> None:
    """Set ``Plan.approving_unit`` on loaded plans of mass units in two queries, so a
    list asking ``can_approve`` of each asks the database once, not once a row."""
    todo = [p for p in plans if p.unit.is_mass and "approving_unit" not in p.__dict__]
    if not todo:
        return
    leading = leading_units_of({p.unit for p in todo})
    for plan in todo:
        plan.approving_unit = leading.get(plan.unit_id)


def approving_unit_annotations(outer: str = "unit__") -> dict:
    """An annotation for rows of plans: the path of the party unit leading the plan's
    unit (:func:`leading_expression`; meaningful for mass units only). With
    :func:`attach_annotated_approving_units` a list answers ``can_approve`` with no
    query of its own, however many of its plans are of mass units."""
    return {"leading_path": leading_expression("path", outer)}


def attach_annotated_approving_units(plans) -> None:
    """Set ``Plan.approving_unit`` on plans of mass units loaded with
    :func:`approving_unit_annotations`: the leading unit with only its pk (the last
    step of its path) and path loaded, what scope checks read; any other field loads
    on first use."""
    for plan in plans:
        if not plan.unit.is_mass or "approving_unit" in plan.__dict__:
            continue
        path = plan.leading_path
        plan.approving_unit = (
            Organization.from_db(
                plan._state.db,
                ["id", "path"],
                [int(path.rstrip("/").rsplit("/", 1)[-1]), path],
            )
            if path
            else None
        )
