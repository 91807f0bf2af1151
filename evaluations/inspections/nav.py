"""Navigation entries and home panels of inspections, rectification and reviews.

``register_inspection_nav()`` is called once from ``EvaluationsConfig.ready()``; calling
it again does nothing.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.inspections import selectors
from organizations import homes, navigation
from organizations.access import Scope
from organizations.models import Role

_registered = False


def _oversees(scope: Scope) -> bool:
    """Office, leading group, secretaries: who inspects or is inspected."""
    return scope.is_superuser or scope.has(
        Role.Kind.OFFICE,
        Role.Kind.LEADER,
        Role.Kind.GENERAL_SECRETARY,
        Role.Kind.SECRETARY,
        Role.Kind.COMMITTEE_MEMBER,
    )


def _reviewed(scope: Scope) -> bool:
    return _oversees(scope) or scope.is_party_member


def register_inspection_nav() -> None:
    """Add the entries to the navigation bar and the panels to role homes."""
    global _registered
    if _registered:
        return
    _registered = True
    for item in (
        navigation.NavItem(
            key="inspections",
            label=_("Inspections"),
            url_name="inspections:rounds",
            allowed=_oversees,
            order=66,
        ),
        navigation.NavItem(
            key="rectifications",
            label=_("Rectification"),
            url_name="inspections:rectifications",
            allowed=_oversees,
            order=67,
        ),
        navigation.NavItem(
            key="reviews",
            label=_("Reviews"),
            url_name="inspections:reviews",
            allowed=_reviewed,
            order=68,
        ),
    ):
        navigation.register(item)
    homes.register_panel("office", "inspections/panels/office.html", office_panel)
    homes.register_panel("leader", "inspections/panels/office.html", office_panel)
    for home in ("general_secretary", "secretary"):
        homes.register_panel(
            home, "inspections/panels/secretary.html", selectors.secretary_panel
        )
    homes.register_panel(
        "member", "inspections/panels/member.html", selectors.member_panel
    )


def office_panel(scope: Scope) -> dict | None:
    return selectors.office_panel(scope)
