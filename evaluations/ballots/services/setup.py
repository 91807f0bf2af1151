"""Setting a round up."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.ballots import selectors
from evaluations.ballots.services.common import _audit, _today
from evaluations.models import Question, Round, Target, TargetRule, TransitionError
from organizations.audit import AuditEvent
from organizations.models import Organization, Person


def _check_draft(round: Round) -> None:
    if round.status != Round.Status.DRAFT:
        raise TransitionError(
            _("Rules and questions can only change while the round is a draft."),
            code="not_draft",
        )


def _check_scope(round: Round, unit: Organization | None) -> None:
    if unit is not None and not unit.path.startswith(round.scope.path):
        raise ValidationError(
            _("%(name)s is outside the scope of this round.") % {"name": unit.name},
            code="out_of_scope",
        )


@transaction.atomic
def round_create(
    *,
    scope: Organization,
    kind: str,
    title: str,
    opens_on: date,
    closes_on: date,
    k: int = 5,
    year: int | None = None,
    campaign=None,
    instructions: str = "",
    created_by=None,
) -> Round:
    """Create a draft evaluation round (评议轮次) for a scope node."""
    if scope.institute_id is None:
        raise ValidationError(
            _("A round is held for an institute or a unit inside one."),
            code="no_institute",
        )
    if campaign is not None and campaign.scope.institute_id != scope.institute_id:
        raise ValidationError(
            {"campaign": _("This campaign belongs to another institute.")}
        )
    round = Round(
        scope=scope,
        institute_id=scope.institute_id,
        campaign=campaign,
        kind=kind,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        k=k,
        year=year or opens_on.year,
        instructions=instructions,
        created_by=created_by,
    )
    round.full_clean(exclude=["institute"])
    round.save()
    _audit(AuditEvent.Action.CREATE, created_by, round, kind=kind)
    return round


EDITABLE_WHEN_OPEN = {"title", "instructions", "closes_on"}


@transaction.atomic
def round_update(*, round: Round, by=None, **fields) -> Round:
    """Change a round: anything while a draft; title, instructions and end while open."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    allowed = (
        set(fields)
        if round.is_draft
        else EDITABLE_WHEN_OPEN
        if round.is_open
        else set()
    )
    changed = {
        name: value for name, value in fields.items() if getattr(round, name) != value
    }
    refused = set(changed) - allowed
    if refused:
        raise TransitionError(
            _("This field can no longer change: the round is %(status)s.")
            % {"status": round.get_status_display()},
            code="frozen",
        )
    campaign = changed.get("campaign")
    if campaign is not None and campaign.scope.institute_id != round.institute_id:
        raise ValidationError(
            {"campaign": _("This campaign belongs to another institute.")}
        )
    if "closes_on" in changed and round.is_open and changed["closes_on"] < _today():
        raise ValidationError(
            {"closes_on": _("An open round cannot close in the past.")}
        )
    scope = changed.get("scope")
    if scope is not None and scope.institute_id != round.institute_id:
        raise ValidationError({"scope": _("This unit is in another institute.")})
    for name, value in changed.items():
        setattr(round, name, value)
    round.full_clean(exclude=["institute"])
    round.save()
    if "scope" in changed:
        round_targets_sync(round=round)
    if changed:
        _audit(AuditEvent.Action.UPDATE, by, round, fields=",".join(sorted(changed)))
    return round


@transaction.atomic
def rule_add(
    *,
    round: Round,
    kind: str,
    voters: str = TargetRule.Voters.EVERYONE,
    unit: Organization | None = None,
    person: Person | None = None,
    by=None,
) -> TargetRule:
    """Add a rule of who rates whom (评议关系) and refresh the draft's targets."""
    _check_draft(round)
    K = TargetRule.Kind
    if kind == K.FIXED_UNIT and unit is None:
        raise ValidationError({"unit": _("Choose the unit everyone rates.")})
    if kind == K.FIXED_PERSON and person is None:
        raise ValidationError({"person": _("Choose the person everyone rates.")})
    if kind != K.FIXED_UNIT:
        unit = None
    if kind != K.FIXED_PERSON:
        person = None
    _check_scope(round, unit)
    if person is not None and (
        person.institute_id != round.institute_id or not person.is_active
    ):
        raise ValidationError(
            {"person": _("This person is not in service in this institute.")}
        )
    if kind == K.BRANCH_MEMBERS:
        voters = TargetRule.Voters.PARTY
    rule = TargetRule(round=round, kind=kind, voters=voters, unit=unit, person=person)
    rule.full_clean()
    rule.save()
    round_targets_sync(round=round)
    _audit(AuditEvent.Action.UPDATE, by, round, rule_added=kind)
    return rule


