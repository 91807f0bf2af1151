"""Campaign phase and calendar."""

import datetime

from django.utils.translation import gettext as _

from chuangxian.dashboards.selectors.common import UPCOMING_EVENTS
from pledges.models import Campaign


def _event_label(event: dict) -> str:
    key = event["key"]
    if key.startswith("phase"):
        phase = event["label"]
        return _("Phase %(n)s starts: %(name)s") % {
            "n": phase["number"],
            "name": phase["name"],
        }
    if key.startswith("quarter"):
        return _("Quarterly inspection %(n)s opens") % {"n": event["label"]}
    if key.startswith("review"):
        return _("Half-year review %(n)s") % {"n": event["label"]}
    return {
        "evaluation_opens": _("Mass evaluation opens"),
        "evaluation_closes": _("Mass evaluation closes"),
        "award_deadline": _("Award list published by"),
    }.get(key, key)


def campaign_overview(campaign: Campaign, today: datetime.date) -> dict:
    """The five phases (the current one marked) and the next dated steps (no query)."""
    current = campaign.phase_on(today)
    phases = [
        {
            **phase,
            "current": bool(current and current["number"] == phase["number"]),
            "past": phase["end"] < today,
        }
        for phase in campaign.phases()
    ]
    upcoming = [
        {"on": e["on"], "key": e["key"], "label": _event_label(e)}
        for e in campaign.calendar()
        if e["on"] and e["on"] >= today
    ][:UPCOMING_EVENTS]
    days_total = (campaign.phase5_end - campaign.phase1_start).days or 1
    days_gone = min(max((today - campaign.phase1_start).days, 0), days_total)
    return {
        "phase": current,
        "phases": phases,
        "upcoming": upcoming,
        "percent_of_year": round(100 * days_gone / days_total),
    }
