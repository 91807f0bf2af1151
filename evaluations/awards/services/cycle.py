"""The pre-七一 award cycle, run by the calendar."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.awards.services.common import (
    ESCALATE_DAYS,
    _url,
    leaders_of,
    office_people,
)
from evaluations.awards.services.lists import award_list_get, awards_propose
from evaluations.awards.services.submission import _ask_sign_off, award_list_submit
from evaluations.models import AwardCandidate, AwardList, AwardQuota, Score
from evaluations.scoring import services as scoring_services
from organizations.models import Notification
from organizations.notifications.services import notify
from pledges.models import Campaign


def _scores_changed(award_list: AwardList) -> bool:
    """The campaign's scores differ from the snapshot the list was proposed from."""
    if award_list.snapshot_id is None:
        return True
    rows = list(
        Score.objects.filter(campaign_id=award_list.campaign_id)
        .only(
            "unit_id",
            "person_id",
            "score",
            "grade",
            "rank",
            "vetoed",
            "inputs_digest",
        )
        .order_by("pk")
    )
    return scoring_services._snapshot_digest(rows) != award_list.snapshot.digest


@transaction.atomic
def award_cycle_propose(
    *, campaign: Campaign, today: datetime.date
) -> AwardList | None:
    """The award cycle (评选表彰): compute scores, snapshot, propose, submit, ask the
    leading group to sign off. Idempotent: a list already submitted or later is left
    as it is (its sign-off request is not repeated); a proposal whose scores did not
    change is not made again. Without quotas the office is reminded and nothing more.
    """
    award_list = AwardList.objects.filter(campaign=campaign).first()
    if award_list is not None and not award_list.is_editable:
        if award_list.status == AwardList.Status.SUBMITTED:
            _ask_sign_off(award_list)
        return award_list
    if not AwardQuota.objects.filter(campaign=campaign).exists():
        notify(
            recipients=office_people(campaign),
            kind=Notification.Kind.REMINDER,
            title=_("Set the award quotas of %(year)s: the award cycle is due")
            % {"year": campaign.year},
            url=_url("awards:quotas", campaign),
            dedupe_key=f"award-quotas:{campaign.pk}",
        )
        return None
    scoring_services.scores_compute(campaign=campaign, by=None)
    if not Score.objects.filter(campaign=campaign).exists():
        return None
    award_list = award_list_get(campaign)
    if award_list.status == AwardList.Status.DRAFT or _scores_changed(award_list):
        award_list = awards_propose(campaign=campaign, by=None)
    if not award_list.candidates.filter(state=AwardCandidate.State.SELECTED).exists():
        notify(
            recipients=office_people(campaign),
            kind=Notification.Kind.REMINDER,
            title=_("The award proposal of %(year)s has nobody on it")
            % {"year": campaign.year},
            url=_url("awards:list", campaign),
            dedupe_key=f"award-empty:{campaign.pk}:{today.isoformat()}",
        )
        return award_list
    return award_list_submit(award_list=award_list, by=None)


def award_cycle_escalate(*, campaign: Campaign, today: datetime.date) -> bool:
    """Escalate an award list not published with the deadline near or past (督办).

    Within ``ESCALATE_DAYS`` of the award deadline, or after it, the office and the
    leading group are told once per day; returns whether anyone was told today.
    """
    award_list = AwardList.objects.filter(campaign=campaign).first()
    if award_list is not None and award_list.is_published:
        return False
    days = (campaign.award_deadline - today).days
    if days > ESCALATE_DAYS:
        return False
    status = (
        award_list.get_status_display()
        if award_list is not None
        else AwardList.Status.DRAFT.label
    )
    if days >= 0:
        title = _(
            "The commendation list of %(year)s is not published: %(days)s day(s) to "
            "the deadline %(deadline)s"
        ) % {"year": campaign.year, "days": days, "deadline": campaign.award_deadline}
    else:
        title = _(
            "The commendation list of %(year)s is late: the deadline %(deadline)s "
            "has passed"
        ) % {"year": campaign.year, "deadline": campaign.award_deadline}
    recipients = {p.pk for p in office_people(campaign)}
    recipients.update(p.pk for p in leaders_of(campaign))
    sent = notify(
        recipients=recipients,
        kind=Notification.Kind.ESCALATION,
        title=title,
        body=_("The award list is %(status)s.") % {"status": status},
        url=_url("awards:list", campaign),
        dedupe_key=f"award-escalate:{campaign.pk}:{today.isoformat()}",
    )
    return sent > 0
