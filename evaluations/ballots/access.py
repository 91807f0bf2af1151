"""Who may see and run evaluation rounds, built on ``organizations.access.Scope``.

- the activity office of the round's institute runs it (create, rules, questions,
  open / close, slips) and reads turnout and tallies;
- the leading group of the institute reads the round, its turnout and its tallies;
- every person in the round's scope votes on the targets the rules give them and, once
  the round is closed, reads the published receipt list;
- anyone else in the institute gets a 403 on the office pages; anyone outside it a 404.
"""

import threading
import time

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import rows, versioned_cache
from evaluations.ballots import selectors
from evaluations.models import Question, Round, Target, TargetRule
from organizations.access import Scope, scope_of
from organizations.campaign_office import institute_office_ids
from organizations.models import Role


def office_institute_ids(scope: Scope) -> set[int]:
    """Institutes whose own office the user is in: an academy's office runs and reads
    no institute's ballots (``organizations.campaign_office``)."""
    return institute_office_ids(scope)


def leader_institute_ids(scope: Scope) -> set[int]:
    return {role.node.institute_id for role in scope.roles_of(Role.Kind.LEADER)}


def can_run(scope: Scope, round: Round) -> bool:
    """The office of the round's institute (or a superuser)."""
    return scope.is_superuser or round.institute_id in office_institute_ids(scope)


def can_read_results(scope: Scope, round: Round) -> bool:
    """Office and leading group of the institute: turnout and tallies."""
    return can_run(scope, round) or round.institute_id in leader_institute_ids(scope)


def is_voter(scope: Scope, round: Round) -> bool:
    return (
        scope.person is not None
        and not round.is_draft
        and selectors.voter_in_scope(scope.person, round)
    )


def _in_institute(scope: Scope, round: Round) -> bool:
    return scope.is_superuser or (
        scope.person is not None and scope.person.institute_id == round.institute_id
    )


def _load(pk: int, *prefetch: str) -> Round:
    round = (
        Round.objects.select_related("scope", "institute", "campaign")
        .prefetch_related(*prefetch)
        .filter(pk=pk)
        .first()
    )
    if round is None:
        raise Http404
    return round


def can_open_round(scope: Scope, round: Round) -> bool:
    """Whether the round's page opens for the user (the rule of ``get_round_for``):
    links to it are shown only then."""
    return _in_institute(scope, round) and can_read_results(scope, round)


def get_round_for(user, pk: int, *, write: bool = False) -> Round:
    """The round for its office and leaders (write: office only, 403 for leaders)."""
    scope = scope_of(user)
    round = _load(pk)
    if not _in_institute(scope, round):
        raise Http404
    if write:
        if not can_run(scope, round):
            raise PermissionDenied
    elif not can_open_round(scope, round):
        raise PermissionDenied
    return round


def get_round_for_voter(user, pk: int) -> Round:
    """A round the user votes in or reads the results of (receipt list)."""
    scope = scope_of(user)
    round = _load(pk)
    if not _in_institute(scope, round):
        raise Http404
    if not (is_voter(scope, round) or can_read_results(scope, round)):
        raise PermissionDenied
    return round


# Rules and questions of open rounds, per process: they cannot change while a round is
# open (the services refuse), so a cast need not read them again. An entry holds the
# versioned cache's figures version it was read under: taking a round back to draft
# and correcting its rules writes rule rows, which bumps that version, so no process
# goes on with the old rules. Kept a minute at most besides (an edit from the shell).
_FROZEN_SECONDS = 60
_frozen: dict[int, tuple[float, tuple, list, list]] = {}
_frozen_lock = threading.Lock()


def _with_frozen_parts(round: Round) -> Round:
    """Attach the open round's rules and questions as if prefetched (cached)."""
    now = time.monotonic()
    version = versioned_cache.versions(versioned_cache.FIGURES, round.institute_id)
    with _frozen_lock:
        cached = _frozen.get(round.pk)
    if cached is None or cached[0] < now or cached[1] != version:
        rules = list(TargetRule.objects.filter(round_id=round.pk).order_by("pk"))
        questions = list(round.questions.all())
        cached = (now + _FROZEN_SECONDS, version, rules, questions)
        with _frozen_lock:
            if len(_frozen) > 100:
                _frozen.clear()
            _frozen[round.pk] = cached
    _expires, _version, rules, questions = cached
    round._prefetched_objects_cache = {
        "rules": _filled(TargetRule.objects.filter(round_id=round.pk), rules),
        "questions": _filled(Question.objects.filter(round_id=round.pk), questions),
    }
    return round


def _filled(queryset, rows):
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


def get_target_for_voter(user, round_pk: int, target_pk: int) -> tuple[Round, Target]:
    """An open round and a target the user may rate in it; 404 for anything else.

    The target comes back marked as checked for this voter (``checked_voter_id``), so
    that ``ballot_cast`` need not run the same eligibility query again.
    """
    scope = scope_of(user)
    if scope.person is None:
        raise PermissionDenied
    # The scope is all a voter's checks read (voter_in_scope); the ballot form and the
    # cast use the round's own fields only.
    round = rows.by_pk(  # compiled once per process (core.rows)
        "ballot_round", lambda: Round.objects.select_related("scope"), round_pk
    )
    if round is None or not _in_institute(scope, round) or not round.is_open:
        raise Http404
    # The rules and questions come along: the eligibility checks and the form use them.
    _with_frozen_parts(round)
    target = selectors.eligible_target(
        round=round, voter=scope.person, target_pk=target_pk
    )
    if target is None:
        raise Http404
    target.checked_voter_id = scope.person.pk
    return round, target


def require_voter(user) -> Scope:
    """Anyone with a person record (职工) may open the voting pages."""
    scope = scope_of(user)
    if scope.person is None:
        raise PermissionDenied
    return scope


def require_round_office(user) -> Scope:
    """Office or leading-group members: the round list."""
    scope = scope_of(user)
    if not (scope.is_superuser or scope.is_office or scope.is_leader):
        raise PermissionDenied
    return scope


def readable_institute_ids(scope: Scope) -> set[int] | None:
    """Institutes whose rounds the round list shows (None: all, for a superuser)."""
    if scope.is_superuser:
        return None
    return office_institute_ids(scope) | leader_institute_ids(scope)
