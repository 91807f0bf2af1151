"""Rectification (督促整改) and help (帮助指导)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.inspections.access import (
    can_answer_rectification,
)
from evaluations.inspections.services.common import (
    DEFAULT_DEADLINE_DAYS,
    A,
    _audit,
    _check_count,
    _stored,
    general_secretaries_above,
    leading_secretaries,
    office_people,
    unit_secretaries,
)
from evaluations.inspections.services.findings import finding_record
from evaluations.models import (
    Finding,
    HelpItem,
    InspectionRound,
    RectificationFile,
    RectificationItem,
    RectificationStep,
    TransitionError,
)
from organizations.access import scope_of
from organizations.models import (
    Notification,
    Organization,
    Person,
)
from organizations.notifications.services import notify
from pledges.models import Campaign


def _source(source) -> tuple[str, str, str, Finding | None]:
    """(kind, reference, label, finding) of what gave rise to an item."""
    S = RectificationItem.Source
    if isinstance(source, Finding):
        return S.FINDING, f"finding:{source.pk}", str(source)[:200], source
    if isinstance(source, models.Model):
        ref = f"{source._meta.label_lower}:{source.pk}"
        return S.GRADE, ref[:100], str(source)[:200], None
    if isinstance(source, str) and source in S.values:
        return source, source, "", None
    raise ValueError(f"unknown rectification source {source!r}")


def default_owner(unit: Organization) -> Person | None:
    secretaries = unit_secretaries(unit)
    return secretaries[0] if secretaries else None


def _item_url(item) -> str:
    return reverse("inspections:rectification", args=[item.pk])


def _step(item, action, *, by=None, text="", deadline=None, finding=None):
    return RectificationStep.objects.create(
        item=item, action=action, by=by, text=text, deadline=deadline, finding=finding
    )


@transaction.atomic
def rectification_open(
    *,
    unit: Organization,
    source,
    title: str,
    campaign: Campaign | None = None,
    owner: Person | None = None,
    deadline: datetime.date | None = None,
    evidence_required: str = "",
    text: str = "",
    by=None,
) -> RectificationItem:
    """Open a rectification item (督促整改) for a weak unit.

    ``source`` is what gave rise to it: a poor ``Finding``; any other model instance
    (e.g. a poor grade: stored as its label and ``app.model:pk``); or one of
    ``RectificationItem.Source`` values. ``campaign`` defaults to the finding's, or to
    the source's ``campaign`` attribute. ``owner`` defaults to the unit's secretary,
    ``deadline`` to 30 days from today. Idempotent: the same unit, campaign, source and
    title give back the item already opened.
    """
    kind, ref, label, finding = _source(source)
    if campaign is None:
        campaign = (
            finding.round.campaign
            if finding is not None
            else getattr(source, "campaign", None)
        )
    if campaign is None:
        raise ValueError("rectification_open needs a campaign")
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Say what the unit must rectify.")})
    if finding is not None and finding.unit_id != unit.pk:
        raise ValidationError(
            {"unit": _("The finding concerns another unit.")}, code="unit"
        )
    existing = RectificationItem.objects.filter(
        campaign=campaign, unit=unit, source_ref=ref, title=title
    ).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    deadline = deadline or today + datetime.timedelta(days=DEFAULT_DEADLINE_DAYS)
    if deadline <= today:
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    owner = owner if owner is not None else default_owner(unit)
    item = RectificationItem(
        campaign=campaign,
        unit=unit,
        source=kind,
        source_ref=ref,
        source_label=label,
        finding=finding,
        title=title,
        text=text.strip(),
        evidence_required=evidence_required.strip(),
        owner=owner,
        deadline=deadline,
        opened_by=by,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # opened concurrently
        return RectificationItem.objects.get(
            campaign=campaign, unit=unit, source_ref=ref, title=title
        )
    _step(item, RectificationStep.Action.OPENED, by=by, text=text, deadline=deadline)
    _audit(A.CREATE, item, by, unit=unit.pk, source=ref, deadline=deadline.isoformat())
    recipients = [owner] if owner else unit_secretaries(unit)
    notify(
        recipients=recipients,
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification for %(unit)s: %(title)s")
        % {"unit": unit.name, "title": title},
        body=_("Answer with evidence by %(deadline)s.")
        % {"deadline": deadline.isoformat()},
        url=_item_url(item),
        dedupe_key=f"rectification-open:{item.pk}",
    )
    return item


def _lock(item: RectificationItem) -> RectificationItem:
    locked = RectificationItem.objects.select_for_update().get(pk=item.pk)
    item.status = locked.status
    return item


@transaction.atomic
def rectification_answer(
    *, item: RectificationItem, by, text: str, files: Iterable = ()
) -> RectificationStep:
    """The owner answers an open item with what was done and the evidence."""
    if not can_answer_rectification(scope_of(by), item):
        raise PermissionDenied
    _lock(item).check_transition("answer")
    files = _check_count(files)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the unit has done to rectify.")})
    if item.evidence_required and not files:
        raise ValidationError(
            {"files": _("This item asks for evidence: attach at least one file.")}
        )
    stored = [_stored(upload) for upload in files]
    now = timezone.now()
    item.status = RectificationItem.Status.ANSWERED
    item.answered_at = now
    item.save(update_fields=["status", "answered_at", "updated_at"])
    step = _step(item, RectificationStep.Action.ANSWERED, by=by, text=text)
    for fields in stored:
        RectificationFile.objects.create(step=step, **fields)
    _audit(A.TRANSITION, item, by, status=item.status, files=len(stored))
    notify(
        recipients=office_people(item.campaign),
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification answered: %(unit)s, %(title)s")
        % {"unit": item.unit.name, "title": item.title},
        body=_("Re-inspect it to close it."),
        url=_item_url(item),
        dedupe_key=f"rectification-answered:{item.pk}:{step.pk}",
    )
    return step


@transaction.atomic
def rectification_close(
    *, item: RectificationItem, finding: Finding, by=None
) -> RectificationItem:
    """Close an answered item by the re-inspection finding that saw it put right."""
    _lock(item).check_transition("close")
    if finding.unit_id != item.unit_id:
        raise ValidationError(
            _("The re-inspection must concern the item's own unit."), code="unit"
        )
    if finding.rating == Finding.Rating.POOR:
        raise ValidationError(
            _("A poor re-inspection cannot close the item; re-open it instead."),
            code="poor",
        )
    item.status = RectificationItem.Status.CLOSED
    item.closed_at = timezone.now()
    item.closed_by_finding = finding
    item.save(update_fields=["status", "closed_at", "closed_by_finding", "updated_at"])
    _step(item, RectificationStep.Action.CLOSED, by=by, finding=finding)
    _audit(A.TRANSITION, item, by, status=item.status, finding=finding.pk)
    notify(
        recipients=[item.owner] if item.owner else unit_secretaries(item.unit),
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification closed: %(title)s") % {"title": item.title},
        url=_item_url(item),
        dedupe_key=f"rectification-closed:{item.pk}:{finding.pk}",
    )
    return item


@transaction.atomic
def rectification_reopen(
    *,
    item: RectificationItem,
    by=None,
    reason: str,
    deadline: datetime.date,
    finding: Finding | None = None,
) -> RectificationItem:
    """Re-open an answered or closed item with a new deadline (escalation re-arms)."""
    _lock(item).check_transition("reopen")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is re-opened.")})
    if deadline is None or deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    item.status = RectificationItem.Status.OPEN
    item.deadline = deadline
    item.escalated_at = None
    item.closed_at = None
    item.closed_by_finding = None
    item.save(
        update_fields=[
            "status",
            "deadline",
            "escalated_at",
            "closed_at",
            "closed_by_finding",
            "updated_at",
        ]
    )
    step = _step(
        item,
        RectificationStep.Action.REOPENED,
        by=by,
        text=reason,
        deadline=deadline,
        finding=finding,
    )
    _audit(A.TRANSITION, item, by, status=item.status, deadline=deadline.isoformat())
    notify(
        recipients=[item.owner] if item.owner else unit_secretaries(item.unit),
        kind=Notification.Kind.RECTIFICATION,
        title=_("Rectification re-opened: %(title)s") % {"title": item.title},
        body=_("New deadline: %(deadline)s. %(reason)s")
        % {"deadline": deadline.isoformat(), "reason": reason},
        url=_item_url(item),
        dedupe_key=f"rectification-reopened:{item.pk}:{step.pk}",
    )
    return item


@transaction.atomic
def rectification_reinspect(
    *,
    item: RectificationItem,
    by,
    round: InspectionRound,
    kind: str,
    rating: str,
    text: str,
    found_on: datetime.date,
    inspector: Person | None = None,
    deadline: datetime.date | None = None,
    files: Iterable = (),
) -> Finding:
    """Re-inspect an answered item: a finding that closes it, or (poor) re-opens it."""
    _lock(item).check_transition("close")
    if round.campaign_id != item.campaign_id:
        raise ValidationError(
            {"round": _("Choose an inspection round of the item's campaign.")}
        )
    if rating == Finding.Rating.POOR and deadline is None:
        raise ValidationError(
            {
                "deadline": _(
                    "A poor re-inspection re-opens the item: set a new deadline."
                )
            }
        )
    if rating == Finding.Rating.POOR and deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must be after today.")})
    finding = finding_record(
        round=round,
        unit=item.unit,
        kind=kind,
        rating=rating,
        text=text,
        found_on=found_on,
        inspector=inspector,
        by=by,
        files=files,
        reinspects=item,
    )
    if rating == Finding.Rating.POOR:
        rectification_reopen(
            item=item, by=by, reason=text, deadline=deadline, finding=finding
        )
    else:
        rectification_close(item=item, finding=finding, by=by)
    return finding


def overdue_items(*, today: datetime.date):
    return RectificationItem.objects.filter(
        status=RectificationItem.Status.OPEN, deadline__lt=today
    )


def rectification_escalate_overdue(*, today: datetime.date) -> int:
    """Escalate each open item past its deadline, once, to the general branch and office.

    Returns how many were escalated now. An item escalated before (``escalated_at``) is
    left alone; a conditional update claims each item, so two ticks at once escalate it
    once. Re-opening with a new deadline re-arms the escalation.
    """
    count = 0
    candidates = list(
        overdue_items(today=today)
        .filter(escalated_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for pk in candidates:
        with transaction.atomic():
            claimed = RectificationItem.objects.filter(
                pk=pk,
                status=RectificationItem.Status.OPEN,
                escalated_at__isnull=True,
                deadline__lt=today,
            ).update(escalated_at=timezone.now())
            if not claimed:
                continue
            item = RectificationItem.objects.select_related(
                "unit", "campaign", "campaign__scope", "owner"
            ).get(pk=pk)
            _step(
                item,
                RectificationStep.Action.ESCALATED,
                deadline=item.deadline,
                text=_("Overdue since %(deadline)s.")
                % {"deadline": item.deadline.isoformat()},
            )
            _audit(
                A.TRANSITION,
                item,
                None,
                escalated=True,
                deadline=item.deadline.isoformat(),
            )
            recipients = (
                general_secretaries_above(item.unit)
                + leading_secretaries(item.unit)
                + office_people(item.campaign)
            )
            notify(
                recipients=recipients,
                kind=Notification.Kind.ESCALATION,
                title=_("Overdue rectification: %(unit)s, %(title)s")
                % {"unit": item.unit.name, "title": item.title},
                body=_("The deadline was %(deadline)s; the item is still open.")
                % {"deadline": item.deadline.isoformat()},
                url=_item_url(item),
                dedupe_key=f"rectification-overdue:{item.pk}:{item.deadline.isoformat()}",
            )
            count += 1
    return count


def open_rectification_units(*, campaign: Campaign) -> set[int]:
    """Ids of units with a rectification item of the campaign not yet closed."""
    return set(
        RectificationItem.objects.filter(campaign=campaign)
        .exclude(status=RectificationItem.Status.CLOSED)
        .values_list("unit_id", flat=True)
        .distinct()
    )


@transaction.atomic
def help_item_create(
    *,
    unit: Organization,
    what: str,
    helper: Person,
    campaign: Campaign | None = None,
    finding: Finding | None = None,
    due_on: datetime.date | None = None,
    by=None,
) -> HelpItem:
    """Plan help and guidance (帮助指导) for an average unit."""
    if campaign is None and finding is not None:
        campaign = finding.round.campaign
    if campaign is None:
        raise ValueError("help_item_create needs a campaign")
    if finding is not None and finding.unit_id != unit.pk:
        raise ValidationError({"unit": _("The finding concerns another unit.")})
    what = (what or "").strip()
    if not what:
        raise ValidationError({"what": _("Say what help the unit gets.")})
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The date lies in the past.")})
    item = HelpItem.objects.create(
        campaign=campaign,
        unit=unit,
        finding=finding,
        what=what,
        helper=helper,
        due_on=due_on,
        created_by=by,
    )
    _audit(A.CREATE, item, by, unit=unit.pk, helper=helper.pk)
    notify(
        recipients=[helper, *unit_secretaries(unit)],
        kind=Notification.Kind.COMMENT,
        title=_("Help and guidance for %(unit)s") % {"unit": unit.name},
        body=what[:500],
        url=reverse("inspections:help_item", args=[item.pk]),
        dedupe_key=f"help-item:{item.pk}",
    )
    return item


@transaction.atomic
def help_item_move(
    *, item: HelpItem, status: str, outcome: str = "", by=None
) -> HelpItem:
    """Move a help item on: planned → under way → done (with its outcome)."""
    locked = HelpItem.objects.select_for_update().get(pk=item.pk)
    item.status = locked.status
    if not item.can_move_to(status):
        raise TransitionError(
            _("This help item is %(status)s; it cannot move to %(target)s.")
            % {
                "status": item.get_status_display(),
                "target": HelpItem.Status(status).label
                if status in HelpItem.Status.values
                else status,
            },
            code="transition",
        )
    outcome = (outcome or "").strip()
    if status == HelpItem.Status.DONE and not outcome:
        raise ValidationError({"outcome": _("Say what the help achieved.")})
    item.status = status
    fields = ["status"]
    if status == HelpItem.Status.DONE:
        item.outcome, item.done_at = outcome, timezone.now()
        fields += ["outcome", "done_at"]
    item.save(update_fields=fields)
    _audit(A.TRANSITION, item, by, status=status)
    return item
