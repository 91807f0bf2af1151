"""The home panel of the party organisation that leads mass units (党建带群建)."""

from organizations.access import Scope
from organizations.homes import role_units
from pledges import selectors as pledge_selectors
from pledges.leadership import selectors
from pledges.leadership.rules import leading_paths

PANEL_ROWS = 20


def leadership_panel(scope: Scope) -> dict | None:
    """The led mass units with their plan, pledges, progress and reports awaiting an
    answer, and what waits for one's endorsement: one query, none (and no panel)
    where one's organisation leads no mass unit."""
    if not leading_paths(scope):
        return None
    units = role_units(scope).values()  # loaded once for the home, with the figure
    if not any(getattr(u, "leadership_leads_mass", False) for u in units):
        return None
    campaign = pledge_selectors.current_campaign_for(scope)
    rows = selectors.with_labels(
        selectors.led_unit_rows(scope, campaign)[: PANEL_ROWS + 1]
    )
    if not rows:
        return None
    return {
        "campaign": campaign,
        "rows": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "awaiting": selectors.awaiting_endorsement(scope, rows),
        "unanswered": sum(row.reports_waiting for row in rows),
    }
