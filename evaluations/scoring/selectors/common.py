"""Shared by the scoring reads: who is scored, by which criteria set and rule."""

from django.db.models import QuerySet

from evaluations.models import CriteriaVersion, Round, ScoringRule
from organizations.campaign_office import covered_units_q
from organizations.models import Organization, Person, Role
from pledges.models import PLAN_UNIT_KINDS, Campaign, CriteriaSet

# Ranking groups of mass-organisation units, by family; the labels are domain data.
FAMILY_LABELS = {"union": "工会", "league": "共青团", "women": "妇女组织"}


# Roles held at a unit that fill in its self-assessment.
WRITER_ROLES = (
    Role.Kind.SECRETARY,
    Role.Kind.UNION_OFFICER,
    Role.Kind.LEAGUE_OFFICER,
    Role.Kind.WOMEN_OFFICER,
)


NO_CATEGORY = ("category:none", "未分类")


TALLIED = (Round.Status.TALLIED, Round.Status.PUBLISHED)


SOURCE_OF_ROUND = {Round.Kind.MASS: "mass", Round.Kind.DEMOCRATIC: "democratic"}


def n(value) -> str | None:
    """A number as the inputs write it."""
    return None if value is None else str(value)


def scored_units(campaign: Campaign) -> QuerySet[Organization]:
    """Units a campaign scores: active party branches and mass-organisation units it
    covers (an academy campaign leaves out the institutes running their own beneath
    it: they are scored there)."""
    return Organization.objects.filter(
        covered_units_q(campaign), kind__in=PLAN_UNIT_KINDS, is_active=True
    )


def scored_members(campaign: Campaign) -> QuerySet[Person]:
    """Members a campaign scores: active party members of branches in its scope."""
    return Person.objects.filter(
        covered_units_q(campaign, "branch__"),
        political_status__in=Person.PARTY_STATUSES,
        is_active=True,
    )


def unit_category(unit_kind, family, category_id, category_name) -> tuple[str, str]:
    if unit_kind == Organization.Kind.BRANCH:
        if category_id:
            return f"category:{category_id}", category_name
        return NO_CATEGORY
    return f"family:{family}", FAMILY_LABELS.get(family, family)


def unit_criteria_set(campaign: Campaign, unit: Organization) -> CriteriaSet | None:
    return (
        campaign.criteria_sets.filter(
            family=unit.family, audience=CriteriaSet.Audience.UNIT
        )
        .order_by("order", "pk")
        .first()
    )


def member_criteria_set(campaign: Campaign) -> CriteriaSet | None:
    """The 五带头 set: the party's criteria for a person."""
    return (
        campaign.criteria_sets.filter(
            family="party", audience=CriteriaSet.Audience.PERSON
        )
        .order_by("order", "pk")
        .first()
    )


def latest_version(criteria_set: CriteriaSet) -> CriteriaVersion | None:
    return criteria_set.versions.order_by("-number").first()


def rule_or_default(campaign: Campaign, audience: str) -> ScoringRule:
    """The campaign's rule, or an unsaved one with the default figures."""
    from evaluations.scoring.services import DEFAULT_WEIGHTS

    rule = campaign.scoring_rules.filter(audience=audience).first()
    if rule is None:
        rule = ScoringRule(campaign=campaign, audience=audience)
        for source, weight in DEFAULT_WEIGHTS[audience].items():
            setattr(rule, f"weight_{source}", weight)
    return rule
