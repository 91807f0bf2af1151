"""Findings (督查发现)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.inspections.services.common import A, _audit, _check_count, _stored
from evaluations.inspections.services.rounds import inspected_units
from evaluations.models import (
    Finding,
    FindingFile,
    InspectionRound,
    RectificationItem,
    TransitionError,
)
from organizations.models import (
    Organization,
    Person,
)


def _check_finding(round: InspectionRound, unit: Organization, links: dict) -> None:
    if round.status != InspectionRound.Status.OPEN:
        raise TransitionError(
            _("Findings are recorded in an open round; open this round first."),
            code="transition",
        )
    if not inspected_units(round.campaign).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("Choose a party branch or general branch of this campaign.")}
        )
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
