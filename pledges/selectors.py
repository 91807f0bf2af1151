"""Reads of campaigns, plans, pledges and progress that take more than one line.

Every list here keeps a fixed number of queries whatever its size (select_related,
prefetch_related, annotations), and is filtered by the reader's scope.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core.request_cache import memo
from organizations.access import Scope
from organizations.models import MassMembership, Organization, Person, Role
from pledges.access import (
    board_pledge_q,
    board_unit_q,
    campaign_body_q,
    reaches,
    readable_campaigns_q,
)
from pledges.models import (
    PHASES,
    PLAN_UNIT_KINDS,
    Campaign,
    Criterion,
    Plan,
    PlanMeasure,
    Pledge,
    PledgeItem,
    ProgressUpdate,
    Status,
    SupervisionComment,
)

# ---------------------------------------------------------------------------
# Campaigns


def campaigns_covering(unit: Organization) -> QuerySet[Campaign]:
    """Campaigns held at the unit or any unit above it."""
    return Campaign.objects.filter(
        scope_id__in=[*unit.ancestor_ids(), unit.pk], is_active=True
    )


def current_campaign(
    unit: Organization | None, today: datetime.date | None = None
) -> Campaign | None:
    """The campaign running for the unit today; else the next one; else the last one.

    Where campaigns are held at several levels, the nearest level wins.
    """
    if unit is None:
        return None
    today = today or timezone.localdate()
    return memo(
        ("current_campaign", unit.pk, today), lambda: _current_campaign(unit, today)
    )


#: Rows other apps keep one-to-one with a campaign and show on the same pages (their
#: reverse accessor names). :func:`covering_campaigns` loads them in its one query and
#: hands each to the request cache under ``(name, campaign.pk)``, the key their own
#: loaders ask ``memo`` for: so they cost nothing more on a GET request.
CAMPAIGN_ONE_TO_ONE: list[str] = []


def share_with_campaigns(name: str) -> None:
    """Load the campaign's one-to-one ``name`` with :func:`covering_campaigns`."""
    if name not in CAMPAIGN_ONE_TO_ONE:
        CAMPAIGN_ONE_TO_ONE.append(name)


def covering_campaigns(unit: Organization) -> list[Campaign]:
    """``campaigns_covering(unit)`` with their scopes, loaded once per GET request."""
    return memo(("covering_campaigns", unit.pk), lambda: _covering_campaigns(unit))


def _covering_campaigns(unit: Organization) -> list[Campaign]:
    campaigns = list(
        campaigns_covering(unit).select_related("scope", *CAMPAIGN_ONE_TO_ONE)
    )
    _share_one_to_ones(campaigns)
    return campaigns


def _share_one_to_ones(campaigns: list[Campaign]) -> None:
    # Handed to the request cache only (nothing outside a GET request), and taken off
    # the campaigns: ``campaign.score_run`` still reads the database as before.
    for campaign in campaigns:
        for name in CAMPAIGN_ONE_TO_ONE:
            rel = Campaign._meta.get_field(name)
            if rel.is_cached(campaign):
                row = rel.get_cached_value(campaign)
                rel.delete_cached_value(campaign)
                memo((name, campaign.pk), lambda row=row: row)


def _current_campaign(unit: Organization, today: datetime.date) -> Campaign | None:
    # One query: a unit is covered by a handful of campaigns (one a year and level).
    campaigns = covering_campaigns(unit)
    running = [c for c in campaigns if c.phase1_start <= today <= c.phase5_end]
    if running:
        return max(running, key=lambda c: (c.scope.depth, c.year))
    upcoming = [c for c in campaigns if c.phase1_start > today]
    if upcoming:
        return min(upcoming, key=lambda c: (c.phase1_start, -c.scope.depth))
    if campaigns:
        return max(campaigns, key=lambda c: (c.year, c.scope.depth))
    return None


def current_campaign_for(scope: Scope) -> Campaign | None:
    """The campaign current for the user's institute (:func:`current_campaign`)."""
    institute = scope.person.institute if scope.person else None
    return current_campaign(institute)


def campaign_for_scope(scope: Scope, campaign_id=None) -> Campaign | None:
    """The campaign a page shows: the one asked for if readable, else the current one.

    A superuser belongs to no institute: they are shown the newest campaign."""
    from pledges.access import can_read_campaign

    if campaign_id and str(campaign_id).isdigit():
        chosen = Campaign.objects.select_related("scope").filter(pk=campaign_id).first()
        if chosen is not None and can_read_campaign(scope, chosen):
            return chosen
    campaign = current_campaign_for(scope)
    if campaign is None and scope.is_superuser:
        campaign = Campaign.objects.select_related("scope").order_by("-year").first()
    return campaign


