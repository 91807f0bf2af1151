"""Who can vote (选民): the people a round's scope and rules give at least one target.

Shown to the office while it builds a round, so that a 群众评议 whose scope holds no
群众 (a 党总支: its departments lie outside it) is seen before it opens, not after.
"""

import operator
from functools import reduce

from django.db.models import Count, Q

from evaluations.models import Round, TargetRule
from organizations.models import MassMembership, Organization, Person

# Kinds a round of which is held by and for staff who are not party members.
MASS_KINDS = {Round.Kind.MASS, Round.Kind.SATISFACTION}


def people_in_scope_q(scope: Organization) -> Q:
    """Active people of the scope's institute whose department or branch lies in it."""
    q = Q(institute_id=scope.institute_id, is_active=True)
    if scope.pk == scope.institute_id:
        return q
    return q & (
        Q(department__path__startswith=scope.path)
        | Q(branch__path__startswith=scope.path)
    )


def _party_q() -> Q:
    return Q(political_status__in=Person.PARTY_STATUSES)


def _rule_voter_q(rule: TargetRule, scope: Organization) -> Q:
    """People who get at least one target from this rule (the same as ``rule_q``)."""
    K = TargetRule.Kind
    branches = Organization.objects.filter(
        kind=Organization.Kind.BRANCH, is_active=True, path__startswith=scope.path
    )
    if rule.kind == K.DEPARTMENT_BRANCHES:
        q = Q(
            department_id__in=branches.filter(department__isnull=False).values(
                "department_id"
            )
        )
    elif rule.kind == K.BRANCH_MEMBERS:
        # A member rates the others of the branch: a branch of one gives nothing.
        crowded = (
            Person.objects.filter(_party_q(), is_active=True, branch__in=branches)
            .order_by()
            .values("branch_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .values("branch_id")
        )
        q = _party_q() & Q(branch_id__in=crowded)
    elif rule.kind == K.OWN_BRANCH:
        q = Q(branch__in=branches)
    elif rule.kind == K.MASS_UNITS:
        q = Q(
            pk__in=MassMembership.objects.filter(
                unit__kind__in=Organization.MASS_KINDS,
                unit__is_active=True,
                unit__path__startswith=scope.path,
            ).values("person_id")
        )
    elif rule.kind == K.FIXED_PERSON:
        q = ~Q(pk=rule.person_id)
    else:  # FIXED_UNIT: everyone in scope (not Q(), which an OR would drop)
        q = Q(pk__isnull=False)
    if rule.voters == TargetRule.Voters.PARTY:
        q &= _party_q()
    elif rule.voters == TargetRule.Voters.NON_PARTY:
        q &= ~_party_q()
    return q


def electorate(*, scope: Organization, rules=None) -> dict:
    """Counts of people in scope and of eligible voters, party and not (one query).

    ``rules`` defaults to none: then only the people in scope are counted, as while a
    round is being created. ``eligible_*`` is None when there are no rules.
    """
    rules = list(rules or [])
    party = _party_q()
    aggregates = {
        "party": Count("pk", filter=party),
        "non_party": Count("pk", filter=~party),
    }
    if rules:
        eligible = reduce(operator.or_, (_rule_voter_q(r, scope) for r in rules))
        aggregates["eligible_party"] = Count("pk", filter=party & eligible)
        aggregates["eligible_non_party"] = Count("pk", filter=~party & eligible)
    counts = Person.objects.filter(people_in_scope_q(scope)).aggregate(**aggregates)
    counts.setdefault("eligible_party", None)
    counts.setdefault("eligible_non_party", None)
    return counts


def electorate_problem(*, kind: str, counts: dict) -> str | None:
    """What is wrong with an electorate, as a code: ``no_voters``, ``no_masses``."""
    has_rules = counts["eligible_party"] is not None
    party = counts["eligible_party"] if has_rules else counts["party"]
    non_party = counts["eligible_non_party"] if has_rules else counts["non_party"]
    if kind in MASS_KINDS and not non_party:
        return "no_masses"
    if not (party or non_party):
        return "no_voters"
    return None
