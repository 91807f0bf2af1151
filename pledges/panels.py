"""Panels this app adds to each role's home page (首页), listed in ``pledges.nav``."""

from django.db.models import Count, Q, prefetch_related_objects

from core.request_cache import memo
from organizations.access import Scope
from organizations.models import Organization, Role
from pledges import selectors
from pledges.models import PLAN_UNIT_KINDS, Plan, Pledge, Status


def _campaign(scope: Scope):
    return selectors.current_campaign_for(scope)


def _managed_units(scope: Scope):
    kinds = [k for k in Role.MANAGING if k != Role.Kind.OFFICE]
    return [r.node for r in scope.roles_of(*kinds)]


def _home_pledges(scope: Scope, campaign) -> list[Pledge]:
    """In one query (once per GET request): the pledges of the units one looks after,
    one's own pledges, and the submitted pledges one may approve."""

    def load() -> list[Pledge]:
        q = Q(unit__in=_managed_units(scope)) | (
            Q(status=Status.SUBMITTED) & scope.path_q("unit__path", write=True)
        )
        if scope.person is not None:
            q |= Q(person=scope.person)
        return list(
            Pledge.objects.filter(q, campaign=campaign).select_related("unit", "person")
        )

    return memo(("home_pledges", scope.user_id, campaign.pk), load)


def own_pledges(scope: Scope, campaign) -> list[Pledge]:
    """One's pledges in the campaign with their items (once per GET request)."""

    def load() -> list[Pledge]:
        own = [
            p for p in _home_pledges(scope, campaign) if p.person_id == scope.person.pk
        ]
        prefetch_related_objects(own, "items")
        return own

    return memo(("own_pledges", scope.user_id, campaign.pk), load)


def secretary_panel(scope: Scope) -> dict | None:
    """Plan and pledge states of the units the secretary looks after."""
    campaign = _campaign(scope)
    if campaign is None:
        return None
    units = _managed_units(scope)
    # The units' plans and the submitted plans one may approve: one query.
    plan_rows = list(
        Plan.objects.filter(
            Q(unit__in=units)
            | (Q(status=Status.SUBMITTED) & scope.path_q("unit__path", write=True)),
            campaign=campaign,
        ).select_related("unit", "unit__parent")
    )
    unit_ids = {u.pk for u in units}
    plans = {p.unit_id: p for p in plan_rows if p.unit_id in unit_ids}
    pledge_rows = _home_pledges(scope, campaign)
    counts: dict[int, dict] = {}
    for pledge in pledge_rows:
        if pledge.unit_id not in unit_ids:
            continue
        row = counts.setdefault(
            pledge.unit_id,
            {"unit_id": pledge.unit_id, "total": 0, "published": 0, "submitted": 0},
        )
        row["total"] += 1
        row["published"] += pledge.status == Status.PUBLISHED
        row["submitted"] += pledge.status == Status.SUBMITTED
    rows = []
    for unit in units:
        rows.append(
            {
                "unit": unit,
                "plan": plans.get(unit.pk),
                "can_plan": unit.kind in PLAN_UNIT_KINDS,
                "below": None
                if unit.kind in PLAN_UNIT_KINDS
                else _below(unit, campaign),
                "pledges": counts.get(unit.pk, {}),
                "missing": list(selectors.members_without_pledge(campaign, unit)[:20])
                if unit.kind == "branch"
                else [],
            }
        )
    awaiting = selectors.awaiting_among(scope, plan_rows, pledge_rows)
    return {"campaign": campaign, "rows": rows, "awaiting": awaiting}


def _below(unit, campaign) -> dict:
    """A unit that files no plan itself (a 党总支): its branches' plans and pledges, in
    one query (distinct counts: a branch's plans and pledges are joined side by side)."""
    P = Status

    def count(rows: str, **only) -> Count:
        q = Q(**{f"{rows}__campaign": campaign})
        for field, value in only.items():
            q &= Q(**{f"{rows}__{field}": value})
        return Count(f"{rows}__pk", filter=q, distinct=True)

    figures = Organization.objects.filter(
        path__startswith=unit.path, kind=Organization.Kind.BRANCH, is_active=True
    ).aggregate(
        branches=Count("pk", distinct=True),
        plans_filed=count("plans"),
        plans_published=count("plans", status=P.PUBLISHED),
        plans_submitted=count("plans", status=P.SUBMITTED),
        pledges_total=count("pledges"),
        pledges_published=count("pledges", status=P.PUBLISHED),
        pledges_submitted=count("pledges", status=P.SUBMITTED),
    )
    return {
        "branches": figures["branches"],
        "plans": {
            "filed": figures["plans_filed"],
            "published": figures["plans_published"],
            "submitted": figures["plans_submitted"],
        },
        "pledges": {
            "total": figures["pledges_total"],
            "published": figures["pledges_published"],
            "submitted": figures["pledges_submitted"],
        },
    }


def member_panel(scope: Scope) -> dict | None:
    """The member's own pledge and its progress."""
    campaign = _campaign(scope)
    if campaign is None or scope.person is None:
        return None
    pledges = own_pledges(scope, campaign)
    return {"campaign": campaign, "pledges": pledges, "branch": scope.person.branch}


def staff_panel(scope: Scope) -> dict | None:
    """A pointer to the public board, with how much is on it."""
    campaign = _campaign(scope)
    if campaign is None:
        return None
    return {
        "campaign": campaign,
        "pledge_count": selectors.board_pledge_count(scope, campaign),
        "plan_count": selectors.board_plan_count(scope, campaign),
    }


def office_panel(scope: Scope) -> dict | None:
    """Filing progress by state in the office's scope."""
    campaign = _campaign(scope)
    if campaign is None:
        return {"campaign": None}
    return {"campaign": campaign, "counts": selectors.filing_counts(scope, campaign)}