def campaigns_for(scope: Scope, *, running_first: bool = False) -> QuerySet[Campaign]:
    """Campaigns the user may see (``pledges.access.can_read_campaign`` as a filter):
    those held at, above or inside their institute, and at, above or inside the units
    their roles reach; newest first, or with ``running_first`` the running ones
    before the others (the scoring and award pages' campaign switcher)."""
    order = ("-year", "scope__path", "pk")
    if running_first:
        order = ("-is_active", *order)
    return (
        Campaign.objects.select_related("scope")
        .filter(readable_campaigns_q(scope))
        .order_by(*order)
    )


def visible_campaigns(scope: Scope) -> list[Campaign]:
    """:func:`campaigns_for` as a list, once per GET request. The campaigns over one's
    institute are among them: :func:`covering_campaigns` is answered from the same
    query for the rest of the request."""

    def load() -> list[Campaign]:
        campaigns = list(campaigns_for(scope).select_related(*CAMPAIGN_ONE_TO_ONE))
        _share_one_to_ones(campaigns)
        institute = scope.person.institute if scope.person else None
        if institute is not None:
            ids = {*institute.ancestor_ids(), institute.pk}
            covering = [c for c in campaigns if c.is_active and c.scope_id in ids]
            memo(("covering_campaigns", institute.pk), lambda: covering)
        return campaigns

    return memo(("visible_campaigns", scope.user_id), load)


def campaign_body_people(campaign: Campaign, kind: str) -> list[Person]:
    """People in service holding ``kind`` (office or leader) in one of the campaign's
    bodies (``pledges.access.body_serves_campaign``), by primary key."""
    roles = Role.objects.filter(campaign_body_q(campaign), kind=kind)
    return list(
        Person.objects.filter(
            is_active=True, pk__in=roles.values("person_id")
        ).order_by("pk")
    )


def campaign_office(campaign: Campaign) -> list[Person]:
    """The campaign's activity office (活动办公室): every participating institute's
    office for a campaign held above institutes. Whom the calendar, the inspections
    and the awards tell; approvers take the part of it over the unit's institute."""
    return campaign_body_people(campaign, Role.Kind.OFFICE)


def campaign_leaders(campaign: Campaign) -> list[Person]:
    """The campaign's leading group (领导小组): who signs off its award list."""
    return campaign_body_people(campaign, Role.Kind.LEADER)


def phase_label(campaign: Campaign, today: datetime.date | None = None) -> str:
    """“2026 · 第2阶段 积极争创，扎实推进” for the page header."""
    phase = campaign.phase_on(today or timezone.localdate())
    if phase is None:
        return ""
    return _("%(year)s campaign · phase %(n)s: %(name)s") % {
        "year": campaign.year,
        "n": phase["number"],
        "name": phase["name"],
    }


def phase_names() -> list[tuple[int, str]]:
    return list(PHASES)


# ---------------------------------------------------------------------------
# Plans and pledges


def _search(qs: QuerySet, query: str, fields: list[str]) -> QuerySet:
    if not query:
        return qs
    q = Q()
    for f in fields:
        q |= Q(**{f"{f}__icontains": query})
    return qs.filter(q)


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=PledgeItem.objects.select_related("criterion").order_by("order", "pk"),
    )


def _measures_prefetch() -> Prefetch:
    return Prefetch(
        "measures",
        queryset=PlanMeasure.objects.select_related("owner").order_by("order", "pk"),
    )


def board_plans(
    scope: Scope,
    campaign: Campaign,
    *,
    query: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
) -> QuerySet[Plan]:
    """Published plans on the user's board (公开承诺), with their measures."""
    plans = (
        Plan.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_unit_q(scope))
        .select_related("unit", "unit__category", "unit__parent")
        .prefetch_related(_measures_prefetch(), "milestones")
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("unit__path")
    )
    if unit_id:
        plans = plans.filter(unit_id=unit_id)
    if category_id:
        plans = plans.filter(unit__category_id=category_id)
    return _search(
        plans, query, ["unit__name", "focus", "targets", "measures__text"]
    ).distinct()


