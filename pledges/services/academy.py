"""Institute campaigns beneath an academy campaign (院级活动): inherit, then only tighten.

An academy or branch academy holds a campaign; each institute beneath adopts it as its
own campaign (``Campaign.parent``), starting from the academy's calendar, settings and
criteria. The institute may make them stricter (earlier deadlines, a higher k, heavier
weights, more items) but never looser: :func:`campaign_check_tightens` and
:func:`criteria_check_tightens` refuse that, on every save.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.campaign_office import ACADEMY_KINDS
from organizations.models import Organization
from pledges.models import Campaign, Criterion
from pledges.services.campaigns import (
    _campaign_seeders_run,
    _save_campaign,
    criteria_copy,
    templates_seed,
)

# Days by which something must be done: an institute may bring them forward only.
DEADLINE_FIELDS = [
    *[f"phase{n}_end" for n in range(1, 6)],
    "evaluation_closes_on",
    "award_deadline",
]


def adoptable_by(parent: Campaign, institute: Organization) -> bool:
    """The institute lies beneath the academy campaign's node and has no campaign of
    that year yet."""
    return (
        parent.scope.kind in ACADEMY_KINDS
        and institute.kind == Organization.Kind.INSTITUTE
        and institute.path.startswith(parent.scope.path)
        and not Campaign.objects.filter(scope=institute, year=parent.year).exists()
    )


@transaction.atomic
def create_institute_campaign_from(
    parent: Campaign, institute: Organization, *, created_by=None
) -> Campaign:
    """The institute's campaign of the academy campaign's year: its calendar, settings
    and criteria sets copied from the academy's, linked to it."""
    if parent.scope.kind not in ACADEMY_KINDS:
        raise ValidationError(
            _("Only a campaign held at an academy or branch academy can be adopted.")
        )
    if institute.kind != Organization.Kind.INSTITUTE or not institute.path.startswith(
        parent.scope.path
    ):
        raise ValidationError(
            _("Only an institute beneath the academy can adopt its campaign.")
        )
    campaign = Campaign(
        scope=institute,
        year=parent.year,
        parent=parent,
        created_by=created_by,
        is_active=True,
        **{f: getattr(parent, f) for f in Campaign.SETTING_FIELDS},
        **{f: getattr(parent, f) for f in Campaign.DATE_FIELDS},
    )
    _save_campaign(campaign)
    criteria_copy(source=parent, campaign=campaign)
    templates_seed(campaign=campaign)
    _campaign_seeders_run(campaign=campaign, by=created_by)
    return campaign


def calendar_errors(campaign: Campaign, parent: Campaign) -> dict[str, list[str]]:
    """What in the campaign's calendar and settings is looser than its parent's."""
    errors: dict[str, list[str]] = {}
    for field in DEADLINE_FIELDS:
        mine, theirs = getattr(campaign, field), getattr(parent, field)
        if mine and theirs and mine > theirs:
            errors.setdefault(field, []).append(
                _(
                    "The academy campaign sets %(date)s: an institute may bring this "
                    "forward, not put it later."
                )
                % {"date": theirs.isoformat()}
            )
    if campaign.news_check_day > parent.news_check_day:
        errors.setdefault("news_check_day", []).append(
            _("The academy checks news reports on day %(day)s: check no later.")
            % {"day": parent.news_check_day}
        )
    if campaign.min_ballots < parent.min_ballots:
        errors.setdefault("min_ballots", []).append(
            _("The academy campaign asks at least %(k)s ballots: do not ask fewer.")
            % {"k": parent.min_ballots}
        )
    if parent.separate_duties and not campaign.separate_duties:
        errors.setdefault("separate_duties", []).append(
            _("The academy campaign separates duties: an institute keeps that.")
        )
    return errors


def campaign_check_tightens(campaign: Campaign) -> None:
    """Refuse a calendar or setting looser than the academy campaign's."""
    if not campaign.parent_id:
        return
    errors = calendar_errors(campaign, campaign.parent)
    if errors:
        raise ValidationError(errors)


def criteria_errors(campaign: Campaign, parent: Campaign) -> list[str]:
    """Sets or items of the academy campaign missing here, or weights made lighter."""
    mine = {
        (s.code, c.code): c
        for s in campaign.criteria_sets.prefetch_related("criteria")
        for c in s.criteria.all()
    }
    my_sets = set(campaign.criteria_sets.values_list("code", flat=True))
    errors = []
    for parent_set in parent.criteria_sets.prefetch_related("criteria"):
        if parent_set.code not in my_sets:
            errors.append(
                _("The academy's criteria set %(name)s cannot be removed.")
                % {"name": parent_set.name}
            )
            continue
        for item in parent_set.criteria.all():
            own = mine.get((parent_set.code, item.code))
            if own is None:
                errors.append(
                    _("The academy's item %(code)s %(name)s cannot be removed.")
                    % {"code": item.code, "name": item.name}
                )
            elif item.weight is not None and (
                own.weight is None or own.weight < item.weight
            ):
                errors.append(
                    _(
                        "Item %(code)s %(name)s weighs %(weight)s in the academy "
                        "campaign: do not make it lighter."
                    )
                    % {"code": item.code, "name": item.name, "weight": item.weight}
                )
    return errors


def criteria_check_tightens(campaign: Campaign) -> None:
    """Refuse criteria looser than the academy campaign's (removed items, lighter
    weights)."""
    if not campaign.parent_id:
        return
    errors = criteria_errors(campaign, campaign.parent)
    if errors:
        raise ValidationError(errors)


def criterion_check_removable(criterion: Criterion) -> None:
    """Refuse removing an item (or a parent of items) the academy campaign has."""
    campaign = criterion.criteria_set.campaign
    if not campaign.parent_id:
        return
    codes = [criterion.code, *criterion.children.values_list("code", flat=True)]
    inherited = Criterion.objects.filter(
        criteria_set__campaign_id=campaign.parent_id,
        criteria_set__code=criterion.criteria_set.code,
        code__in=codes,
    ).exists()
    if inherited:
        raise ValidationError(
            _("The academy's item %(code)s %(name)s cannot be removed.")
            % {"code": criterion.code, "name": criterion.name}
        )
