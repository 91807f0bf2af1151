"""Submission, sign-off, publication."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.awards.selectors.lists import conflicts_of_interest, missing_deeds
from evaluations.awards.services.common import (
    MAX_REASON,
    _audit,
    _reason,
    _url,
    is_leader_of,
    leaders_of,
    office_people,
)
from evaluations.models import AwardCandidate, AwardList
from organizations.audit import AuditEvent
from organizations.models import Notification, Role
from organizations.notifications.services import notify
from pledges.models import Campaign


def _ask_sign_off(award_list: AwardList) -> int:
    """Ask the leading group to sign off (once per submission)."""
    campaign = award_list.campaign
    stamp = award_list.submitted_at.strftime("%Y%m%d%H%M%S%f")
    return notify(
        recipients=leaders_of(campaign),
        kind=Notification.Kind.APPROVAL_NEEDED,
        title=_("The award list of %(year)s awaits your sign-off")
        % {"year": campaign.year},
        body=_("Sign off the list, or return it to the office with a reason."),
        url=_url("awards:signoff", campaign),
        dedupe_key=f"award-signoff:{award_list.pk}:{stamp}",
    )


def _step(award_list: AwardList, step: str, by, **fields) -> AwardList:
    award_list = AwardList.objects.select_for_update().get(pk=award_list.pk)
    award_list.check_step(step)
    award_list.status = AwardList.TRANSITIONS[step][1]
    for name, value in fields.items():
        setattr(award_list, name, value)
    award_list.save()
    _audit(
        AuditEvent.Action.TRANSITION,
        by=by,
        obj=award_list,
        campaign=award_list.campaign,
        step=step,
        status=award_list.status,
    )
    return award_list


@transaction.atomic
def award_list_submit(*, award_list: AwardList, by) -> AwardList:
    """Submit the proposed list to the leading group for sign-off (报领导小组审定)."""
    award_list.refresh_from_db()
    award_list.check_step("submit")
    if not award_list.candidates.filter(state=AwardCandidate.State.SELECTED).exists():
        raise ValidationError(_("Nobody is on the list yet: nothing to submit."))
    award_list = _step(
        award_list, "submit", by, submitted_at=timezone.now(), submitted_by=by
    )
    _ask_sign_off(award_list)
    return award_list


@transaction.atomic
def award_list_recall(*, award_list: AwardList, by) -> AwardList:
    """The office takes a submitted list back from the leading group to change it.

    The list is no longer submitted, so its submission time goes (the audit log keeps
    it); the next submission sets a new one.
    """
    return _step(award_list, "recall", by, submitted_at=None, submitted_by=None)


def _require_leader(by, campaign: Campaign) -> None:
    if not is_leader_of(by, campaign):
        raise PermissionDenied(
            _("Only a member of the leading group can sign off the award list.")
        )


@transaction.atomic
def award_list_sign_off(
    *, award_list: AwardList, by, note: str = "", declare_conflict: bool = False
) -> AwardList:
    """One member of the leading group signs the list off (领导小组审定).

    A leader who is on the list, or whose branch or department is, must declare it
    (``declare_conflict``); the conflicts are stored and shown with the list.
    """
    campaign = award_list.campaign
    _require_leader(by, campaign)
    conflicts = conflicts_of_interest(award_list, by)
    if conflicts and not declare_conflict:
        raise ValidationError(
            {
                "declare_conflict": _(
                    "You are on this list, or your branch or department is: declare "
                    "the conflict of interest to sign off, or leave the sign-off to "
                    "another member of the leading group."
                )
            },
            code="conflict_of_interest",
        )
    award_list = _step(
        award_list,
        "sign_off",
        by,
        signed_off_at=timezone.now(),
        signed_off_by=by,
        signoff_note=(note or "").strip()[:MAX_REASON],
        signoff_conflicts=[f"{c['name']}（{c['title']}）" for c in conflicts],
    )
    notify(
        recipients=office_people(campaign),
        kind=Notification.Kind.AWARD,
        title=_("The award list of %(year)s is signed off: publish it")
        % {"year": campaign.year},
        url=_url("awards:list", campaign),
        dedupe_key=f"award-signed:{award_list.pk}:{award_list.signed_off_at:%Y%m%d%H%M%S%f}",
    )
    return award_list


@transaction.atomic
def award_list_return(*, award_list: AwardList, by, reason: str) -> AwardList:
    """A leader returns the submitted list to the office, with a reason."""
    campaign = award_list.campaign
    _require_leader(by, campaign)
    reason = _reason(reason)
    award_list = _step(
        award_list,
        "return",
        by,
        returned_at=timezone.now(),
        returned_by=by,
        return_reason=reason,
        submitted_at=None,
        submitted_by=None,
    )
    notify(
        recipients=office_people(campaign),
        kind=Notification.Kind.RETURNED,
        title=_("The award list of %(year)s was returned") % {"year": campaign.year},
        body=reason,
        url=_url("awards:list", campaign),
        dedupe_key=f"award-returned:{award_list.pk}:{award_list.returned_at:%Y%m%d%H%M%S%f}",
    )
    return award_list


def winner_people(award_list: AwardList) -> list[int]:
    """Who hears of a publication: winners, the secretaries of winning units."""
    selected = award_list.candidates.filter(state=AwardCandidate.State.SELECTED)
    people = set(
        selected.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    unit_ids = list(
        selected.filter(unit__isnull=False).values_list("unit_id", flat=True)
    )
    people.update(
        Role.objects.filter(
            node_id__in=unit_ids,
            kind__in=[
                Role.Kind.SECRETARY,
                Role.Kind.UNION_OFFICER,
                Role.Kind.LEAGUE_OFFICER,
                Role.Kind.WOMEN_OFFICER,
            ],
        ).values_list("person_id", flat=True)
    )
    return sorted(people)


@transaction.atomic
def award_list_publish(
    *,
    award_list: AwardList,
    by,
    today: datetime.date | None = None,
    override_reason: str = "",
) -> AwardList:
    """Publish the commendation list (表彰名单) to the staff in scope.

    After the campaign's award deadline this is still allowed, and flagged late. A list
    with winners whose deeds (先进事迹) are not written is refused, unless the office
    gives a reason to publish it so (stored and shown with the list).
    """
    today = today or timezone.localdate()
    campaign = award_list.campaign
    late = today > campaign.award_deadline
    award_list.refresh_from_db()
    award_list.check_step("publish")
    missing = missing_deeds(award_list)
    override_reason = (override_reason or "").strip()[:MAX_REASON]
    if missing and not override_reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "%(n)s winner(s) on the list have no deeds (先进事迹) yet: write "
                    "them first, or give a reason to publish without them."
                )
                % {"n": missing}
            },
            code="missing_deeds",
        )
    award_list = _step(
        award_list,
        "publish",
        by,
        published_at=timezone.now(),
        published_by=by,
        published_late=late,
        publish_override_reason=override_reason if missing else "",
    )
    recipients = set(winner_people(award_list))
    recipients.update(p.pk for p in office_people(campaign))
    recipients.update(p.pk for p in leaders_of(campaign))
    notify(
        recipients=recipients,
        kind=Notification.Kind.PUBLISHED,
        title=_("The commendation list of %(year)s is published")
        % {"year": campaign.year},
        url=_url("awards:commendations", campaign),
        dedupe_key=f"award-published:{award_list.pk}",
    )
    return award_list
