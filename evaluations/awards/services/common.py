"""Shared by the award workflows: limits, the audit trail, the office and the leaders."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from evaluations.awards import select
from organizations.access import scope_of
from organizations.audit import audit_record
from organizations.campaign_office import is_seat_leader
from organizations.models import Person, Role
from pledges.models import Campaign
from pledges.selectors import campaign_leaders, campaign_office

# The grades that may win an award (良好 and better), defined with the selection rules.
WINNING_GRADES = select.WINNING_GRADES


# How many days before the award deadline the calendar starts to escalate.
ESCALATE_DAYS = 7


MAX_QUOTA = 1000


MAX_REASON = 2000


MAX_DEEDS = 10000


MAX_REPORT = 20000


# The questions of a new duty-report rating round (德能勤绩廉), as domain data.
DUTY_QUESTIONS = [
    ("D1", "德：政治素质与思想品德"),
    ("D2", "能：履职能力与业务水平"),
    ("D3", "勤：工作态度与作风"),
    ("D4", "绩：工作实绩"),
    ("D5", "廉：廉洁自律"),
]


# Roles whose holders give a duty report (述职述廉).
DUTY_ROLES = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY, Role.Kind.LEADER)


def _institute_id(campaign: Campaign) -> int | None:
    return campaign.scope.institute_id or campaign.scope_id


def _audit(action, *, by, obj, campaign: Campaign, **detail) -> None:
    audit_record(
        action=action, user=by, obj=obj, institute_id=_institute_id(campaign), **detail
    )


def _reason(text: str, field: str = "reason") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Give a reason for this change.")})
    if len(text) > MAX_REASON:
        raise ValidationError(
            {field: _("Keep the reason under %(n)s characters.") % {"n": MAX_REASON}}
        )
    return text


def office_people(campaign: Campaign) -> list[Person]:
    return campaign_office(campaign)


def leaders_of(campaign: Campaign) -> list[Person]:
    """The leading group (领导小组) of the campaign: whoever may sign off its awards."""
    return campaign_leaders(campaign)


def is_leader_of(user, campaign: Campaign) -> bool:
    """The user holds the leader role of one of the campaign's leading groups."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return is_seat_leader(scope_of(user), campaign)


def _url(name: str, campaign: Campaign) -> str:
    return reverse(name, args=[campaign.pk])
