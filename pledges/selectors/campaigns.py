"""Campaigns."""

import datetime
import functools

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import rows, versioned_cache
from core.request_cache import memo
from organizations.access import Scope
from organizations.models import Organization, Person, Role
from pledges.access import campaign_body_q, readable_campaigns_q
from pledges.models import PHASES, Campaign


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
    # Read once per request, not kept across requests: a list page's query count must
    # not depend on whether a write came before it (one indexed query either way).
    # The query is ``campaigns_covering(unit).select_related("scope",
    # *CAMPAIGN_ONE_TO_ONE)`` written out once per process (core.rows): every page
    # with the phase banner runs it, and compiling the queryset cost more than
    # running it.
    from django.db import connection

    ids = [*unit.ancestor_ids(), unit.pk]
    sql, related = _covering_sql(tuple(CAMPAIGN_ONE_TO_ONE))
    with connection.cursor() as cursor:
        cursor.execute(
            sql.replace("(:units)", f"({', '.join(['%s'] * len(ids))})"), ids
        )
        found = cursor.fetchall()
    db = connection.alias
    campaign_load = rows.loader(Campaign, db)
    scope_load = rows.loader(Organization, db)
    scope_field = Campaign._meta.get_field("scope")
    loads = [(rel, rows.loader(rel.related_model, db)) for rel in related]
    campaigns = []
    for row in found:
        campaign, start = rows.instance(campaign_load, db, row, 0)
        scope, start = rows.instance(scope_load, db, row, start)
        scope_field.set_cached_value(campaign, scope)
        for rel, load in loads:
            obj, start = rows.instance(load, db, row, start)
            rel.set_cached_value(campaign, obj)  # None: the campaign has none
            if obj is not None:
                rel.field.set_cached_value(obj, campaign)
        campaigns.append(campaign)
    _share_one_to_ones(campaigns)
    return campaigns


@functools.cache
def _covering_sql(one_to_ones: tuple[str, ...]) -> tuple[str, list]:
    """The text of :func:`_covering_campaigns`' query (``(:units)``: where the
    units' keys go) and the one-to-one relations it joins, in column order."""
    from django.db import connection

    q = connection.ops.quote_name
    related = [Campaign._meta.get_field(name) for name in one_to_ones]
    columns = rows.columns(Campaign, "c", q) + rows.columns(Organization, "s", q)
    joins = []
    for n, rel in enumerate(related):
        columns += rows.columns(rel.related_model, f"o{n}", q)
        joins.append(
            f" LEFT JOIN {q(rel.related_model._meta.db_table)} o{n}"
            f" ON o{n}.{q(rel.field.column)} = c.{q(rel.field.target_field.column)}"
        )
    # Only quoted table and column names of the models go into the text.
    select = f"SELECT {', '.join(columns)} FROM {q(Campaign._meta.db_table)} c"  # noqa: S608  # nosec B608: model names, quoted
    sql = (
        select + f" INNER JOIN {q(Organization._meta.db_table)} s"
        f" ON s.{q('id')} = c.{q('scope_id')}{''.join(joins)}"
        f" WHERE c.{q('scope_id')} IN (:units) AND c.{q('is_active')}"
        f" ORDER BY c.{q('id')}"
    )
    return sql, related


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
        # The same for everyone of one reach (readable_campaigns_q reads nothing
        # else): kept like any figure (compiling the filter on the reach's paths was
        # a third of the office dashboard), its one-to-ones with it.
        campaigns = versioned_cache.get_or_compute(
            versioned_cache.FIGURES,
            scope.institute_id,
            ("visible_campaigns", versioned_cache.reach_key(scope)),
            lambda: list(campaigns_for(scope).select_related(*CAMPAIGN_ONE_TO_ONE)),
        )
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
