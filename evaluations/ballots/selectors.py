"""Reads of the secret evaluation: who rates whom, turnout, tallies and receipts.

Every function here runs a fixed number of queries whatever the size of the round: the
rules are read once and turned into one ``Q`` on the target table.
"""

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from core.request_cache import memo
from evaluations.models import (
    Ballot,
    Participation,
    QuestionTally,
    Round,
    Slip,
    StagedBallot,
    Target,
    TargetRule,
    TargetTally,
)
from organizations.models import MassMembership, Organization, Person

# ---------------------------------------------------------------------------------------
# Who rates whom


def voter_in_scope(voter: Person, round: Round) -> bool:
    """Whether a person belongs to the round's scope (institute, or a subtree of it)."""
    if voter is None or not voter.is_active or voter.institute_id != round.institute_id:
        return False
    if round.scope_id == round.institute_id:
        return True
    path = round.scope.path
    return any(
        unit is not None and unit.path.startswith(path)
        for unit in (voter.department, voter.branch)
    )


def rule_q(rule: TargetRule, voter: Person) -> Q | None:
    """The targets one rule gives one voter, as a filter on Target (None: nothing)."""
    if not rule.admits(is_party_member=voter.is_party_member):
        return None
    K = TargetRule.Kind
    if rule.kind == K.DEPARTMENT_BRANCHES:
        if not voter.department_id:
            return None
        return Q(
            unit__kind=Organization.Kind.BRANCH,
            unit__department_id=voter.department_id,
        )
    if rule.kind == K.BRANCH_MEMBERS:
        if not (voter.is_party_member and voter.branch_id):
            return None
        return Q(person__branch_id=voter.branch_id) & ~Q(person_id=voter.pk)
    if rule.kind == K.OWN_BRANCH:
        return Q(unit_id=voter.branch_id) if voter.branch_id else None
    if rule.kind == K.MASS_UNITS:
        return Q(
            unit_id__in=MassMembership.objects.filter(person_id=voter.pk).values(
                "unit_id"
            )
        )
    if rule.kind == K.FIXED_UNIT:
        return Q(unit_id=rule.unit_id)
    if rule.kind == K.FIXED_PERSON:
        return Q(person_id=rule.person_id) & ~Q(person_id=voter.pk)
    return None


def slip_rule_q(rule: TargetRule, unit: Organization) -> Q | None:
    """The targets one rule gives a paper slip printed for ``unit`` (a department)."""
    if rule.kind not in TargetRule.SLIP_KINDS or not rule.admits(is_party_member=None):
        return None
    K = TargetRule.Kind
    if rule.kind == K.DEPARTMENT_BRANCHES:
        return Q(unit__kind=Organization.Kind.BRANCH, unit__department_id=unit.pk)
    if rule.kind == K.FIXED_UNIT:
        return Q(unit_id=rule.unit_id)
    return Q(person_id=rule.person_id)


def _any(qs: list[Q]) -> Q | None:
    result = None
    for q in qs:
        if q is not None:
            result = q if result is None else result | q
    return result


def rules_q(rules, voter: Person) -> Q | None:
    """The targets all of a round's rules give one voter, as one filter on Target.

    The same as joining every ``rule_q`` with OR, but the fixed units and fixed people
    of many rules become one ``IN`` each: a round of fifty fixed targets is one
    condition to build and compile, not fifty (this runs twice on every cast).
    """
    K = TargetRule.Kind
    units, people, parts = [], [], []
    for rule in rules:
        if rule.kind == K.FIXED_UNIT and rule.admits(
            is_party_member=voter.is_party_member
        ):
            units.append(rule.unit_id)
        elif rule.kind == K.FIXED_PERSON and rule.admits(
            is_party_member=voter.is_party_member
        ):
            if rule.person_id != voter.pk:
                people.append(rule.person_id)
        else:
            parts.append(rule_q(rule, voter))
    if units:
        parts.append(Q(unit_id__in=units))
    if people:
        parts.append(Q(person_id__in=people))
    return _any(parts)


def eligible_targets(*, round: Round, voter: Person) -> QuerySet[Target]:
    """The targets ``voter`` may rate in ``round`` (two queries: rules, then targets)."""
    if not voter_in_scope(voter, round):
        return Target.objects.none()
    q = rules_q(round.rules.all(), voter)
    if q is None:
        return Target.objects.none()
    return Target.objects.filter(q, round=round)


