"""Campaigns and rounds."""

from django.db.models import Count, Q, QuerySet

from evaluations.inspections import sampling, services
from evaluations.inspections.access import findings_visible, is_office_for
from evaluations.models import (
    Finding,
    InspectionRound,
    RectificationItem,
    SpotCheckDraw,
)
from organizations.access import Scope
from organizations.models import Organization
from pledges.models import Campaign


def quarter_rows(campaign: Campaign) -> list[dict]:
    """The four quarters of a campaign with their round (or None) and finding counts."""
    rounds = {
        r.quarter: r
        for r in InspectionRound.objects.filter(campaign=campaign).annotate(
            finding_count=Count("findings", distinct=True),
            poor_count=Count(
                "findings",
                filter=Q(findings__rating=Finding.Rating.POOR),
                distinct=True,
            ),
            draw_count=Count(
                "draws", filter=Q(draws__voided_at__isnull=True), distinct=True
            ),
        )
    }
    return [
        {
            "quarter": q,
            "opens_on": campaign.quarter_span(q)[0],
            "ends_on": campaign.quarter_span(q)[1],
            "round": rounds.get(q),
        }
        for q in range(1, 5)
    ]


def current_draw(round: InspectionRound) -> SpotCheckDraw | None:
    return round.draws.filter(voided_at__isnull=True).select_related("drawn_by").first()


def voided_draws(round: InspectionRound) -> list[SpotCheckDraw]:
    return list(
        round.draws.filter(voided_at__isnull=False).select_related(
            "drawn_by", "voided_by"
        )
    )


def sample_rows(draw: SpotCheckDraw, round: InspectionRound) -> list[dict]:
    """Each drawn unit with its stratum and this round's findings on it (2 queries)."""
    ids = draw.sample_ids()
    units = Organization.objects.select_related("parent", "category").in_bulk(ids)
    findings: dict[int, list[Finding]] = {}
    for finding in Finding.objects.filter(round=round, unit_id__in=ids).order_by(
        "found_on", "pk"
    ):
        findings.setdefault(finding.unit_id, []).append(finding)
    names = {s["code"]: s.get("name") or s["code"] for s in draw.rule.get("strata", [])}
    rows = []
    for code in sorted(draw.sample):
        for order, pk in enumerate(draw.sample[code], start=1):
            rows.append(
                {
                    "stratum": names.get(code, code),
                    "code": code,
                    "order": order,
                    "unit_id": int(pk),
                    "unit": units.get(int(pk)),
                    "findings": findings.get(int(pk), []),
                }
            )
    return rows


def rule_rows(draw: SpotCheckDraw) -> list[dict]:
    """The stored strata with the names of their eligible units (1 query)."""
    strata = draw.rule.get("strata", [])
    ids = {int(i) for s in strata for i in s.get("eligible", [])}
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "code": s["code"],
            "name": s.get("name") or s["code"],
            "size": s["size"],
            "eligible": [
                {"id": int(i), "name": names.get(int(i), "")} for i in s["eligible"]
            ],
        }
        for s in strata
    ]


def eligible_now_differs(draw: SpotCheckDraw) -> bool:
    """Whether today's eligible branches differ from those the draw used."""
    stored = sorted(
        int(i) for s in draw.rule.get("strata", []) for i in s.get("eligible", [])
    )
    scope = draw.rule.get("scope", sampling.SCOPE_PARTY)
    now = sorted(
        services.eligible_units(draw.round.campaign, scope).values_list("pk", flat=True)
    )
    return stored != now


def sampling_strata(round: InspectionRound, scope: str | None = None) -> list[dict]:
    """Strata with their eligible counts, for the spot-check settings form: the branch
    categories and the mass-organisation families; ``scope`` keeps those it draws from
    (all of them when None, so the form can switch the scope)."""
    scope = scope or sampling.SCOPE_ALL
    eligible = services.eligible_by_category(round.campaign, scope)
    return [
        {
            "code": code,
            "name": name,
            "eligible": len(eligible.get(code, [])),
            "mass": sampling.is_mass_code(code),
        }
        for code, name in services.stratum_names(round.campaign, scope).items()
    ]


def round_findings(round: InspectionRound, scope: Scope) -> QuerySet[Finding]:
    """Findings of a round the reader may see: all for the office, else by unit."""
    rows = Finding.objects.filter(round=round)
    if not is_office_for(scope, round.campaign):
        rows = rows.filter(pk__in=findings_visible(scope).values("pk"))
    return rows.select_related("unit", "inspector").order_by("unit__path", "found_on")


def findings_for(
    scope: Scope,
    campaign: Campaign,
    *,
    unit: Organization | None = None,
    rating: str = "",
) -> QuerySet[Finding]:
    rows = Finding.objects.filter(round__campaign=campaign)
    if not is_office_for(scope, campaign):
        rows = rows.filter(pk__in=findings_visible(scope).values("pk"))
    if unit is not None:
        rows = rows.filter(unit=unit)
    if rating:
        rows = rows.filter(rating=rating)
    return (
        rows.select_related("unit", "round", "inspector")
        .annotate(
            open_items=Count(
                "rectifications",
                filter=~Q(rectifications__status=RectificationItem.Status.CLOSED),
            )
        )
        .order_by("-found_on", "-pk")
    )