def board_pledges(
    scope: Scope,
    campaign: Campaign,
    *,
    query: str = "",
    unit_id: int | None = None,
    category_id: int | None = None,
    criterion_id: int | None = None,
) -> QuerySet[Pledge]:
    """Published pledges on the user's board, with their items and 带头."""
    pledges = (
        Pledge.objects.filter(campaign=campaign, status=Status.PUBLISHED)
        .filter(board_pledge_q(scope))
        .select_related("unit", "unit__category", "person", "person__department")
        .prefetch_related(_items_prefetch())
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("unit__path", "person__staff_no")
    )
    if unit_id:
        pledges = pledges.filter(unit_id=unit_id)
    if category_id:
        pledges = pledges.filter(unit__category_id=category_id)
    if criterion_id:
        pledges = pledges.filter(
            Exists(
                PledgeItem.objects.filter(pledge=OuterRef("pk")).filter(
                    Q(criterion_id=criterion_id) | Q(criterion__parent_id=criterion_id)
                )
            )
        )
    return _search(
        pledges,
        query,
        ["person__name", "unit__name", "plans", "direction", "items__text"],
    ).distinct()


def board_filter_choices(scope: Scope, campaign: Campaign) -> dict:
    """Units, categories and 带头 to filter the board by."""
    units = (
        Organization.objects.filter(kind__in=PLAN_UNIT_KINDS, is_active=True)
        .filter(board_unit_q(scope, prefix=""))
        .filter(path__startswith=campaign.scope.path)
        .order_by("path")
        .only("pk", "name", "path")
    )
    criteria = (
        Criterion.objects.filter(
            criteria_set__campaign=campaign,
            criteria_set__audience="person",
            parent__isnull=True,
        )
        .select_related("criteria_set")
        .order_by("criteria_set__order", "order")
    )
    from organizations.models import BranchCategory

    categories = BranchCategory.objects.filter(
        Q(institute__path__startswith=campaign.scope.path)
        | Q(institute_id=campaign.scope.institute_id)
    )
    return {"units": units, "criteria": criteria, "categories": categories}


def unit_pledges(
    campaign: Campaign, unit: Organization, *, published_only: bool = True
) -> QuerySet[Pledge]:
    pledges = (
        Pledge.objects.filter(campaign=campaign, unit=unit)
        .select_related("person", "unit")
        .prefetch_related(_items_prefetch())
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("person__staff_no")
    )
    if published_only:
        pledges = pledges.filter(status=Status.PUBLISHED)
    return pledges


def unit_plan(campaign: Campaign, unit: Organization, *, published_only=True):
    plans = Plan.objects.filter(campaign=campaign, unit=unit).prefetch_related(
        _measures_prefetch(), "milestones"
    )
    if published_only:
        plans = plans.filter(status=Status.PUBLISHED)
    return plans.first()


def plans_for(
    scope: Scope, campaign: Campaign, *, status: str = "", query: str = ""
) -> QuerySet[Plan]:
    """Plans in every state within the units the user's roles reach."""
    plans = (
        Plan.objects.filter(campaign=campaign)
        .filter(scope.path_q("unit__path"))
        .select_related("unit", "unit__parent", "unit__category", "updated_by__person")
        .order_by("unit__path")
    )
    if status:
        plans = plans.filter(status=status)
    return _search(plans, query, ["unit__name"])


def pledges_for(
    scope: Scope,
    campaign: Campaign,
    *,
    status: str = "",
    query: str = "",
    unit: Organization | None = None,
) -> QuerySet[Pledge]:
    """Pledges in every state within the units the user's roles reach, and their own."""
    q = scope.path_q("unit__path")
    if scope.person is not None:
        q |= Q(person=scope.person)
    pledges = (
        Pledge.objects.filter(campaign=campaign)
        .filter(q)
        .select_related("unit", "person", "updated_by__person")
        .annotate(item_count=Count("items"))
        .order_by("unit__path", "person__staff_no")
    )
    if status:
        pledges = pledges.filter(status=status)
    if unit is not None:
        pledges = pledges.filter(unit=unit)
    return _search(pledges, query, ["person__name", "person__staff_no", "unit__name"])


# ---------------------------------------------------------------------------
# Who has not filed: one rule for the dashboards, the home panels, the campaign page
# and the calendar's reminders.


def units_due_a_plan(campaign: Campaign) -> QuerySet[Organization]:
    """Units the campaign expects a plan (争创计划) from: its active party branches.

    Mass-organisation units may file a plan too (the plan list offers them one), but
    nothing counts or reminds them as missing."""
    return Organization.objects.filter(
        kind=Organization.Kind.BRANCH,
        is_active=True,
        path__startswith=campaign.scope.path,
    )


def units_without_plan(campaign: Campaign) -> QuerySet[Organization]:
    """:func:`units_due_a_plan` that have no plan in the campaign, in any state."""
    return units_due_a_plan(campaign).exclude(
        Exists(Plan.objects.filter(campaign=campaign, unit=OuterRef("pk")))
    )


