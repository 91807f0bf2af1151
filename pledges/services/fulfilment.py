"""Fulfilment (践诺)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import scope_of
from pledges.models import (
    Evidence,
    PlanMeasure,
    PledgeItem,
    ProgressStatus,
    ProgressUpdate,
    Status,
    TransitionError,
)
from pledges.services.workflow import _require
from pledges.uploads import check_upload, clean_filename


def can_report(scope, subject: PledgeItem | PlanMeasure) -> bool:
    """Who reports progress: the member and the secretary for an item; the unit's
    managers and the measure's owner for a plan measure."""
    if isinstance(subject, PledgeItem):
        return subject.pledge.can_edit(scope)
    own = scope.person is not None and subject.owner_id == scope.person.pk
    return own or subject.plan.can_edit(scope)


@transaction.atomic
def progress_report(
    *,
    subject: PledgeItem | PlanMeasure,
    by,
    status: str,
    percent: int,
    text: str,
    files=(),
) -> ProgressUpdate:
    """Report progress on a committed item or plan measure, with evidence files."""
    _require(can_report(scope_of(by), subject), _("You may not report progress here."))
    parent = subject.pledge if isinstance(subject, PledgeItem) else subject.plan
    if parent.status != Status.PUBLISHED:
        raise TransitionError(
            _("Progress is reported once the pledge or plan is published.")
        )
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("Choose how the item stands.")})
    if not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("Give a percentage from 0 to 100.")})
    if status == ProgressStatus.DONE and int(percent) != 100:
        # Never change the reporter's number behind their back: ask them instead.
        raise ValidationError(
            {
                "percent": _(
                    "A completed item is 100 %% done, but you gave %(percent)s %%. "
                    "Set 100 %%, or choose another status if it is not finished."
                )
                % {"percent": percent}
            },
            code="done_not_complete",
        )
    checked = [(f, check_upload(f)) for f in files]
    now = timezone.now()
    update = ProgressUpdate.objects.create(
        item=subject if isinstance(subject, PledgeItem) else None,
        measure=subject if isinstance(subject, PlanMeasure) else None,
        status=status,
        percent=percent,
        text=text,
        reported_by=by,
        reported_at=now,
    )
    for upload, content_type in checked:
        name = clean_filename(upload.name)
        evidence = Evidence(
            update=update,
            name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        evidence.file.save(name, upload, save=False)
        evidence.save()
    type(subject).objects.filter(pk=subject.pk).update(
        progress_status=status, progress_percent=percent, progress_at=now
    )
    subject.refresh_from_db()
    return update
