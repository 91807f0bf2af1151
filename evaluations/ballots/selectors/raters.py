"""Who rates whom."""

from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from core import rows, versioned_cache
from evaluations.models import Participation, Round, SlipIssue, Target, TargetRule
from organizations.models import MassMembership, Organization, Person


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


#: Stand-in keys of the queries below, compiled once per process (no row has them).
_ANY_TARGET, _ANY_ROUND, _ANY_VOTER = -7_150_004, -7_150_005, -7_150_006


def eligible_target(*, round: Round, voter: Person, target_pk) -> Target | None:
    """``eligible_targets(round=round, voter=voter).filter(pk=target_pk).first()``:
    the target if ``voter`` may rate it in ``round``, else None (every ballot page
    and cast asks it). The query is compiled once per process for each round, its
    rules as they are, and shape of voter (:class:`StandIn`: party status, whether
    they have a department and a branch), then run with the voter's keys: compiling
    the eligibility filter was a tenth of the ballot page. A rule that names the
    voter (left out of their own targets) shares no shape: the queryset itself."""
    if not voter_in_scope(voter, round):
        return None
    rules = list(round.rules.all())
    K = TargetRule.Kind
    if any(r.kind == K.FIXED_PERSON and r.person_id == voter.pk for r in rules):
        return eligible_targets(round=round, voter=voter).filter(pk=target_pk).first()
    stand_in = StandIn(voter)
    key = (
        "eligible_target",
        round.pk,
        # What each rule is, not only which: a rule changed in place is another query.
        tuple((r.pk, r.kind, r.voters, r.unit_id, r.person_id) for r in rules),
        voter.is_party_member,
        bool(voter.department_id),
        bool(voter.branch_id),
    )
    found = rows.instances(
        key,
        lambda: (
            eligible_targets(round=round, voter=stand_in)
            .filter(pk=_ANY_TARGET)
            .order_by("pk")[:1]
        ),
        {**StandIn.keys_of(voter), _ANY_TARGET: int(target_pk)},
    )
    return found[0] if found else None


def slip_targets(*, round: Round, unit: Organization) -> QuerySet[Target]:
    """The targets a paper slip of ``unit`` rates: the rules applied to the unit."""
    q = _any([slip_rule_q(rule, unit) for rule in round.rules.all()])
    if q is None:
        return Target.objects.none()
    return Target.objects.filter(q, round=round)


def slip_people(*, round: Round, unit: Organization) -> QuerySet[Person]:
    """Who may be given a paper slip of ``unit``: its active staff in the round's scope
    without an account, who have not voted online and hold no slip of the round yet.

    Where a slip rule is for staff outside the party, party members get no slip (a
    slip does not know its holder's party status)."""
    people = (
        Person.objects.filter(
            is_active=True,
            institute_id=round.institute_id,
            department_id=unit.pk,
            user__isnull=True,
        )
        .exclude(
            Exists(
                SlipIssue.objects.filter(round_id=round.pk, person_id=OuterRef("pk"))
            )
        )
        .exclude(
            Exists(
                Participation.objects.filter(round_id=round.pk, voter_id=OuterRef("pk"))
            )
        )
    )
    if any(
        rule.kind in TargetRule.SLIP_KINDS
        and rule.voters == TargetRule.Voters.NON_PARTY
        for rule in round.rules.all()
    ):
        people = people.exclude(political_status__in=Person.PARTY_STATUSES)
    return people


class _OpenRule(NamedTuple):
    """What :func:`voter_targets_q` reads of a rule of an open round and of its round:
    plain values, cheap to keep in the cache and to read back (the rules as model
    instances, each with its round and scope, cost every home page 150 unpicklings)."""

    kind: str
    voters: str
    unit_id: int | None
    person_id: int | None
    round_id: int
    round: "_OpenRound"

    Voters = TargetRule.Voters
    admits = TargetRule.admits


class _OpenScope(NamedTuple):
    path: str


class _OpenRound(NamedTuple):
    pk: int
    institute_id: int
    scope_id: int
    scope: _OpenScope


def open_rules(institute_id: int) -> list[_OpenRule]:
    """The rules of the institute's open rounds, with their rounds and scopes: the
    same for every voter, kept in the versioned cache until a round or rule changes."""

    def compute() -> list[tuple]:
        return list(
            TargetRule.objects.filter(
                round__institute_id=institute_id, round__status=Round.Status.OPEN
            )
            .order_by("round_id", "pk")
            .values_list(
                "kind",
                "voters",
                "unit_id",
                "person_id",
                "round_id",
                "round__institute_id",
                "round__scope_id",
                "round__scope__path",
            )
        )

    found = versioned_cache.get_or_compute(
        versioned_cache.FIGURES, institute_id, ("open_target_rules", 2), compute
    )
    rounds: dict[int, _OpenRound] = {}
    rules = []
    for kind, voters, unit_id, person_id, pk, inst, scope_id, path in found:
        round = rounds.get(pk)
        if round is None:
            round = rounds[pk] = _OpenRound(pk, inst, scope_id, _OpenScope(path))
        rules.append(_OpenRule(kind, voters, unit_id, person_id, pk, round))
    return rules


def voter_targets_q(voter: Person) -> Q | None:
    """The targets of every open round the voter may rate, as a filter on Target
    (None: none)."""
    rules: dict[int, list[_OpenRule]] = {}
    rounds: dict[int, _OpenRound] = {}
    for rule in open_rules(voter.institute_id):
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
    return q


def voted_q(voter: Person) -> Exists:
    """Whether the voter has rated the target (an expression over Target)."""
    return Exists(
        Participation.objects.filter(
            voter_id=voter.pk, round_id=OuterRef("round_id"), target_id=OuterRef("pk")
        )
    )


