"""The home panel of the party organisation that leads mass units (党建带群建)."""

from types import SimpleNamespace

from organizations.access import Scope
from organizations.homes import institute_figure
from organizations.models import Organization
from pledges import selectors as pledge_selectors
from pledges.leadership import selectors
from pledges.leadership.rules import MASS_KINDS, leading_expression, leading_paths

PANEL_ROWS = 20


def _mass_leads() -> dict[int, tuple[str, str]]:
    """Every active mass unit's leading party unit, as (path, name) by the mass unit's
    key, every institute's (:func:`~pledges.leadership.rules.leading_expression`, the
    one rule): the same for everyone, kept in the shared cache, so that a home tells
    at no query whether one's units lead a mass unit, and which."""

    def compute() -> dict[int, tuple[str, str]]:
        rows = (
            Organization.objects.filter(kind__in=MASS_KINDS, is_active=True)
            .annotate(
                lead_path=leading_expression("path"),
                lead_name=leading_expression("name"),
            )
            .exclude(lead_path=None)
            .values_list("pk", "lead_path", "lead_name")
        )
        return {pk: (path, name) for pk, path, name in rows}

    return institute_figure(None, "leadership_mass_leads", compute)


class _Row(SimpleNamespace):
    """A led unit's row: its name and figures, as the panel shows them."""


_FIGURES = (
    "pk",
    "name",
    "plan_id",
    "plan_status",
    "pledge_total",
    "pledge_published",
    "measure_total",
    "measure_done",
    "reports_waiting",
)


def _unit_figures(campaign) -> list[dict]:
    """Every led mass unit's figures in the campaign (plan, pledges, measures, reports
    awaiting an answer: :func:`~pledges.leadership.selectors.with_unit_figures`), by
    path: the same for everyone, kept in the shared cache (its query of eight
    subqueries was the largest part of a 党总支 secretary's home); each panel picks
    the units its reader's organisation leads."""

    def compute() -> list[dict]:
        units = Organization.objects.filter(pk__in=list(_mass_leads()))
        # Without a campaign the rows have no pledge nor measure figures at all.
        names = _FIGURES if campaign is not None else _FIGURES[:4] + _FIGURES[-1:]
        return list(selectors.with_unit_figures(units, campaign).values(*names))

    key = f"leadership_unit_figures:{campaign.pk if campaign else None}"
    return institute_figure(None, key, compute)


def leadership_panel(scope: Scope) -> dict | None:
    """The led mass units with their plan, pledges, progress and reports awaiting an
    answer, and what waits for one's endorsement: one query, none (and no panel)
    where one's organisation leads no mass unit."""
    paths = leading_paths(scope)
    if not paths:
        return None
    leads = _mass_leads()
    # Every led unit, whether or not a role's own unit leads it directly: the units
    # of led_units (their lead within one of one's party roles' subtrees).
    led = {
        pk: lead
        for pk, lead in leads.items()
        if any(lead[0].startswith(p) for p in paths)
    }
    role_paths = [role.node.path for role in scope.roles]
    if not any(lead.startswith(p) for lead, _ in leads.values() for p in role_paths):
        return None
    campaign = pledge_selectors.current_campaign_for(scope)
    rows = []
    for figures in _unit_figures(campaign):
        if figures["pk"] in led:
            rows.append(_Row(**figures))
            if len(rows) > PANEL_ROWS:
                break
    if not rows:
        return None
    for row in rows:
        row.lead_path, row.lead_name = led[row.pk]
    rows = selectors.with_labels(rows)
    return {
        "campaign": campaign,
        "rows": rows[:PANEL_ROWS],
        "more": len(rows) > PANEL_ROWS,
        "awaiting": selectors.awaiting_endorsement(scope, rows),
        "unanswered": sum(row.reports_waiting for row in rows),
    }