def members_due_a_pledge(campaign: Campaign) -> QuerySet[Person]:
    """Members the campaign expects a pledge (承诺书) from: the active party members of
    :func:`units_due_a_plan`, each in their own branch."""
    return Person.objects.filter(
        is_active=True,
        political_status__in=Person.PARTY_STATUSES,
        branch__in=units_due_a_plan(campaign),
    )


def members_without_pledge_filed(campaign: Campaign) -> QuerySet[Person]:
    """:func:`members_due_a_pledge` with no pledge in their own branch (a pledge in a
    mass organisation is another one and does not count)."""
    return members_due_a_pledge(campaign).exclude(
        Exists(
            Pledge.objects.filter(
                campaign=campaign, person=OuterRef("pk"), unit=OuterRef("branch")
            )
        )
    )


def unit_members(unit: Organization) -> QuerySet[Person]:
    """Who may file a pledge in the unit: its party members, or its mass members."""
    people = Person.objects.filter(is_active=True, institute_id=unit.institute_id)
    if unit.kind == Organization.Kind.BRANCH:
        return people.filter(branch=unit, political_status__in=Person.PARTY_STATUSES)
    return people.filter(
        pk__in=MassMembership.objects.filter(unit=unit).values("person_id")
    )


def members_without_pledge(campaign: Campaign, unit: Organization) -> QuerySet[Person]:
    return (
        unit_members(unit)
        .exclude(
            pk__in=Pledge.objects.filter(campaign=campaign, unit=unit).values(
                "person_id"
            )
        )
        .order_by("staff_no")
    )


def members_without_pledge_in(
    campaign: Campaign, units: list[Organization], *, limit: int = 100
) -> list[tuple[Organization, list[Person]]]:
    """For several units at once (two queries): the members who have filed no pledge."""
    by_unit: dict[int, list[Person]] = {u.pk: [] for u in units}
    pledged = Pledge.objects.filter(campaign=campaign, unit__in=units)
    branches = [u.pk for u in units if u.kind == Organization.Kind.BRANCH]
    if branches:
        people = (
            Person.objects.filter(
                is_active=True,
                branch_id__in=branches,
                political_status__in=Person.PARTY_STATUSES,
            )
            .exclude(
                Exists(pledged.filter(person=OuterRef("pk"), unit=OuterRef("branch")))
            )
            .order_by("staff_no")
        )
        for person in people:
            by_unit[person.branch_id].append(person)
    mass = [u.pk for u in units if u.is_mass]
    if mass:
        memberships = (
            MassMembership.objects.filter(unit_id__in=mass, person__is_active=True)
            .exclude(
                Exists(pledged.filter(person=OuterRef("person"), unit=OuterRef("unit")))
            )
            .select_related("person")
            .order_by("person__staff_no")
        )
        for membership in memberships:
            by_unit[membership.unit_id].append(membership.person)
    return [(u, by_unit[u.pk][:limit]) for u in units if by_unit[u.pk]]


