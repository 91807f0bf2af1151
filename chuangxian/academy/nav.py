"""Navigation entry of the academy overview (院级看板): for an academy's office only."""

from django.utils.translation import gettext_lazy as _

from organizations.campaign_office import is_academy_office
from organizations.navigation import NavItem

NAV = [
    NavItem(
        key="academy",
        label=_("Academy overview"),
        url_name="academy:overview",
        allowed=is_academy_office,
        order=4,
    ),
]
