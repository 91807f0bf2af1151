"""Field visits and forums (实地调研, 座谈会) among the units the campaign supervises."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.inspections.services.common import A, _audit, _check_count, _stored
from evaluations.inspections.services.rounds import supervised_units
from evaluations.models import FieldVisit, FieldVisitFile
from pledges.models import Campaign


@transaction.atomic
def field_visit_record(
    *,
    campaign: Campaign,
    kind: str,
    held_on: datetime.date,
    units: Iterable,
    participants: str,
    notes: str,
    files: Iterable = (),
    by=None,
) -> FieldVisit:
    """Record a field visit or forum with the units visited and its attachments."""
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit visited.")})
    allowed = set(
        supervised_units(campaign)
        .filter(pk__in=[u.pk for u in units])
        .values_list("pk", flat=True)
    )
    if any(u.pk not in allowed for u in units):
        raise ValidationError({"units": _("Choose units this campaign supervises.")})
    files = _check_count(files)
    visit = FieldVisit(
        campaign=campaign,
        kind=kind,
        held_on=held_on,
        participants=(participants or "").strip(),
        notes=(notes or "").strip(),
        recorded_by=by,
    )
    visit.full_clean()
    visit.save()
    visit.units.set(units)
    for upload in files:
        FieldVisitFile.objects.create(visit=visit, **_stored(upload))
    _audit(A.CREATE, visit, by, kind=kind, units=sorted(allowed))
    return visit
