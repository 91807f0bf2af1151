"""The home panel of the party organisation that leads mass units (党建带群建)."""

from core import versioned_cache
from organizations.access import Scope
from organizations.homes import institute_figure
from organizations.models import Organization
from pledges import selectors as pledge_selectors
from pledges.leadership import selectors
from pledges.leadership.rules import MASS_KINDS, leading_expression, leading_paths

PANEL_ROWS = 20


def _mass_lead_paths() -> frozenset[str]:
    """The paths of the party units leading an active mass unit, every institute's
    (:func:`~pledges.leadership.rules.leads_mass_expression` for all units at once):
    the same for everyone, kept in the shared cache, so that a home tells at no query
    whether one's units lead a mass unit."""

    def compute() -> frozenset[str]:
        return frozenset(
            Organization.objects.filter(kind__in=MASS_KINDS, is_active=True)
            .annotate(lead_path=leading_expression("path"))
            .exclude(lead_path=None)
            .values_list("lead_path", flat=True)
        )

    return institute_figure(versioned_cache.ALL, "leadership_lead_paths", compute)


def leadership_panel(scope: Scope) -> dict | None:
    """The led mass units with their plan, pledges, progress and reports awaiting an
    answer, and what waits for one's endorsement: one query, none (and no panel)
    where one's organisation leads no mass unit."""
    if not leading_paths(scope):
        return None
    lead_paths = _mass_lead_paths()
    if not any(
        lead.startswith(role.node.path) for role in scope.roles for lead in lead_paths
    ):
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