def slip_targets(*, round: Round, unit: Organization) -> QuerySet[Target]:
    """The targets a paper slip of ``unit`` rates: the rules applied to the unit."""
    q = _any([slip_rule_q(rule, unit) for rule in round.rules.all()])
    if q is None:
        return Target.objects.none()
    return Target.objects.filter(q, round=round)


def voter_targets(*, voter: Person, voted: bool | None = None) -> QuerySet[Target]:
    """Every target of every open round the voter may rate, with a ``voted`` flag.

    Two queries whatever the number of rounds, rules or targets: the rules of the open
    rounds (with their rounds), then the targets (plus the paginator's count). A round
    without rules has no targets.
    """
    rules: dict[int, list[TargetRule]] = {}
    rounds: dict[int, Round] = {}
    for rule in (
        TargetRule.objects.filter(
            round__institute_id=voter.institute_id, round__status=Round.Status.OPEN
        )
        .select_related("round__scope")
        .order_by("round_id", "pk")
    ):
        rounds.setdefault(rule.round_id, rule.round)
        rules.setdefault(rule.round_id, []).append(rule)
    q = None
    for round in rounds.values():
        if not voter_in_scope(voter, round):
            continue
        given = rules_q(rules[round.pk], voter)
        if given is not None:
            part = Q(round_id=round.pk) & given
            q = part if q is None else q | part
    if q is None:
        return Target.objects.none()
    targets = (
        Target.objects.filter(q)
        .select_related("round", "unit", "person")
        .annotate(
            voted=Exists(
                Participation.objects.filter(
                    voter_id=voter.pk,
                    round_id=OuterRef("round_id"),
                    target_id=OuterRef("pk"),
                )
            )
        )
        .order_by("round__closes_on", "round_id", "name", "pk")
    )
    if voted is not None:
        targets = targets.filter(voted=voted)
    return targets


def has_voted(*, round: Round, voter: Person, target: Target) -> bool:
    return Participation.objects.filter(
        round=round, voter=voter, target=target
    ).exists()


# ---------------------------------------------------------------------------------------
# Targets the rules produce (materialised when the round opens)


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


# ---------------------------------------------------------------------------------------
# Turnout (参评率), counted from participation rows and used slips


