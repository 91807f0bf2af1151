"""Panels this app adds to each role's home page (首页)."""

from django.db.models import Count, Q

from organizations.access import Scope
from organizations.homes import register_panel
from organizations.models import Role

from . import selectors
from .models import Plan, Pledge, Status


def _campaign(scope: Scope):
    institute = scope.person.institute if scope.person else None
    return selectors.current_campaign(institute)


def secretary_panel(scope: Scope) -> dict | None:
    """Plan and pledge states of the units the secretary looks after."""
    campaign = _campaign(scope)
    if campaign is None:
        return None
    kinds = [k for k in Role.MANAGING if k != Role.Kind.OFFICE]
    units = [r.node for r in scope.roles_of(*kinds)]
    plans = {
        p.unit_id: p for p in Plan.objects.filter(campaign=campaign, unit__in=units)
    }
    counts = {
        row["unit_id"]: row
        for row in Pledge.objects.filter(campaign=campaign, unit__in=units)
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            published=Count("pk", filter=Q(status=Status.PUBLISHED)),
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        )
    }
    rows = []
    for unit in units:
        rows.append(
            {
                "unit": unit,
                "plan": plans.get(unit.pk),
                "pledges": counts.get(unit.pk, {}),
                "missing": list(selectors.members_without_pledge(campaign, unit)[:20])
                if unit.kind == "branch"
                else [],
            }
        )
    awaiting = selectors.awaiting_approval(scope, campaign)
    return {"campaign": campaign, "rows": rows, "awaiting": awaiting}


def member_panel(scope: Scope) -> dict | None:
    """The member's own pledge and its progress."""
    campaign = _campaign(scope)
    if campaign is None or scope.person is None:
        return None
    pledges = list(
        Pledge.objects.filter(campaign=campaign, person=scope.person)
        .select_related("unit")
        .prefetch_related("items")
    )
    return {"campaign": campaign, "pledges": pledges, "branch": scope.person.branch}


def staff_panel(scope: Scope) -> dict | None:
    """A pointer to the public board, with how much is on it."""
    campaign = _campaign(scope)
    if campaign is None:
        return None
    return {
        "campaign": campaign,
        "pledge_count": selectors.board_pledges(scope, campaign).count(),
        "plan_count": selectors.board_plans(scope, campaign).count(),
    }


def office_panel(scope: Scope) -> dict | None:
    """Filing progress by state in the office's scope."""
    campaign = _campaign(scope)
    if campaign is None:
        return {"campaign": None}
    return {"campaign": campaign, "counts": selectors.filing_counts(scope, campaign)}


def register() -> None:
    register_panel("secretary", "pledges/panels/secretary.html", secretary_panel)
    register_panel(
        "general_secretary", "pledges/panels/secretary.html", secretary_panel
    )
    register_panel("mass", "pledges/panels/secretary.html", secretary_panel)
    register_panel("mass", "pledges/panels/member.html", member_panel)
    register_panel("member", "pledges/panels/member.html", member_panel)
    register_panel("secretary", "pledges/panels/member.html", member_panel)
    register_panel("staff", "pledges/panels/staff.html", staff_panel)
    register_panel("member", "pledges/panels/staff.html", staff_panel)
    register_panel("office", "pledges/panels/office.html", office_panel)
    register_panel("leader", "pledges/panels/office.html", office_panel)