@transaction.atomic
def rule_remove(*, rule: TargetRule, by=None) -> None:
    _check_draft(rule.round)
    round = rule.round
    kind = rule.kind
    rule.delete()
    round_targets_sync(round=round)
    _audit(AuditEvent.Action.UPDATE, by, round, rule_removed=kind)


@transaction.atomic
def round_targets_sync(*, round: Round) -> int:
    """Make the draft's targets those its rules name; returns how many there are."""
    _check_draft(round)
    specs = selectors.rule_target_specs(round=round)
    existing = {
        ("unit" if t.unit_id else "person", t.unit_id or t.person_id): t
        for t in Target.objects.filter(round=round)
    }
    stale = [t.pk for key, t in existing.items() if key not in specs]
    if stale:
        Target.objects.filter(pk__in=stale).delete()
    new = []
    for (kind, pk), name in specs.items():
        current = existing.get((kind, pk))
        if current is None:
            new.append(
                Target(
                    round=round,
                    unit_id=pk if kind == "unit" else None,
                    person_id=pk if kind == "person" else None,
                    name=name[:150],
                )
            )
        elif current.name != name[:150]:
            current.name = name[:150]
            current.save(update_fields=["name"])
    Target.objects.bulk_create(new, batch_size=500)
    return len(specs)


@transaction.atomic
def question_add(
    *, round: Round, code: str, text: str, order: int = 0, section: str = "", by=None
) -> Question:
    """Add a question (测评项) to the draft's questionnaire."""
    _check_draft(round)
    question = Question(
        round=round,
        code=code.strip(),
        text=text.strip(),
        order=order,
        section=section.strip(),
    )
    question.full_clean()
    question.save()
    _audit(AuditEvent.Action.UPDATE, by, round, question_added=question.code)
    return question


@transaction.atomic
def question_update(
    *, question: Question, code: str, text: str, order: int, section: str = "", by=None
) -> None:
    _check_draft(question.round)
    question.code, question.text, question.order = code.strip(), text.strip(), order
    question.section = section.strip()
    question.full_clean()
    question.save()
    _audit(AuditEvent.Action.UPDATE, by, question.round, question_changed=question.code)


@transaction.atomic
def question_remove(*, question: Question, by=None) -> None:
    _check_draft(question.round)
    code = question.code
    question.delete()
    _audit(AuditEvent.Action.UPDATE, by, question.round, question_removed=code)


def _questionnaire_lines(criteria) -> list[tuple[object, str]]:
    """Criteria as (criterion, section): an item with sub-items heads them, unrated.

    ``criteria`` may carry ``parent_id`` (a criteria set's 1 → 1.1, 1.2); an item with
    sub-items becomes the section its sub-items are shown under, so a voter rates
    each point once, not the item and again its parts.
    """
    criteria = list(criteria)
    children: dict[int, list] = {}
    for criterion in criteria:
        parent_id = getattr(criterion, "parent_id", None)
        if parent_id is not None:
            children.setdefault(parent_id, []).append(criterion)
    known = {getattr(c, "pk", None) for c in criteria}
    lines = []
    for criterion in criteria:
        parent_id = getattr(criterion, "parent_id", None)
        if parent_id is not None and parent_id in known:
            continue  # listed under its item
        subs = children.get(getattr(criterion, "pk", None), [])
        if not subs:
            lines.append((criterion, ""))
            continue
        section = f"{criterion.code} {criterion.name}"
        lines.extend((sub, section) for sub in subs)
    return lines


@transaction.atomic
def questions_copy(*, round: Round, criteria, by=None) -> int:
    """Copy criteria (评价项, e.g. of a pledges criteria set) in as questions.

    ``criteria`` is any iterable of objects with ``code`` and ``name`` (and ``order``,
    ``pk`` and ``parent_id``), items before their sub-items; an item with sub-items
    becomes their section heading. Codes already present are skipped. Returns how
    many were added.
    """
    _check_draft(round)
    taken = set(round.questions.values_list("code", flat=True))
    start = (
        round.questions.order_by("-order").values_list("order", flat=True)[:1] or [0]
    )[0]
    added = 0
    for criterion, section in _questionnaire_lines(criteria):
        code = str(criterion.code)[:20]
        if code in taken:
            continue
        added += 1
        Question.objects.create(
            round=round,
            code=code,
            text=str(criterion.name)[:300],
            order=start + added,
            section=section[:300],
        )
        taken.add(code)
    _audit(AuditEvent.Action.UPDATE, by, round, questions_copied=added)
    return added
