"""Navigation entries of the board, pledges, plans and campaigns, and the pledge panels
of each role's home (首页)."""

from django.utils.translation import gettext_lazy as _

from organizations.access import Scope
from organizations.homes import Panel
from organizations.models import Role
from organizations.navigation import NavItem
from pledges import panels


def _files_pledges(scope: Scope) -> bool:
    """Party members, mass-organisation members and those who look after units."""
    if scope.is_party_member or scope.has(*Role.MANAGING):
        return True
    person = scope.person
    if person is None:
        return False
    return bool(scope.own_unit_ids - {person.branch_id, person.department_id})


NAV = [
    NavItem(
        key="board",
        label=_("Pledge board"),
        url_name="pledges:board",
        allowed=lambda s: s.person is not None or s.is_superuser,
        order=20,
    ),
    NavItem(
        key="pledges",
        label=_("Pledges"),
        url_name="pledges:pledges",
        allowed=_files_pledges,
        order=22,
    ),
    NavItem(
        key="plans",
        label=_("Plans"),
        url_name="pledges:plans",
        allowed=lambda s: bool(s.read_paths),
        order=24,
    ),
    NavItem(
        key="campaigns",
        label=_("Campaigns"),
        url_name="pledges:campaigns",
        allowed=lambda s: s.is_office or s.is_leader,
        order=70,
    ),
]

PANELS = [
    Panel("secretary", "pledges/panels/secretary.html", panels.secretary_panel),
    Panel("general_secretary", "pledges/panels/secretary.html", panels.secretary_panel),
    Panel("mass", "pledges/panels/secretary.html", panels.secretary_panel),
    Panel("mass", "pledges/panels/member.html", panels.member_panel),
    Panel("member", "pledges/panels/member.html", panels.member_panel),
    Panel("secretary", "pledges/panels/member.html", panels.member_panel),
    Panel("staff", "pledges/panels/staff.html", panels.staff_panel),
    Panel("member", "pledges/panels/staff.html", panels.staff_panel),
    Panel("office", "pledges/panels/office.html", panels.office_panel, shared=True),
    Panel("leader", "pledges/panels/office.html", panels.office_panel, shared=True),
]
