"""Findings (督查发现)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.inspections.services.common import (
    A,
    _audit,
    _check_count,
    _stored,
    leading_secretaries,
    unit_secretaries,
)
from evaluations.inspections.services.rounds import inspected_units
from evaluations.models import (
    Finding,
    FindingFile,
    InspectionRound,
    RectificationItem,
    TransitionError,
)
from organizations.models import (
    Notification,
    Organization,
    Person,
)
from organizations.notifications.services import notify


def _check_finding(round: InspectionRound, unit: Organization, links: dict) -> None:
    if round.status != InspectionRound.Status.OPEN:
        raise TransitionError(
            _("Findings are recorded in an open round; open this round first."),
            code="transition",
        )
    if not inspected_units(round.campaign).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Choose a unit this campaign supervises.")})
    for field, obj in links.items():
        if obj is not None and obj.branch_id != unit.pk:
            raise ValidationError(
                {field: _("Choose evidence of the unit this finding concerns.")}
            )


@transaction.atomic
def finding_record(
    *,
    round: InspectionRound,
    unit: Organization,
    kind: str,
    rating: str,
    text: str,
    found_on: datetime.date,
    inspector: Person | None = None,
    by=None,
    record=None,
    meeting=None,
    news=None,
    files: Iterable = (),
    reinspects: RectificationItem | None = None,
) -> Finding:
    """Record an inspection finding (督查发现) on one unit, with its evidence."""
    links = {"record": record, "meeting": meeting, "news": news}
    _check_finding(round, unit, links)
    files = _check_count(files)
    finding = Finding(
        round=round,
        unit=unit,
        kind=kind,
        rating=rating,
        text=text.strip(),
        found_on=found_on,
        inspector=inspector,
        recorded_by=by,
        reinspects=reinspects,
        **links,
    )
    finding.full_clean()
    finding.save()
    for upload in files:
        FindingFile.objects.create(finding=finding, **_stored(upload))
    _audit(A.CREATE, finding, by, round=round.pk, unit=unit.pk, grade=rating, kind=kind)
    _tell_mass_unit(finding)
    return finding


def _tell_mass_unit(finding: Finding) -> None:
    """A finding on a mass-organisation unit goes to its officers and to the
    secretaries of the party organisation leading it (党建带群建)."""
    unit = finding.unit
    if not unit.is_mass:
        return
    notify(
        recipients=[*unit_secretaries(unit), *leading_secretaries(unit)],
        kind=Notification.Kind.COMMENT,
        title=_("Inspection finding on %(unit)s: %(rating)s")
        % {"unit": unit.name, "rating": finding.get_rating_display()},
        body=finding.text[:500],
        url=finding.get_absolute_url(),
        dedupe_key=f"finding-mass:{finding.pk}",
    )


@transaction.atomic
def finding_commend(*, finding: Finding, text: str, by=None) -> Finding:
    """Commend a unit for a good finding (表扬): rewards by result, beside 整改 and 帮助.

    Only a good finding is commended, once; the unit's heads (and, for a mass unit,
    the secretaries of the party organisation leading it) are told.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the unit is commended for.")})
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if locked.rating != Finding.Rating.GOOD:
        raise ValidationError(
            _("Only a finding rated good can lead to a commendation."), code="rating"
        )
    if locked.commended_at is not None:
        raise TransitionError(
            _("This finding has been commended already."), code="commended"
        )
    finding.commendation = text
    finding.commended_at = timezone.now()
    finding.commended_by = by
    finding.save(update_fields=["commendation", "commended_at", "commended_by"])
    _audit(A.TRANSITION, finding, by, commended=True)
    unit = finding.unit
    notify(
        recipients=[*unit_secretaries(unit), *leading_secretaries(unit)],
        kind=Notification.Kind.AWARD,
        title=_("%(unit)s is commended") % {"unit": unit.name},
        body=text[:500],
        url=finding.get_absolute_url(),
        dedupe_key=f"finding-commended:{finding.pk}",
    )
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    kind: str,
    rating: str,
    text: str,
    found_on: datetime.date,
    inspector: Person | None = None,
    by=None,
    record=None,
    meeting=None,
    news=None,
    files: Iterable = (),
) -> Finding:
    """Change a finding of an open round; files already attached stay."""
    links = {"record": record, "meeting": meeting, "news": news}
    _check_finding(finding.round, finding.unit, links)
    files = _check_count(files)
    finding.kind, finding.rating, finding.text = kind, rating, text.strip()
    finding.found_on, finding.inspector = found_on, inspector
    finding.record, finding.meeting, finding.news = record, meeting, news
    finding.full_clean()
    finding.save()
    for upload in files:
        FindingFile.objects.create(finding=finding, **_stored(upload))
    _audit(A.UPDATE, finding, by, grade=rating, kind=kind)
    return finding
