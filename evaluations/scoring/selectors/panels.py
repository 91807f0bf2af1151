"""Campaigns and home panels."""

import functools
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, OuterRef, Subquery, Sum

from core import rows
from evaluations.models import CriteriaVersion, Score, ScoreSheet, ScoringLine
from evaluations.scoring.selectors.common import WRITER_ROLES
from evaluations.scoring.selectors.daitou import assessment_rows
from evaluations.scoring.selectors.scores import published_campaigns_for, score_run
from evaluations.scoring.selectors.sheets import sheet_status_counts
from organizations.access import Scope
from organizations.models import Person
from pledges import selectors as pledge_selectors
from pledges.models import Campaign, CriteriaSet, Criterion


def criteria_sets_overview(campaign: Campaign) -> list[CriteriaSet]:
    """The campaign's sets with their line counts and latest version (3 queries)."""
    line_points = (
        ScoringLine.objects.filter(
            criteria_set=OuterRef("pk"), kind=ScoringLine.Kind.REGULAR
        )
        .values("criteria_set")
        .annotate(total=Sum("max_points"))
        .values("total")[:1]
    )
    item_weights = (
        Criterion.objects.filter(criteria_set=OuterRef("pk"), parent__isnull=True)
        .values("criteria_set")
        .annotate(total=Sum("weight"))
        .values("total")[:1]
    )
    sets = list(
        campaign.criteria_sets.annotate(
            line_count=Count("scoring_lines", distinct=True),
            item_count=Count("criteria", distinct=True),
            line_points=Subquery(line_points),
            item_weights=Subquery(item_weights),
        ).order_by("order", "pk")
    )
    latest: dict[int, CriteriaVersion] = {}
    for version in CriteriaVersion.objects.filter(
        criteria_set__campaign=campaign
    ).order_by("criteria_set_id", "number"):
        latest[version.criteria_set_id] = version
    for s in sets:
        s.version = latest.get(s.pk)
        # The total a set is scored out of: its scored lines' points for a unit, its
        # items' weights for a person (both 100 in the defaults).
        s.total = (
            s.line_points if s.audience == CriteriaSet.Audience.UNIT else s.item_weights
        )
    return sets


def office_panel(scope: Scope) -> dict | None:
    campaign = pledge_selectors.current_campaign_for(scope)
    if campaign is None:
        return None
    return {
        "campaign": campaign,
        "counts": sheet_status_counts(campaign=campaign),
        "run": score_run(campaign),
    }


def secretary_panel(scope: Scope) -> dict | None:
    campaign = pledge_selectors.current_campaign_for(scope)
    if campaign is None:
        return None
    unit_ids = [r.node_id for r in scope.roles_of(*WRITER_ROLES)]
    if not unit_ids:
        return None
    sheets = _sheets(campaign, unit_ids)
    # The role's units are loaded with the roles.
    nodes = {r.node_id: r.node for r in scope.roles_of(*WRITER_ROLES)}
    units = sorted(nodes.values(), key=lambda u: u.path)
    run = score_run(campaign)
    return {
        "campaign": campaign,
        "units": [(u, sheets.get(u.pk)) for u in units],
        "published": bool(run and run.is_published),
    }


class _Sheet(NamedTuple):
    """What the panel shows of a unit's sheet: its state in words."""

    get_status_display: str


def _sheets(campaign: Campaign, unit_ids: list[int]) -> dict[int, _Sheet]:
    """The units' sheets in the campaign (one a unit), by a query written once per
    process: the panel shows only their state."""
    with connection.cursor() as cursor:
        cursor.execute(
            _sheets_sql(connection.vendor),
            [campaign.pk, rows.ids_param(connection.vendor, unit_ids)],
        )
        found = cursor.fetchall()
    labels = dict(ScoreSheet._meta.get_field("status").flatchoices)
    return {
        unit_id: _Sheet(str(labels.get(status, status))) for unit_id, status in found
    }


@functools.cache
def _sheets_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    # Only quoted table and column names of the model go into the text.
    return (
        f"SELECT {q('unit_id')}, {q('status')}"  # noqa: S608  # nosec B608: model names, quoted
        f" FROM {q(ScoreSheet._meta.db_table)}"
        f" WHERE {q('campaign_id')} = %s AND {q('unit_id')}{rows.in_ids(vendor)}"
    )


def member_panel(scope: Scope) -> dict | None:
    if scope.person is None or not scope.person.is_party_member:
        return None
    score = latest_score(scope.person)
    if score is None:
        return None
    return {"score": score}


# Only what the panel shows: the campaign's thirty columns cost for nothing.
_SCORE_FIELDS = ("score", "grade", "campaign__year", "person_id")
_ANY_PERSON = -7_160_001  # a key no person has: the SQL is compiled once for it


def latest_score(person: Person) -> Score | None:
    """The person's newest published score (``published_campaigns_for``, first),
    with its campaign's year: the query is compiled once per process for a
    stand-in person and run with the person's key (on every member's home)."""
    db = connection.alias
    sql, params = rows.compiled(
        "latest_score",
        lambda: (
            published_campaigns_for(Person(pk=_ANY_PERSON))
            .only(*_SCORE_FIELDS)[:1]
            .query.sql_with_params()
        ),
    )
    params = rows.with_keys(params, {_ANY_PERSON: person.pk})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    score_names, campaign_names = _score_columns()
    score = Score.from_db(db, score_names, row[: len(score_names)])
    campaign = Campaign.from_db(db, campaign_names, row[len(score_names) :])
    Score._meta.get_field("campaign").set_cached_value(score, campaign)
    return score


@functools.cache
def _score_columns() -> tuple[list[str], list[str]]:
    """The columns of :func:`latest_score`'s rows, as the ORM selects them: each
    model's loaded fields in their order."""
    loaded = {"id", "score", "grade", "person_id", "campaign_id"}
    return (
        [f.attname for f in Score._meta.concrete_fields if f.attname in loaded],
        [
            f.attname
            for f in Campaign._meta.concrete_fields
            if f.attname in {"id", "year"}
        ],
    )


def has_unrated_members(campaign: Campaign, scope: Scope) -> bool:
    return assessment_rows(campaign=campaign, scope=scope, show="unrated").exists()
