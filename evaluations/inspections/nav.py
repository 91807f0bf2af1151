"""Navigation entries and home panels of inspections, rectification and reviews.

Plain data (``NAV``, ``PANELS``) read through ``settings.NAVIGATION_MODULES``.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.inspections import selectors
from evaluations.inspections.access import sees_inspections, sees_reviews
from organizations.access import Scope
from organizations.homes import Panel
from organizations.navigation import NavItem


def _oversees(scope: Scope) -> bool:
    """Office, leading group, secretaries, mass officers: who inspects or is inspected."""
    return sees_inspections(scope)


def _reviewed(scope: Scope) -> bool:
    return sees_reviews(scope) or scope.is_party_member


def office_panel(scope: Scope) -> dict | None:
    return selectors.office_panel(scope)


NAV = [
    NavItem(
        key="inspections",
        label=_("Inspections"),
        url_name="inspections:rounds",
        allowed=_oversees,
        order=66,
    ),
    NavItem(
        key="rectifications",
        label=_("Rectification"),
        url_name="inspections:rectifications",
        allowed=_oversees,
        order=67,
    ),
    NavItem(
        key="reviews",
        label=_("Reviews"),
        url_name="inspections:reviews",
        allowed=_reviewed,
        order=68,
    ),
]

PANELS = [
    Panel("office", "inspections/panels/office.html", office_panel, shared=True),
    Panel("leader", "inspections/panels/office.html", office_panel, shared=True),
    *(
        Panel(home, "inspections/panels/secretary.html", selectors.secretary_panel)
        for home in ("general_secretary", "secretary")
    ),
    Panel("member", "inspections/panels/member.html", selectors.member_panel),
]
