"""Navigation and home panel of 党建带群建: reports of mass units and the units led."""

from django.utils.translation import gettext_lazy as _

from organizations.homes import Panel
from organizations.navigation import NavItem
from pledges.leadership import panels
from pledges.leadership.access import reporting_units
from pledges.leadership.rules import leading_paths

NAV = [
    NavItem(
        key="leadership_reports",
        label=_("Reports to the party"),
        url_name="leadership:reports",
        allowed=lambda s: bool(s.is_office or leading_paths(s) or reporting_units(s)),
        order=26,
    ),
    NavItem(
        key="leadership_units",
        label=_("Mass units led"),
        url_name="leadership:units",
        allowed=lambda s: bool(s.is_office or leading_paths(s)),
        order=27,
    ),
]


PANELS = [
    Panel("secretary", "leadership/panel.html", panels.leadership_panel),
    Panel("general_secretary", "leadership/panel.html", panels.leadership_panel),
]
