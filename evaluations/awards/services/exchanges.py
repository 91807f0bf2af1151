"""Experience-exchange sessions (经验交流)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.awards.services.common import _audit
from evaluations.models import ExchangeFile, ExchangeSession
from organizations.audit import AuditEvent
from pledges.models import Campaign
from pledges.uploads import EXTENSIONS, check_upload, clean_filename


def _stored(upload) -> dict:
    content_type = check_upload(upload)
    name = clean_filename(upload.name)
    upload.name = "upload" + EXTENSIONS[content_type][0]
    return {
        "file": upload,
        "name": name,
        "content_type": content_type,
        "size": upload.size,
    }


@transaction.atomic
def exchange_save(
    *,
    campaign: Campaign,
    by,
    held_on: datetime.date,
    title: str,
    summary: str,
    units=(),
    files=(),
    remove_files=(),
    session: ExchangeSession | None = None,
) -> ExchangeSession:
    """Record (or change) an experience-exchange session (经验交流)."""
    errors = {}
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title:
        errors["title"] = _("Give the session a title.")
    if not summary:
        errors["summary"] = _("Summarise what was exchanged.")
    units = list(units)
    outside = [u.name for u in units if not u.path.startswith(campaign.scope.path)]
    if outside:
        errors["units"] = _("%(names)s are outside this campaign.") % {
            "names": "、".join(outside)
        }
    if errors:
        raise ValidationError(errors)
    stored = [_stored(upload) for upload in files]
    created = session is None
    if created:
        session = ExchangeSession(campaign=campaign, recorded_by=by)
    session.held_on, session.title, session.summary = held_on, title[:200], summary
    session.save()
    session.units.set(units)
    if remove_files:
        for old in session.files.filter(pk__in=list(remove_files)):
            old.file.delete(save=False)
            old.delete()
    for fields in stored:
        ExchangeFile.objects.create(session=session, **fields)
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=session,
        campaign=campaign,
        files=len(stored),
    )
    return session
