"""Navigation entry and home panels of the assessment (考核评分).

Plain data (``NAV``, ``PANELS``) read through ``settings.NAVIGATION_MODULES``.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.scoring import selectors
from organizations.access import Scope
from organizations.homes import Panel
from organizations.models import Role
from organizations.navigation import NavItem


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


NAV = [
    NavItem(
        key="scoring",
        label=_("Assessment"),
        url_name="scoring:index",
        allowed=_takes_part,
        order=70,
    )
]

PANELS = [
    Panel("office", "scoring/panels/office.html", selectors.office_panel, shared=True),
    Panel("leader", "scoring/panels/office.html", selectors.office_panel, shared=True),
    *(
        Panel(home, "scoring/panels/secretary.html", selectors.secretary_panel)
        for home in ("general_secretary", "secretary", "mass")
    ),
    # Secretaries are members too: their own published score shows on their home.
    *(
        Panel(home, "scoring/panels/member.html", selectors.member_panel)
        for home in ("general_secretary", "secretary", "mass", "member")
    ),
]
