"""Home panels."""

import functools
from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from core.request_cache import memo
from evaluations.awards.selectors.lists import WRITER_ROLES
from evaluations.models import AwardCandidate, AwardList, DutyReport
from organizations.access import Scope
from organizations.models import Role
from pledges.models import Campaign
from pledges.selectors import current_campaign_for, share_with_campaigns

share_with_campaigns("award_list")


def _award_list(campaign: Campaign) -> AwardList | None:
    """The campaign's award list (one query per GET request, whichever panels ask)."""
    return memo(
        ("award_list", campaign.pk),
        lambda: AwardList.objects.filter(campaign=campaign).first(),
    )


def office_panel(scope: Scope) -> dict | None:
    campaign = current_campaign_for(scope)
    if campaign is None:
        return None
    award_list = _award_list(campaign)
    today = timezone.localdate()
    return {
        "campaign": campaign,
        "award_list": award_list,
        "days_left": (campaign.award_deadline - today).days,
    }


def leader_panel(scope: Scope) -> dict | None:
    campaign = current_campaign_for(scope)
    if campaign is None:
        return None
    award_list = _award_list(campaign)
    if award_list is None:
        return None
    return {"campaign": campaign, "award_list": award_list}


def writer_panel(scope: Scope) -> dict | None:
    """Nominations a secretary or officer may write for the units they hold."""
    campaign = current_campaign_for(scope)
    if campaign is None:
        return None
    award_list = _award_list(campaign)
    if award_list is None or award_list.status not in AwardList.EDITABLE:
        return None
    unit_ids = [r.node_id for r in scope.roles_of(*WRITER_ROLES)]
    if not unit_ids:
        return None
    count = award_list.candidates.filter(
        Q(unit_id__in=unit_ids) | Q(person__branch_id__in=unit_ids),
        state=AwardCandidate.State.SELECTED,
    ).count()
    if not count:
        return None
    return {"campaign": campaign, "award_list": award_list, "count": count}


def commendation_panel(scope: Scope) -> dict | None:
    """The latest published commendation list of the user's institute."""
    campaign = current_campaign_for(scope)
    if campaign is None:
        return None
    award_list = _award_list(campaign)
    if award_list is None or award_list.status != AwardList.Status.PUBLISHED:
        return None
    return {
        "campaign": campaign,
        "award_list": award_list,
        "count": award_list.candidates.filter(
            state=AwardCandidate.State.SELECTED
        ).count(),
    }


def duty_panel(scope: Scope) -> dict | None:
    """Secretaries and leaders: whether their duty report is written."""
    campaign = current_campaign_for(scope)
    if campaign is None or scope.person is None:
        return None
    if not any(
        r.node.path.startswith(campaign.scope.path)
        for r in scope.roles_of(
            Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY, Role.Kind.LEADER
        )
    ):
        return None
    return {"campaign": campaign, "report": _duty_report(campaign, scope.person)}


class _Report(NamedTuple):
    """What the duty panel shows of one's report: whether it is submitted."""

    is_submitted: bool


def _duty_report(campaign: Campaign, person) -> _Report | None:
    """One's duty report in the campaign (at most one), by a query written once per
    process: compiling the queryset was the panel's whole cost."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_duty_sql(), [campaign.pk, person.pk])
        row = cursor.fetchone()
    return None if row is None else _Report(is_submitted=row[0] is not None)


@functools.cache
def _duty_sql() -> str:
    from django.db import connection

    q = connection.ops.quote_name
    # Only quoted table and column names of the model go into the text.
    return (
        f"SELECT {q('submitted_at')} FROM {q(DutyReport._meta.db_table)}"  # noqa: S608  # nosec B608: model names, quoted
        f" WHERE {q('campaign_id')} = %s AND {q('person_id')} = %s"
    )
