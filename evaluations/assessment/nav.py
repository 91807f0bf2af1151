"""Navigation entry of the assessment of leading bodies (领导班子实绩考核).

Plain data (``NAV``) read through ``settings.NAVIGATION_MODULES``.
"""

from django.utils.translation import gettext_lazy as _

from evaluations.assessment.selectors import BODY_ROLES
from organizations.access import Scope
from organizations.navigation import NavItem


def _takes_part(scope: Scope) -> bool:
    """The office, the leading group and the bodies' secretaries."""
    return (
        scope.is_superuser
        or scope.is_office
        or scope.is_leader
        or scope.has(*BODY_ROLES.values())
    )


NAV = [
    NavItem(
        key="leadership",
        label=_("Leading bodies' assessment"),
        url_name="assessment:index",
        allowed=_takes_part,
        order=72,
    )
]