def voter_targets(*, voter: Person, voted: bool | None = None) -> QuerySet[Target]:
    """Every target of every open round the voter may rate, with a ``voted`` flag.

    Two queries whatever the number of rounds, rules or targets: the rules of the open
    rounds (with their rounds; cached, :func:`open_rules`), then the targets (plus the
    paginator's count). A round without rules has no targets.
    """
    q = voter_targets_q(voter)
    # Nothing to rate: still the same columns (no query runs for none()).
    targets = Target.objects.filter(q) if q is not None else Target.objects.none()
    targets = (
        targets.select_related("round")
        .annotate(voted=voted_q(voter))
        .order_by("round__closes_on", "round_id", "name", "pk")
    )
    if voted is not None:
        targets = targets.filter(voted=voted)
    return targets


def has_voted(*, round: Round, voter: Person, target: Target) -> bool:
    """Whether the voter's has-voted row for the target is there (``Participation
    .objects.filter(round=round, voter=voter, target=target).exists()``, compiled
    once per process)."""
    from django.db import connection

    sql, params = rows.compiled(
        "has_voted",
        lambda: (
            Participation.objects.filter(
                round_id=_ANY_ROUND, voter_id=_ANY_VOTER, target_id=_ANY_TARGET
            )
            .values("pk")[:1]
            .query.sql_with_params()
        ),
    )
    keys = {_ANY_ROUND: round.pk, _ANY_VOTER: voter.pk, _ANY_TARGET: target.pk}
    with connection.cursor() as cursor:
        cursor.execute(sql, rows.with_keys(params, keys))
        return cursor.fetchone() is not None


class StandIn:
    """A voter that :func:`voter_targets_q` and :func:`voted_q` read as the real
    one, but with stand-in keys (negative: no row has them); whether it is in a
    round's scope is the real voter's (its department and branch are read only when
    a round asks). A query built for it is compiled once per process for every voter
    of the same shape (:func:`voter_shape`) and run with :meth:`keys_of` the real
    voter in place of the stand-ins (``core.rows``)."""

    VOTER, DEPARTMENT, BRANCH = -7_150_001, -7_150_002, -7_150_003

    def __init__(self, voter: Person):
        self._voter = voter
        self.pk = self.VOTER
        self.institute_id = voter.institute_id
        self.is_active = voter.is_active
        self.is_party_member = voter.is_party_member
        self.department_id = self.DEPARTMENT if voter.department_id else None
        self.branch_id = self.BRANCH if voter.branch_id else None

    @property
    def department(self):
        return self._voter.department

    @property
    def branch(self):
        return self._voter.branch

    @classmethod
    def keys_of(cls, voter: Person) -> dict[int, object]:
        return {
            cls.VOTER: voter.pk,
            cls.DEPARTMENT: voter.department_id,
            cls.BRANCH: voter.branch_id,
        }


def voter_shape(voter: Person) -> tuple | None:
    """What the voter's targets query depends on besides the voter's keys: the open
    rounds' rules, the rounds whose scope holds the voter, party status, whether they
    have a department and a branch. None where no shape is shared: a rule names the
    voter (one's own name is left out of the rules' list)."""
    rules = open_rules(voter.institute_id)
    K = TargetRule.Kind
    if any(r.kind == K.FIXED_PERSON and r.person_id == voter.pk for r in rules):
        return None
    rounds = {rule.round_id: rule.round for rule in rules}
    return (
        tuple(rules),
        tuple(pk for pk, r in rounds.items() if voter_in_scope(voter, r)),
        voter.is_party_member,
        bool(voter.department_id),
        bool(voter.branch_id),
    )


class VoterTargetRows:
    """The vote list's rows for the paginator: ``voter_targets(voter, voted)`` as
    ``values(*fields, **expressions)``. Its count and each page are queries compiled
    once per process for each shape of voter (:class:`StandIn`; compiling the
    voter's filter, its annotation and the count was a third of the list) and run
    with the voter's keys; where no shape is shared, the queryset itself."""

    def __init__(self, voter: Person, voted: bool | None, *fields, **expressions):
        self.voter, self.voted = voter, voted
        self.fields, self.expressions = fields, expressions
        self.shape = voter_shape(voter)

    def _rows(self, voter) -> QuerySet:
        return voter_targets(voter=voter, voted=self.voted).values(
            *self.fields, **self.expressions
        )

    def _key(self, *more) -> tuple:
        return ("vote_list", self.voted, self.fields, tuple(self.expressions), *more)

    def count(self) -> int:
        if self.shape is None:
            return self._rows(self.voter).count()
        from django.db import connection

        def build():
            stand_in = StandIn(self.voter)
            if voter_targets_q(stand_in) is None:
                return None
            inner, params = (
                self._rows(stand_in).order_by().values("pk").query.sql_with_params()
            )
            # The text is Django's compiled query: no value goes into it.
            return f"SELECT COUNT(*) FROM ({inner}) t", list(params)  # noqa: S608  # nosec B608: compiled by Django

        compiled = rows.compiled(self._key("count", *self.shape), build)
        if compiled is None:
            return 0
        sql, params = compiled
        with connection.cursor() as cursor:
            cursor.execute(sql, rows.with_keys(params, StandIn.keys_of(self.voter)))
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if self.shape is None or not isinstance(index, slice):
            return self._rows(self.voter)[index]
        stand_in = StandIn(self.voter)
        if voter_targets_q(stand_in) is None:
            return []
        return rows.values(
            self._key(index.start, index.stop, index.step, *self.shape),
            lambda: self._rows(stand_in)[index],
            StandIn.keys_of(self.voter),
        )