def filing_counts(scope: Scope, campaign: Campaign) -> dict:
    """Plans and pledges by state within the user's reach, and units without a plan."""
    in_reach = scope.path_q("unit__path")
    plans = dict(
        Plan.objects.filter(campaign=campaign)
        .filter(in_reach)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    pledges = dict(
        Pledge.objects.filter(campaign=campaign)
        .filter(in_reach)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    units = units_without_plan(campaign).filter(scope.path_q("path")).count()
    rows = [
        {
            "status": value,
            "label": label,
            "plans": plans.get(value, 0),
            "pledges": pledges.get(value, 0),
        }
        for value, label in Status.choices
    ]
    return {
        "rows": rows,
        "branches_without_plan": units,
        "plans_total": sum(plans.values()),
        "pledges_total": sum(pledges.values()),
    }


AWAITING_SHOWN = 50  # the approval lists show the first 50 of each, oldest first


def awaiting_among(scope: Scope, plans, pledges) -> dict:
    """The submitted plans and pledges among rows already loaded (with their units)
    that this user may approve: the first ``AWAITING_SHOWN`` of each by submission."""

    def first(rows):
        rows = sorted(
            (
                r
                for r in rows
                if r.status == Status.SUBMITTED and scope.can_manage_unit(r.unit)
            ),
            key=lambda r: (
                r.submitted_at is None,
                r.submitted_at or r.created_at,
                r.pk,
            ),
        )
        return [r for r in rows[:AWAITING_SHOWN] if r.can_approve(scope)]

    return {"plans": first(plans), "pledges": first(pledges)}


def awaiting_approval(scope: Scope, campaign: Campaign) -> dict:
    """Submitted plans and pledges this user may approve."""

    def submitted(model, *related):
        return (
            model.objects.filter(campaign=campaign, status=Status.SUBMITTED)
            .filter(scope.path_q("unit__path", write=True))
            .select_related(*related)
            .order_by("submitted_at", "pk")[:AWAITING_SHOWN]
        )

    return awaiting_among(
        scope,
        submitted(Plan, "unit", "unit__parent"),
        submitted(Pledge, "unit", "person"),
    )


# ---------------------------------------------------------------------------
# Comments, progress


def comments_on(target) -> QuerySet[SupervisionComment]:
    field = "plan" if isinstance(target, Plan) else "pledge"
    return (
        SupervisionComment.objects.filter(**{field: target})
        .select_related("author__person", "answered_by__person")
        .order_by("-created_on", "id")
    )


def progress_history(subject) -> QuerySet[ProgressUpdate]:
    field = "item" if isinstance(subject, PledgeItem) else "measure"
    return (
        ProgressUpdate.objects.filter(**{field: subject})
        .select_related("reported_by__person")
        .prefetch_related("evidence")
        .order_by("-reported_at", "-pk")
    )


def _latest_updates() -> Prefetch:
    return Prefetch(
        "updates",
        queryset=ProgressUpdate.objects.prefetch_related("evidence").order_by(
            "-reported_at", "-pk"
        ),
    )


def unit_progress(campaign: Campaign, unit: Organization) -> dict:
    """The unit's plan measures and its members' committed items with latest status."""
    plan = (
        Plan.objects.filter(campaign=campaign, unit=unit, status=Status.PUBLISHED)
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=PlanMeasure.objects.select_related("owner")
                .prefetch_related(_latest_updates())
                .order_by("order", "pk"),
            )
        )
        .first()
    )
    pledges = (
        Pledge.objects.filter(campaign=campaign, unit=unit, status=Status.PUBLISHED)
        .select_related("person")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PledgeItem.objects.select_related("criterion")
                .prefetch_related(_latest_updates())
                .order_by("order", "pk"),
            )
        )
        .order_by("person__staff_no")
    )
    return {"plan": plan, "pledges": pledges}


def overdue_counts(campaign: Campaign, unit: Organization) -> dict:
    today = timezone.localdate()
    items = PledgeItem.objects.filter(
        pledge__campaign=campaign,
        pledge__unit=unit,
        pledge__status=Status.PUBLISHED,
        due_on__lt=today,
    ).exclude(progress_status="done")
    measures = PlanMeasure.objects.filter(
        plan__campaign=campaign,
        plan__unit=unit,
        plan__status=Status.PUBLISHED,
        due_on__lt=today,
    ).exclude(progress_status="done")
    return {"items": items.count(), "measures": measures.count()}


# ---------------------------------------------------------------------------
# Versions


def version_diff(old: dict | None, new: dict) -> list[dict]:
    """What changed between two snapshots: changed text fields, rows added and removed."""
    old = old or {}
    labels = {
        "focus": _("Focus"),
        "targets": _("Target results"),
        "plans": _("Concrete plans"),
        "direction": _("Direction of effort"),
        "measures": _("Measures"),
        "milestones": _("Milestones"),
        "items": _("Committed items"),
    }
    changes = []
    for key, value in new.items():
        before = old.get(key)
        if isinstance(value, list):
            render = _row_text
            old_rows = [render(r) for r in (before or [])]
            new_rows = [render(r) for r in value]
            added = [r for r in new_rows if r not in old_rows]
            removed = [r for r in old_rows if r not in new_rows]
            if added or removed:
                changes.append(
                    {
                        "field": labels.get(key, key),
                        "added": added,
                        "removed": removed,
                    }
                )
        elif before != value:
            changes.append(
                {"field": labels.get(key, key), "before": before or "", "after": value}
            )
    return changes


def _row_text(row: dict) -> str:
    parts = [row.get("due_on", ""), row.get("text", "")]
    if row.get("target"):
        parts.append(f"（{row['target']}）")
    if row.get("criterion"):
        parts.append(f"[{row['criterion']}]")
    if row.get("owner"):
        parts.append(f"· {row['owner']}")
    return " ".join(p for p in parts if p)


def versions_with_diffs(versions) -> list[dict]:
    """Versions newest first, each with what it changed against the one before."""
    rows = sorted(versions, key=lambda v: v.number)
    result = []
    previous = None
    for v in rows:
        result.append(
            {
                "version": v,
                "changes": version_diff(
                    previous.snapshot if previous else None, v.snapshot
                )
                if previous
                else [],
            }
        )
        previous = v
    return list(reversed(result))


def is_reachable(scope: Scope, unit: Organization) -> bool:
    return reaches(scope, unit)
