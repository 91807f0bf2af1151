"""Navigation entry and home panels of the awards (评选表彰).

Plain data (``NAV``, ``PANELS``) read through ``settings.NAVIGATION_MODULES``.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.awards import selectors
from organizations.access import Scope
from organizations.homes import HOME_KINDS, Panel
from organizations.navigation import NavItem


def _has_person(scope: Scope) -> bool:
    return scope.is_superuser or scope.person is not None


NAV = [
    NavItem(
        key="awards",
        label=_("Commendations"),
        url_name="awards:index",
        allowed=_has_person,
        order=75,
    )
]

PANELS = [
    Panel("office", "awards/panels/office.html", selectors.office_panel, shared=True),
    Panel("leader", "awards/panels/leader.html", selectors.leader_panel),
    *(
        Panel(home, "awards/panels/writer.html", selectors.writer_panel)
        for home in ("general_secretary", "secretary", "mass")
    ),
    *(
        Panel(home, "awards/panels/duty.html", selectors.duty_panel)
        for home in ("leader", "general_secretary", "secretary")
    ),
    *(
        Panel(home, "awards/panels/commendations.html", selectors.commendation_panel)
        for home in HOME_KINDS
        if home != "office"
    ),
]
