"""Nominations (推荐表, 先进事迹)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.awards.services.common import MAX_DEEDS, _audit
from evaluations.models import AwardCandidate, AwardTransitionError
from organizations.audit import AuditEvent


@transaction.atomic
def nomination_save(
    *, candidate: AwardCandidate, by, deeds: str, recommendation: str = ""
):
    """Write a candidate's nomination form with its deeds (先进事迹)."""
    from evaluations.models import AwardList, Nomination

    # read afresh: the list may have been published since the candidate was loaded
    award_list = AwardList.objects.select_related("campaign").get(
        pk=candidate.award_list_id
    )
    if not award_list.deeds_open:
        raise AwardTransitionError(
            _("The award list is %(status)s: nominations can no longer be changed.")
            % {"status": award_list.get_status_display()},
            code="not_editable",
        )
    deeds = (deeds or "").strip()
    if not deeds:
        raise ValidationError(
            {"deeds": _("Write the deeds (先进事迹) of the nominee.")}
        )
    if len(deeds) > MAX_DEEDS:
        raise ValidationError(
            {"deeds": _("Keep the deeds under %(n)s characters.") % {"n": MAX_DEEDS}}
        )
    nomination, created = Nomination.objects.update_or_create(
        award_list=award_list,
        criteria_set=candidate.criteria_set,
        unit=candidate.unit,
        person=candidate.person,
        defaults={
            "deeds": deeds,
            "recommendation": (recommendation or "").strip()[:500],
            "updated_by": by,
        },
    )
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=nomination,
        campaign=award_list.campaign,
        candidate=candidate.pk,
    )
    return nomination


@transaction.atomic
def candidate_nominated(
    *,
    award_list,
    criteria_set,
    by,
    reason: str,
    deeds: str,
    origin: str,
    unit=None,
    person=None,
    committee=None,
):
    """Put a unit or person on the list with their deeds, as proposed by a mass
    organisation's committee or recommended by an institute (``origin``): the
    candidate and their nomination form. Returns ``(candidate, nomination)``."""
    from evaluations.awards.services.lists import candidate_add

    candidate = candidate_add(
        award_list=award_list,
        criteria_set=criteria_set,
        unit=unit,
        person=person,
        by=by,
        reason=reason,
    )
    candidate.origin = origin
    fields = ["origin"]
    if committee is not None:
        candidate.committee = committee
        fields.append("committee")
    candidate.save(update_fields=fields)
    return candidate, nomination_save(candidate=candidate, by=by, deeds=deeds)
