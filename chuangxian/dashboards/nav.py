"""Navigation entries and home panels of the dashboards (看板) and exports (导出).

Plain data (``NAV``, ``PANELS``) read through ``settings.NAVIGATION_MODULES``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.access import Scope
from organizations.homes import HOME_KINDS, Panel
from organizations.models import Role
from organizations.navigation import NavItem
from pledges.models import PLAN_UNIT_KINDS


def _sees_dashboard(scope: Scope) -> bool:
    return scope.is_office or scope.is_leader or scope.is_superuser


def _looks_after_a_unit(scope: Scope) -> bool:
    return any(
        role.node.kind in PLAN_UNIT_KINDS or role.kind == Role.Kind.GENERAL_SECRETARY
        for role in scope.roles_of(*Role.MANAGING)
        if role.kind != Role.Kind.OFFICE
    )


def notifications_panel(scope: Scope) -> dict | None:
    """The newest unread notifications (我的通知)."""
    from chuangxian.dashboards.selectors import my_notifications

    if scope.person is None:
        return None
    return my_notifications(scope.person)


def progress_panel(scope: Scope) -> dict | None:
    """How one's own published pledge stands (我的践诺进度)."""
    from chuangxian.dashboards.selectors import progress_of_items
    from pledges.models import Status
    from pledges.panels import own_pledges
    from pledges.selectors import current_campaign

    if scope.person is None:
        return None
    campaign = current_campaign(scope.person.institute)
    if campaign is None:
        return None
    # The member panel shows the same pledges: loaded once per request for both.
    items = [
        item
        for p in own_pledges(scope, campaign)
        if p.status == Status.PUBLISHED
        for item in p.items.all()
    ]
    progress = progress_of_items(items, timezone.localdate())
    if not progress["total"]:
        return None
    return {"campaign": campaign, "progress": progress}


NAV = [
    NavItem(
        key="dashboard",
        label=_("Dashboard"),
        url_name="dashboards:office",
        allowed=_sees_dashboard,
        order=5,
    ),
    NavItem(
        key="my_branch",
        label=_("My branch"),
        url_name="dashboards:my_branch",
        allowed=lambda s: not _sees_dashboard(s) and _looks_after_a_unit(s),
        order=6,
    ),
    NavItem(
        key="exports",
        label=_("Exports"),
        url_name="dashboards:exports",
        allowed=lambda s: bool(s.read_paths) or s.is_superuser,
        order=90,
    ),
]

PANELS = [
    *(
        Panel(home, "dashboards/panels/progress.html", progress_panel)
        for home in ("member", "staff", "secretary", "general_secretary", "mass")
    ),
    *(
        Panel(home, "dashboards/panels/notifications.html", notifications_panel)
        for home in HOME_KINDS
    ),
]
