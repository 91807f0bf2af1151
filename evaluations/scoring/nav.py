"""Navigation entry and home panels of the assessment (考核评分).

``register_scoring_nav()`` is called once from ``EvaluationsConfig.ready()``; calling it
again does nothing.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.scoring import selectors
from organizations import homes, navigation
from organizations.access import Scope
from organizations.models import Role

_registered = False


def _takes_part(scope: Scope) -> bool:
    """Office, leaders, secretaries, officers and party members see the entry."""
    return (
        scope.is_superuser
        or scope.is_office
        or scope.is_leader
        or scope.has(
            Role.Kind.GENERAL_SECRETARY,
            Role.Kind.COMMITTEE_MEMBER,
            *selectors.WRITER_ROLES,
        )
        or scope.is_party_member
    )


def register_scoring_nav() -> None:
    """Add the assessment entry to the navigation bar and its panels to role homes."""
    global _registered
    if _registered:
        return
    _registered = True
    navigation.register(
        navigation.NavItem(
            key="scoring",
            label=_("Assessment"),
            url_name="scoring:index",
            allowed=_takes_part,
            order=70,
        )
    )
    homes.register_panel("office", "scoring/panels/office.html", selectors.office_panel)
    homes.register_panel("leader", "scoring/panels/office.html", selectors.office_panel)
    for home in ("general_secretary", "secretary", "mass"):
        homes.register_panel(
            home, "scoring/panels/secretary.html", selectors.secretary_panel
        )
    # Secretaries are members too: their own published score shows on their home.
    for home in ("general_secretary", "secretary", "mass", "member"):
        homes.register_panel(home, "scoring/panels/member.html", selectors.member_panel)
