"""Targets the rules produce (materialised when the round opens)."""

from evaluations.models import Round, TargetRule
from organizations.models import Organization, Person


def rule_target_specs(*, round: Round) -> dict[tuple[str, int], str]:
    """Every target the round's rules name: ``{("unit"|"person", pk): name}``."""
    specs: dict[tuple[str, int], str] = {}
    scope_path = round.scope.path
    K = TargetRule.Kind
    rules = list(round.rules.select_related("unit", "person"))
    kinds = {rule.kind for rule in rules}
    branches = Organization.objects.filter(
        kind=Organization.Kind.BRANCH, is_active=True, path__startswith=scope_path
    )
    if K.DEPARTMENT_BRANCHES in kinds:
        for pk, name in branches.filter(department__isnull=False).values_list(
            "pk", "name"
        ):
            specs[("unit", pk)] = name
    if K.OWN_BRANCH in kinds:
        for pk, name in branches.values_list("pk", "name"):
            specs[("unit", pk)] = name
    if K.MASS_UNITS in kinds:
        for pk, name in Organization.objects.filter(
            kind__in=Organization.MASS_KINDS,
            is_active=True,
            path__startswith=scope_path,
        ).values_list("pk", "name"):
            specs[("unit", pk)] = name
    if K.BRANCH_MEMBERS in kinds:
        for pk, name, branch in Person.objects.filter(
            is_active=True,
            political_status__in=Person.PARTY_STATUSES,
            branch__path__startswith=scope_path,
            branch__is_active=True,
        ).values_list("pk", "name", "branch__name"):
            specs[("person", pk)] = f"{name}（{branch}）"
    for rule in rules:
        if rule.kind == K.FIXED_UNIT and rule.unit_id:
            specs[("unit", rule.unit_id)] = rule.unit.name
        elif rule.kind == K.FIXED_PERSON and rule.person_id:
            specs[("person", rule.person_id)] = rule.person.name
    return specs
