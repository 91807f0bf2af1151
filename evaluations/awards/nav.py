"""Navigation entry and home panels of the awards (评选表彰).

``register_award_nav()`` is called once from ``EvaluationsConfig.ready()``; calling it
again does nothing.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.awards import selectors
from organizations import homes, navigation
from organizations.access import Scope

_registered = False


def _has_person(scope: Scope) -> bool:
    return scope.is_superuser or scope.person is not None


def register_award_nav() -> None:
    """Add "Commendations" to the navigation bar and the award panels to role homes."""
    global _registered
    if _registered:
        return
    _registered = True
    navigation.register(
        navigation.NavItem(
            key="awards",
            label=_("Commendations"),
            url_name="awards:index",
            allowed=_has_person,
            order=75,
        )
    )
    homes.register_panel("office", "awards/panels/office.html", selectors.office_panel)
    homes.register_panel("leader", "awards/panels/leader.html", selectors.leader_panel)
    for home in ("general_secretary", "secretary", "mass"):
        homes.register_panel(home, "awards/panels/writer.html", selectors.writer_panel)
    for home in ("leader", "general_secretary", "secretary"):
        homes.register_panel(home, "awards/panels/duty.html", selectors.duty_panel)
    for home in homes.HOME_KINDS:
        if home != "office":
            homes.register_panel(
                home, "awards/panels/commendations.html", selectors.commendation_panel
            )
