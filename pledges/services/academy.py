"""Institute campaigns beneath an academy campaign (院级活动): inherit, then only tighten.

An academy or branch academy holds a campaign; each institute beneath adopts it as its
own campaign (``Campaign.parent``), starting from the academy's calendar, settings and
criteria. The institute may make them stricter (earlier deadlines, a higher k, heavier
weights, more items) but never looser: :func:`campaign_check_tightens` and
:func:`criteria_check_tightens` refuse that, on every save.
"""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from organizations.campaign_office import ACADEMY_KINDS
from organizations.models import Organization
from pledges.models import Campaign, CriteriaSet, Criterion
from pledges.services.campaigns import (
    ACADEMY_ONLY_SETS,
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


def _plain(value: Decimal) -> str:
    """30.0000 → "30", 0.3500 → "0.35": a weight as the office typed it."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _criteria_of(campaign_ids: list[int]) -> dict[int, dict]:
    """Per campaign: its sets (code → name) and items ((set, item code) → name,
    weight), read in two queries however many campaigns."""
    found: dict[int, dict] = {pk: {"sets": {}, "items": {}} for pk in campaign_ids}
    for campaign_id, code, name in CriteriaSet.objects.filter(
        campaign_id__in=campaign_ids
    ).values_list("campaign_id", "code", "name"):
        found[campaign_id]["sets"][code] = name
    for campaign_id, set_code, code, name, weight in Criterion.objects.filter(
        criteria_set__campaign_id__in=campaign_ids
    ).values_list(
        "criteria_set__campaign_id", "criteria_set__code", "code", "name", "weight"
    ):
        found[campaign_id]["items"][(set_code, code)] = (name, weight)
    return found


def _criteria_shortfall(mine: dict, theirs: dict) -> list[str]:
    """Sets or items of the academy campaign missing here, or weights made lighter."""
    errors = []
    for set_code, set_name in sorted(theirs["sets"].items()):
        if set_code in ACADEMY_ONLY_SETS:
            continue  # the academy's own titles: institutes recommend, not score
        if set_code not in mine["sets"]:
            errors.append(
                _("The academy campaign requires the criteria set %(name)s.")
                % {"name": set_name}
            )
    for (set_code, code), (name, weight) in sorted(
        theirs["items"].items(), key=lambda kv: (kv[0][0], _code_key(kv[0][1]))
    ):
        if set_code not in mine["sets"]:
            continue  # the whole set is named above (or is the academy's own)
        set_name = theirs["sets"].get(set_code, set_code)
        own = mine["items"].get((set_code, code))
        if own is None:
            errors.append(
                _("The academy campaign requires item %(code)s %(name)s in %(set)s.")
                % {"code": code, "name": name, "set": set_name}
            )
        elif weight is not None and (own[1] is None or own[1] < weight):
            errors.append(
                _(
                    "Item %(code)s %(name)s in %(set)s weighs at least %(weight)s in "
                    "the academy campaign; here it weighs %(own)s."
                )
                % {
                    "code": code,
                    "name": name,
                    "set": set_name,
                    "weight": _plain(weight),
                    "own": _plain(own[1]) if own[1] is not None else "—",
                }
            )
    return errors


def _code_key(code: str) -> list:
    return [int(p) if p.isdigit() else 0 for p in str(code).split(".")]


def criteria_errors(campaign: Campaign, parent: Campaign) -> list[str]:
    """Sets or items of the academy campaign missing here, or weights made lighter."""
    found = _criteria_of([campaign.pk, parent.pk])
    return _criteria_shortfall(found[campaign.pk], found[parent.pk])


def criteria_check_tightens(campaign: Campaign) -> None:
    """Refuse criteria looser than the academy campaign's (removed items, lighter
    weights)."""
    if not campaign.parent_id:
        return
    errors = criteria_errors(campaign, campaign.parent)
    if errors:
        raise ValidationError(errors)


def criterion_weight_floor(criterion: Criterion) -> Decimal | None:
    """The weight the academy campaign gives the same item (same set and code): the
    least this institute's item may weigh; None where the academy sets none."""
    campaign = criterion.criteria_set.campaign
    if not campaign.parent_id or not criterion.code:
        return None
    return (
        Criterion.objects.filter(
            criteria_set__campaign_id=campaign.parent_id,
            criteria_set__code=criterion.criteria_set.code,
            code=criterion.code,
        )
        .values_list("weight", flat=True)
        .first()
    )


def criterion_check_weight(criterion: Criterion, weight: Decimal | None) -> None:
    """Refuse an item weight (权重) lighter than the academy campaign's for the same
    item, whoever sets it: the scoring page, the admin, an import."""
    floor = criterion_weight_floor(criterion)
    if floor is not None and (weight is None or weight < floor):
        raise ValidationError(
            {
                "weight": _(
                    "The academy campaign gives item %(code)s %(name)s a weight of "
                    "%(weight)s: give it %(weight)s or more here."
                )
                % {
                    "code": criterion.code,
                    "name": criterion.name,
                    "weight": _plain(floor),
                }
            }
        )


@dataclass
class Shortfall:
    """An institute campaign looser than its academy campaign, and in what."""

    campaign: Campaign
    problems: list[str]

    @property
    def institute(self) -> Organization:
        return self.campaign.scope

    @property
    def digest(self) -> str:
        """Names this set of problems: a new one is told again, the same one not."""
        text = "\n".join(sorted(self.problems))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _calendar_problems(campaign: Campaign, parent: Campaign) -> list[str]:
    return [
        _("%(field)s: %(problem)s")
        % {
            "field": capfirst(Campaign._meta.get_field(field).verbose_name),
            "problem": message,
        }
        for field, messages in calendar_errors(campaign, parent).items()
        for message in messages
    ]


