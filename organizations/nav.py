"""Navigation entries of the home page, the organisation tree and the roster."""

from django.utils.translation import gettext_lazy as _

from organizations.access import Scope
from organizations.models import Role
from organizations.navigation import NavItem


def _reads_roster(scope: Scope) -> bool:
    return scope.has(
        Role.Kind.OFFICE,
        Role.Kind.LEADER,
        Role.Kind.GENERAL_SECRETARY,
        Role.Kind.SECRETARY,
        Role.Kind.UNION_OFFICER,
        Role.Kind.LEAGUE_OFFICER,
        Role.Kind.WOMEN_OFFICER,
    )


NAV = [
    NavItem(
        key="home", label=_("Home"), url_name="home", allowed=lambda s: True, order=0
    ),
    NavItem(
        key="tree",
        label=_("Organisation"),
        url_name="organizations:tree",
        allowed=lambda s: bool(s.read_paths),
        order=80,
    ),
    NavItem(
        key="people",
        label=_("Roster"),
        url_name="organizations:people",
        allowed=_reads_roster,
        order=85,
    ),
]
