"""The mass committees select their own (群团组织推荐): each committee (工会, 团委,
妇委会) proposes candidates for its own titles onto the campaign's award list, with
their deeds (先进事迹) and attachments, within the office's quotas, then submits them
to the activity office. The office and the leading group then sign off the one list
as for the party's titles.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.awards import levels
from evaluations.awards.services.common import _audit
from evaluations.awards.services.exchanges import _stored
from evaluations.awards.services.lists import award_list_get
from evaluations.awards.services.nominations import candidate_nominated
from evaluations.models import (
    AwardCandidate,
    AwardList,
    AwardQuota,
    AwardTransitionError,
    CommitteeSubmission,
    Nomination,
    NominationFile,
)
from organizations.audit import AuditEvent
from organizations.models import Organization, Person
from pledges.models import Campaign, CriteriaSet


def committee_submission(award_list: AwardList | None, committee: Organization):
    if award_list is None:
        return None
    return CommitteeSubmission.objects.filter(
        award_list=award_list, committee=committee
    ).first()


def submitted_families(award_list: AwardList) -> set[str]:
    """The families whose committee has submitted its own proposals: the product does
    not propose for their titles from the scores any more."""
    return {
        levels.COMMITTEE_KINDS[kind]
        for kind in CommitteeSubmission.objects.filter(
            award_list=award_list
        ).values_list("committee__kind", flat=True)
        if kind in levels.COMMITTEE_KINDS
    }


def title_quota(campaign: Campaign, criteria_set: CriteriaSet) -> int:
    """All the awards of one title, over its categories."""
    return (
        AwardQuota.objects.filter(
            campaign=campaign, criteria_set=criteria_set
        ).aggregate(n=Sum("count"))["n"]
        or 0
    )


def _check_open(award_list: AwardList, committee: Organization) -> None:
    if not award_list.is_editable:
        raise AwardTransitionError(
            _("The award list is %(status)s: it can no longer be changed.")
            % {"status": award_list.get_status_display()},
            code="not_editable",
        )
    if committee_submission(award_list, committee) is not None:
        raise AwardTransitionError(
            _("Your proposals have been submitted to the office."), code="submitted"
        )


def _save_files(nomination: Nomination, files) -> int:
    stored = [_stored(upload) for upload in files]
    for fields in stored:
        NominationFile.objects.create(nomination=nomination, **fields)
    return len(stored)


@transaction.atomic
def committee_propose(
    *,
    campaign: Campaign,
    committee: Organization,
    criteria_set: CriteriaSet,
    by,
    deeds: str,
    unit: Organization | None = None,
    person: Person | None = None,
    files=(),
) -> AwardCandidate:
    """The committee puts a unit of its own or a person on the list for one of its
    titles, with the deeds; within the title's quota."""
    award_list = AwardList.objects.select_for_update().get(
        pk=award_list_get(campaign).pk
    )
    _check_open(award_list, committee)
    if (
        not levels.committee_titles(campaign, committee)
        .filter(pk=criteria_set.pk)
        .exists()
    ):
        raise ValidationError(
            {"criteria_set": _("Choose one of your organisation's titles.")}
        )
    if criteria_set.audience == CriteriaSet.Audience.UNIT:
        person = None
        if unit is not None and not unit.path.startswith(committee.path):
            raise ValidationError(
                {"unit": _("Choose a unit of your own organisation.")}
            )
    else:
        unit = None
    if not (deeds or "").strip():
        raise ValidationError(
            {"deeds": _("Write the deeds (先进事迹) of the nominee.")}
        )
    quota = title_quota(campaign, criteria_set)
    taken = AwardCandidate.objects.filter(
        award_list=award_list,
        criteria_set=criteria_set,
        state=AwardCandidate.State.SELECTED,
    ).count()
    if quota == 0:
        raise ValidationError(
            {
                "criteria_set": _("The office has not set a quota for %(title)s yet.")
                % {"title": criteria_set.title}
            }
        )
    if taken >= quota:
        raise ValidationError(
            {
                "criteria_set": _(
                    "The quota for %(title)s (%(n)s) is used up: withdraw a "
                    "candidate first."
                )
                % {"title": criteria_set.title, "n": quota}
            }
        )
    candidate, nomination = candidate_nominated(
        award_list=award_list,
        criteria_set=criteria_set,
        unit=unit,
        person=person,
        by=by,
        reason=_("Proposed by %(committee)s") % {"committee": committee.name},
        deeds=deeds,
        origin=AwardCandidate.Origin.COMMITTEE,
        committee=committee,
    )
    _save_files(nomination, files)
    return candidate


@transaction.atomic
def committee_withdraw(
    *, candidate: AwardCandidate, committee: Organization, by
) -> None:
    """The committee takes one of its own proposals back before submitting."""
    award_list = AwardList.objects.select_for_update().get(pk=candidate.award_list_id)
    _check_open(award_list, committee)
    if candidate.committee_id != committee.pk:
        raise ValidationError(
            _("This candidate was not proposed by your organisation.")
        )
    _audit(
        AuditEvent.Action.DELETE,
        by=by,
        obj=candidate,
        campaign=award_list.campaign,
        committee=committee.pk,
    )
    for nomination in Nomination.objects.filter(
        award_list=award_list,
        criteria_set_id=candidate.criteria_set_id,
        unit_id=candidate.unit_id,
        person_id=candidate.person_id,
    ):
        for stored in nomination.files.all():
            stored.file.delete(save=False)
        nomination.delete()
    candidate.delete()


@transaction.atomic
def committee_submit(
    *, campaign: Campaign, committee: Organization, by
) -> CommitteeSubmission:
    """Hand the committee's proposals to the activity office."""
    award_list = AwardList.objects.select_for_update().get(
        pk=award_list_get(campaign).pk
    )
    _check_open(award_list, committee)
    if not award_list.candidates.filter(committee=committee).exists():
        raise ValidationError(_("Propose at least one candidate before submitting."))
    submission = CommitteeSubmission.objects.create(
        award_list=award_list,
        committee=committee,
        submitted_at=timezone.now(),
        submitted_by=by,
    )
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=award_list,
        campaign=campaign,
        step="committee_submit",
        committee=committee.pk,
    )
    return submission