def campaign_shortfall(campaign: Campaign) -> Shortfall | None:
    """Where the campaign is now looser than its academy campaign (the academy
    tightened its own after this one was set): three queries, whatever the size."""
    if not campaign.parent_id:
        return None
    parent = campaign.parent
    found = _criteria_of([campaign.pk, parent.pk])
    problems = _calendar_problems(campaign, parent) + _criteria_shortfall(
        found[campaign.pk], found[parent.pk]
    )
    return Shortfall(campaign, problems) if problems else None


def shortfalls_of(parent: Campaign) -> list[Shortfall]:
    """The institute campaigns beneath the academy campaign that are looser than it,
    in tree order: three queries, however many institutes."""
    children = list(
        parent.institute_campaigns.select_related("scope").order_by("scope__path")
    )
    if not children:
        return []
    found = _criteria_of([parent.pk, *(c.pk for c in children)])
    result = []
    for child in children:
        problems = _calendar_problems(child, parent) + _criteria_shortfall(
            found[child.pk], found[parent.pk]
        )
        if problems:
            result.append(Shortfall(child, problems))
    return result


def institutes_recheck(*, parent: Campaign) -> list[Shortfall]:
    """After the academy changed its campaign: tell the activity office of each
    institute whose campaign now falls short, once per set of problems. Nothing of
    the institutes' own data changes; their next save is held to the new rules."""
    if parent.scope.kind not in ACADEMY_KINDS:
        return []
    from organizations.models import Notification
    from organizations.notifications.services import notify
    from pledges.selectors.campaigns import campaign_office

    shortfalls = shortfalls_of(parent)
    for shortfall in shortfalls:
        notify(
            recipients=campaign_office(shortfall.campaign),
            kind=Notification.Kind.SYSTEM,
            title=_(
                "The academy campaign was tightened: %(institute)s's campaign "
                "falls short"
            )
            % {"institute": shortfall.institute.name},
            body="\n".join(shortfall.problems),
            url=shortfall.campaign.get_absolute_url(),
            dedupe_key=f"academy-shortfall:{shortfall.campaign.pk}:{shortfall.digest}",
        )
    return shortfalls


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


def _align_calendar(campaign: Campaign, parent: Campaign) -> int:
    """Bring later deadlines forward and looser settings up to the academy's."""
    changed = 0
    for field in DEADLINE_FIELDS:
        mine, theirs = getattr(campaign, field), getattr(parent, field)
        if mine and theirs and mine > theirs:
            setattr(campaign, field, theirs)
            changed += 1
    if campaign.news_check_day > parent.news_check_day:
        campaign.news_check_day = parent.news_check_day
        changed += 1
    if campaign.min_ballots < parent.min_ballots:
        campaign.min_ballots = parent.min_ballots
        changed += 1
    if parent.separate_duties and not campaign.separate_duties:
        campaign.separate_duties = True
        changed += 1
    if changed:
        try:
            _save_campaign(campaign)
        except ValidationError:
            campaign.refresh_from_db()
            raise
    return changed


def _align_set(own_set: CriteriaSet, parent_set: CriteriaSet) -> int:
    """Add the academy's items the set lacks, raise its lighter weights."""
    from pledges.services.campaigns import _criteria_check_editable

    own = {c.code: c for c in own_set.criteria.all()}
    changed = 0
    # Parents before children: a parent's code is a prefix of its children's.
    for item in sorted(parent_set.criteria.all(), key=lambda c: _code_key(c.code)):
        mine = own.get(item.code)
        lighter = (
            mine is not None
            and item.weight is not None
            and (mine.weight is None or mine.weight < item.weight)
        )
        if mine is not None and not lighter:
            continue
        if not changed:
            _criteria_check_editable(own_set)  # a frozen set is reopened first
        if mine is None:
            parent_code = item.code.rpartition(".")[0]
            own[item.code] = Criterion.objects.create(
                criteria_set=own_set,
                parent=own.get(parent_code) if parent_code else None,
                **{
                    f: getattr(item, f)
                    for f in ("code", "name", "order", "max_points", "weight")
                },
            )
        else:
            mine.weight = item.weight
            mine.save(update_fields=["weight"])
        changed += 1
    return changed


@transaction.atomic
def campaign_align_with_parent(*, campaign: Campaign, by=None) -> int:
    """The institute's office takes the academy's stricter requirements where its own
    campaign falls short: deadlines brought forward, settings raised, missing sets
    and items added, lighter weights raised to the academy's. Everything else of its
    own (earlier dates, heavier weights, its own items) stays. Returns how many
    things changed."""
    from organizations.audit import AuditEvent, audit_record

    if not campaign.parent_id:
        return 0
    parent = campaign.parent
    changed = _align_calendar(campaign, parent)
    own_sets = {s.code: s for s in campaign.criteria_sets.all()}
    for parent_set in parent.criteria_sets.exclude(
        code__in=ACADEMY_ONLY_SETS
    ).prefetch_related("criteria"):
        own_set = own_sets.get(parent_set.code)
        if own_set is None:
            own_set = CriteriaSet.objects.create(
                campaign=campaign,
                **{
                    f: getattr(parent_set, f)
                    for f in ("code", "name", "title", "family", "audience", "order")
                },
            )
            changed += 1
        changed += _align_set(own_set, parent_set)
    if changed:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            user=by,
            obj=campaign,
            institute_id=campaign.scope_id,
            what="aligned_with_academy",
            changes=changed,
        )
    return changed