def _count(qs: QuerySet, group: str, expression) -> Coalesce:
    """A correlated COUNT subquery grouped on ``group`` = the outer row's pk."""
    return Coalesce(
        Subquery(
            qs.filter(**{group: OuterRef("pk")})
            .order_by()
            .values(group)
            .annotate(n=expression)
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def turnout_totals(*, round: Round) -> dict:
    totals = Participation.objects.filter(round=round).aggregate(
        ballots=Count("pk"), voters=Count("voter", distinct=True)
    )
    totals.update(
        Slip.objects.filter(round=round).aggregate(
            slips=Count("pk"), slips_used=Count("pk", filter=Q(used=True))
        )
    )
    totals["staged"] = StagedBallot.objects.filter(round=round).count()
    return totals


def _units_of(round: Round, kind: str) -> QuerySet[Organization]:
    """The round's active units of one kind (departments, branches)."""
    return Organization.objects.filter(
        kind=kind, is_active=True, path__startswith=round.scope.path
    )


def turnout_by_department(*, round: Round) -> QuerySet[Organization]:
    """Departments in scope with staff, voters, has-voted rows, slips and used slips."""
    parts = Participation.objects.filter(round=round)
    slips = Slip.objects.filter(round=round)
    return (
        _units_of(round, Organization.Kind.DEPARTMENT)
        .annotate(
            staff_count=_count(
                Person.objects.filter(is_active=True), "department", Count("pk")
            ),
            voter_count=_count(
                parts, "voter__department", Count("voter", distinct=True)
            ),
            ballot_count=_count(parts, "voter__department", Count("pk")),
            slip_count=_count(slips, "unit", Count("pk")),
            slip_used=_count(slips.filter(used=True), "unit", Count("pk")),
        )
        .order_by("path")
    )


def _slips_by_unit(round: Round) -> list[dict]:
    """Paper slips issued and used per unit (one query per GET request)."""
    return memo(
        ("slips_by_unit", round.pk),
        lambda: list(
            Slip.objects.filter(round=round)
            .values("unit_id")
            .annotate(n=Count("pk"), used=Count("pk", filter=Q(used=True)))
            .order_by()
        ),
    )


def slip_totals(*, round: Round) -> dict:
    """Paper slips of the round, ``issued`` and ``used`` (the sum of every unit's)."""
    rows = _slips_by_unit(round)
    return {
        "issued": sum(r["n"] for r in rows),
        "used": sum(r["used"] for r in rows),
    }


def turnout_departments(*, round: Round) -> list[Organization]:
    """Every department in scope with the figures of ``turnout_by_department``, from one
    grouped query per source: for pages that show all departments at once (the
    per-row subqueries cost ~0.4 ms a department at 300 departments)."""
    departments = list(
        _units_of(round, Organization.Kind.DEPARTMENT)
        # The staff counted with the departments (a join, grouped).
        .annotate(
            staff_count=Count(
                "staff",
                filter=Q(staff__is_active=True, staff__institute_id=round.institute_id),
            )
        )
        .order_by("path")
    )
    votes = {
        row["voter__department_id"]: row
        for row in Participation.objects.filter(round=round)
        .values("voter__department_id")
        .annotate(voters=Count("voter", distinct=True), ballots=Count("pk"))
    }
    slips = {row["unit_id"]: row for row in _slips_by_unit(round)}
    for d in departments:
        d.voter_count = votes.get(d.pk, {}).get("voters", 0)
        d.ballot_count = votes.get(d.pk, {}).get("ballots", 0)
        d.slip_count = slips.get(d.pk, {}).get("n", 0)
        d.slip_used = slips.get(d.pk, {}).get("used", 0)
    return departments


def turnout_by_branch(*, round: Round) -> QuerySet[Organization]:
    """Party branches in scope with members and how many of them have voted."""
    parts = Participation.objects.filter(round=round)
    return (
        _units_of(round, Organization.Kind.BRANCH)
        .annotate(
            member_count=_count(
                Person.objects.filter(
                    is_active=True, political_status__in=Person.PARTY_STATUSES
                ),
                "branch",
                Count("pk"),
            ),
            voter_count=_count(parts, "voter__branch", Count("voter", distinct=True)),
            ballot_count=_count(parts, "voter__branch", Count("pk")),
        )
        .order_by("path")
    )


# ---------------------------------------------------------------------------------------
# Tallies and receipts


def round_tallies(*, round: Round) -> QuerySet[TargetTally]:
    """Stored tallies, each with its question rows (three queries per page)."""
    return (
        TargetTally.objects.filter(round=round)
        .select_related("target")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=QuestionTally.objects.select_related("question"),
            )
        )
        .order_by("withheld", "target__name", "pk")
    )


def receipts(*, round: Round, query: str = "") -> QuerySet:
    """The round's receipt codes in sorted order, optionally those starting with query."""
    rows = Ballot.objects.filter(round=round).order_by("receipt")
    if query:
        rows = rows.filter(receipt__startswith=query)
    return rows.values_list("receipt", flat=True)


def mixing_pending(*, round: Round) -> bool:
    return StagedBallot.objects.filter(round=round).exists()


def rounds_for_office(*, institute_ids) -> QuerySet[Round]:
    """Rounds of these institutes (None: all, for a superuser), newest first."""
    rounds = Round.objects.all()
    if institute_ids is not None:
        rounds = rounds.filter(institute_id__in=institute_ids)
    return (
        rounds.select_related("scope", "campaign")
        .annotate(
            target_count=_count(Target.objects.all(), "round", Count("pk")),
        )
        .order_by("-opens_on", "-pk")
    )


def closed_rounds_for(*, voter: Person) -> QuerySet[Round]:
    """Recently closed rounds of the voter's institute: where to check a receipt."""
    return Round.objects.filter(
        institute_id=voter.institute_id,
        status__in=[Round.Status.CLOSED, Round.Status.TALLIED, Round.Status.PUBLISHED],
    ).order_by("-closes_on", "-pk")


def vote_panel(scope) -> dict | None:
    """Home panel: how many targets of open rounds still wait for this person's rating."""
    if scope.person is None:
        return None
    waiting = voter_targets(voter=scope.person, voted=False).count()
    if not waiting:
        return None
    return {"waiting": waiting}
