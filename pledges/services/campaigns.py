"""Campaigns."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, ProtectedError, Q
from django.utils.translation import gettext as _

from organizations.models import (
    BranchCategory,
    Family,
    Organization,
)
from pledges.models import (
    Campaign,
    CriteriaSet,
    Criterion,
    PlanTemplate,
    PledgeItem,
    TemplateMeasure,
)
from pledges.services.defaults import (
    _PLEDGE_DIRECTION,
    _PLEDGE_PLANS,
    ACADEMY_ONLY_SETS,
    DEFAULT_CRITERIA_SETS,
    DEFAULT_MASS_TEMPLATES,
    DEFAULT_TEMPLATES,
)


def _shift_year(day: datetime.date, years: int = 1) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def campaign_default_dates(*, start: datetime.date) -> dict:
    """A sensible calendar for a campaign starting on ``start``.

    Phase 1 takes a month; awards are due on 25 June before the first 七一 at least six
    months on; phases 3 and 4 take two months each before it, phase 2 the time between,
    phase 5 four months after it.
    """
    d = datetime.timedelta
    award_limit = Campaign.award_limit_for(start + d(days=180))
    award = award_limit - d(days=5)
    phases = {
        "phase1_start": start,
        "phase1_end": start + d(days=29),
        "phase2_start": start + d(days=30),
        "phase2_end": award_limit - d(days=121),
        "phase3_start": award_limit - d(days=120),
        "phase3_end": award_limit - d(days=61),
        "phase4_start": award_limit - d(days=60),
        "phase4_end": award_limit,
        "phase5_start": award_limit + d(days=1),
        "phase5_end": award_limit + d(days=120),
    }
    # The first quarter begins with the campaign (its first inspection covers the
    # weeks from the start), the others on the next calendar quarters' first days.
    quarters = [start]
    year, month = start.year, ((start.month - 1) // 3) * 3 + 1
    while len(quarters) < 4:
        day = datetime.date(year, month, 1)
        if day > start:
            quarters.append(day)
        month += 3
        if month > 12:
            year, month = year + 1, 1
    review1 = phases["phase3_start"] + d(days=7)
    evaluation_opens = phases["phase3_start"] + d(days=14)
    return {
        **phases,
        "quarter1_on": quarters[0],
        "quarter2_on": quarters[1],
        "quarter3_on": quarters[2],
        "quarter4_on": quarters[3],
        "review1_on": review1,
        "review2_on": review1 + d(days=182),
        "evaluation_opens_on": evaluation_opens,
        "evaluation_closes_on": evaluation_opens + d(days=14),
        "award_deadline": award,
    }


def _save_campaign(campaign: Campaign) -> Campaign:
    exists = (
        Campaign.objects.filter(scope_id=campaign.scope_id, year=campaign.year)
        .exclude(pk=campaign.pk)
        .exists()
    )
    if exists:
        raise ValidationError(
            {
                "year": _(
                    "There is already a campaign for %(year)s at %(scope)s; edit that "
                    "one or choose another year."
                )
                % {"year": campaign.year, "scope": campaign.scope.name}
            }
        )
    campaign.full_clean(
        exclude=["scope", "copied_from", "created_by"], validate_constraints=False
    )
    if campaign.parent_id:
        from pledges.services.academy import campaign_check_tightens

        campaign_check_tightens(campaign)
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        raise ValidationError(
            {
                "year": _(
                    "There is already a campaign for %(year)s at %(scope)s; edit that "
                    "one or choose another year."
                )
                % {"year": campaign.year, "scope": campaign.scope.name}
            }
        )
    return campaign


@transaction.atomic
def campaign_create(
    *, scope: Organization, year: int, theme: str, created_by=None, **fields
) -> Campaign:
    """Set up a campaign year (创先争优活动) with its criteria sets and plan templates."""
    if scope.is_body or scope.is_mass:
        raise ValidationError(
            _("A campaign is held at an institute or a party organisation.")
        )
    campaign = Campaign(
        scope=scope, year=year, theme=theme, created_by=created_by, **fields
    )
    _save_campaign(campaign)
    criteria_seed(campaign=campaign)
    templates_seed(campaign=campaign)
    _campaign_seeders_run(campaign=campaign, by=created_by)
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's theme, calendar or settings."""
    for key, value in fields.items():
        setattr(campaign, key, value)
    try:
        _save_campaign(campaign)
    except ValidationError:
        campaign.refresh_from_db()  # leave no half-applied change on the instance
        raise
    if _academy_level(campaign):
        # A stricter academy calendar binds the institutes beneath it from now on.
        from pledges.services.academy import institutes_recheck

        institutes_recheck(parent=campaign)
    return campaign


@transaction.atomic
def campaign_copy(*, source: Campaign, created_by=None) -> Campaign:
    """Start next year's campaign from this one: settings, calendar a year on, templates
    and criteria (with their points and weights)."""
    campaign = Campaign(
        scope=source.scope,
        year=source.year + 1,
        copied_from=source,
        created_by=created_by,
        is_active=True,
        **{f: getattr(source, f) for f in Campaign.SETTING_FIELDS},
        **{f: _shift_year(getattr(source, f)) for f in Campaign.DATE_FIELDS},
    )
    _save_campaign(campaign)
    criteria_copy(source=source, campaign=campaign)
    for old_tpl in source.plan_templates.prefetch_related("measures"):
        new_tpl = PlanTemplate.objects.create(
            campaign=campaign,
            **{
                f: getattr(old_tpl, f)
                for f in (
                    "category_id",
                    "family",
                    "focus",
                    "targets",
                    "pledge_plans",
                    "pledge_direction",
                )
            },
        )
        TemplateMeasure.objects.bulk_create(
            TemplateMeasure(template=new_tpl, text=m.text, order=m.order)
            for m in old_tpl.measures.all()
        )
    # Sets or templates that did not exist last year.
    criteria_seed(campaign=campaign)
    templates_seed(campaign=campaign)
    _campaign_seeders_run(campaign=campaign, by=created_by)
    return campaign


# Defaults the apps above add to a new campaign (evaluations' default scoring lines);
# the dependency points one way, so they register here instead of being imported.
_CAMPAIGN_SEEDERS: list = []


def campaign_seeder_register(seeder) -> None:
    """Register ``seeder(*, campaign, by)``, run when a campaign is created or copied."""
    if seeder not in _CAMPAIGN_SEEDERS:
        _CAMPAIGN_SEEDERS.append(seeder)


def _campaign_seeders_run(*, campaign: Campaign, by) -> None:
    for seeder in _CAMPAIGN_SEEDERS:
        seeder(campaign=campaign, by=by)


def _academy_level(campaign: Campaign) -> bool:
    return campaign.scope.kind in (
        Organization.Kind.ACADEMY,
        Organization.Kind.BRANCH_ACADEMY,
    )


def _criteria_items_create(criteria_set: CriteriaSet, items) -> None:
    for i, (item, subs) in enumerate(items, start=1):
        parent = Criterion.objects.create(
            criteria_set=criteria_set, code=str(i), name=item, order=i
        )
        for j, sub in enumerate(subs, start=1):
            Criterion.objects.create(
                criteria_set=criteria_set,
                parent=parent,
                code=f"{i}.{j}",
                name=sub,
                order=j,
            )


def criteria_copy(*, source: Campaign, campaign: Campaign) -> None:
    """Copy the source campaign's criteria sets, items, points and weights."""
    for old_set in source.criteria_sets.prefetch_related("criteria"):
        new_set = CriteriaSet.objects.create(
            campaign=campaign,
            **{
                f: getattr(old_set, f)
                for f in ("code", "name", "title", "family", "audience", "order")
            },
        )
        mapping: dict[int, Criterion] = {}
        # Parents before children: a parent's code is a prefix of its children's.
        for old in sorted(
            old_set.criteria.all(), key=lambda c: (c.parent_id is not None, c.pk)
        ):
            mapping[old.pk] = Criterion.objects.create(
                criteria_set=new_set,
                parent=mapping.get(old.parent_id),
                **{
                    f: getattr(old, f)
                    for f in ("code", "name", "order", "max_points", "weight")
                },
            )


def criteria_seed(*, campaign: Campaign, fill_empty: bool = False) -> list[CriteriaSet]:
    """Create the default criteria sets (DOMAIN.md) that the campaign lacks; with
    ``fill_empty``, also give the default items to a default set that has none (an
    older campaign's union sets). Returns the sets created or filled."""
    existing = {
        s.code: s for s in campaign.criteria_sets.annotate(n_items=Count("criteria"))
    }
    academy = _academy_level(campaign)
    changed = []
    for order, (code, name, title, family, audience, items) in enumerate(
        DEFAULT_CRITERIA_SETS
    ):
        if code in existing:
            current = existing[code]
            if fill_empty and items and not current.n_items:
                try:
                    _criteria_check_editable(current)
                except ValidationError:
                    continue  # frozen: the office reopens it first
                _criteria_items_create(current, items)
                changed.append(current)
            continue
        if code in ACADEMY_ONLY_SETS and not academy:
            continue
        criteria_set = CriteriaSet.objects.create(
            campaign=campaign,
            code=code,
            name=name,
            title=title,
            family=family,
            audience=audience,
            order=order,
        )
        _criteria_items_create(criteria_set, items)
        changed.append(criteria_set)
    return changed


def _categories_in(scope: Organization):
    return BranchCategory.objects.filter(
        Q(institute__path__startswith=scope.path) | Q(institute_id=scope.institute_id)
    )


def templates_seed(*, campaign: Campaign) -> None:
    """Create a plan template per branch category and per mass-organisation system."""
    have_categories = set(
        campaign.plan_templates.filter(category__isnull=False).values_list(
            "category_id", flat=True
        )
    )
    have_families = set(
        campaign.plan_templates.filter(category__isnull=True).values_list(
            "family", flat=True
        )
    )
    for category in _categories_in(campaign.scope):
        if category.pk in have_categories:
            continue
        focus, targets, measures = DEFAULT_TEMPLATES.get(
            category.code, (category.emphasis, "", [])
        )
        template = PlanTemplate.objects.create(
            campaign=campaign,
            category=category,
            family=Family.PARTY,
            focus=category.emphasis or focus,
            targets=targets,
            pledge_plans=_PLEDGE_PLANS,
            pledge_direction=_PLEDGE_DIRECTION,
        )
        _template_measures(template, measures)
    for family, (focus, targets, measures) in DEFAULT_MASS_TEMPLATES.items():
        if family in have_families:
            continue
        template = PlanTemplate.objects.create(
            campaign=campaign,
            family=family,
            focus=focus,
            targets=targets,
            pledge_plans="结合本职岗位，明确本人在岗位建功、学习提高等方面的具体打算。",
            pledge_direction="对照本组织的评选标准，争创先进。",
        )
        _template_measures(template, measures)


def _template_measures(template: PlanTemplate, texts: list[str]) -> None:
    TemplateMeasure.objects.bulk_create(
        TemplateMeasure(template=template, text=t, order=i)
        for i, t in enumerate(texts, start=1)
    )


@transaction.atomic
def template_update(
    *,
    template: PlanTemplate,
    focus: str,
    targets: str,
    pledge_plans: str,
    pledge_direction: str,
    measures: list[str],
) -> PlanTemplate:
    """Change a category's template (分类指导); plans filed earlier keep their text."""
    template.focus = focus
    template.targets = targets
    template.pledge_plans = pledge_plans
    template.pledge_direction = pledge_direction
    template.save()
    template.measures.all().delete()
    _template_measures(template, [m.strip() for m in measures if m.strip()])
    return template


# Checks the apps above add (evaluations freezes a set once scoring starts); the
# dependency points one way, so they register here instead of being imported.
_CRITERIA_GUARDS: list = []


def criteria_guard_register(check) -> None:
    """Register ``check(*, criteria_set)`` that raises ValidationError to refuse edits."""
    if check not in _CRITERIA_GUARDS:
        _CRITERIA_GUARDS.append(check)


def _criteria_check_editable(criteria_set: CriteriaSet) -> None:
    for check in _CRITERIA_GUARDS:
        check(criteria_set=criteria_set)


@transaction.atomic
def criterion_save(
    *,
    criteria_set: CriteriaSet,
    name: str,
    parent: Criterion | None = None,
    criterion: Criterion | None = None,
) -> Criterion:
    """Add or rename an item of a criteria set (e.g. the union's own standards)."""
    _criteria_check_editable(criteria_set)
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the item a name.")})
    if parent is not None and parent.criteria_set_id != criteria_set.pk:
        raise ValidationError({"parent": _("Choose a parent item of the same set.")})
    if criterion is not None:
        criterion.name = name
        criterion.save(update_fields=["name"])
        return criterion
    siblings = criteria_set.criteria.filter(parent=parent)
    order = (
        siblings.order_by("-order").values_list("order", flat=True).first() or 0
    ) + 1
    code = f"{parent.code}.{order}" if parent else str(order)
    while criteria_set.criteria.filter(code=code).exists():
        order += 1
        code = f"{parent.code}.{order}" if parent else str(order)
    criterion = Criterion.objects.create(
        criteria_set=criteria_set, parent=parent, code=code, name=name, order=order
    )
    if _academy_level(criteria_set.campaign):
        # An item the academy adds is required of the institutes beneath it.
        from pledges.services.academy import institutes_recheck

        institutes_recheck(parent=criteria_set.campaign)
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion) -> None:
    """Remove an item no pledge item serves yet."""
    _criteria_check_editable(criterion.criteria_set)
    if PledgeItem.objects.filter(
        Q(criterion=criterion) | Q(criterion__parent=criterion)
    ).exists():
        raise ValidationError(
            _("Pledges already serve this item; rename it instead of removing it.")
        )
    campaign = criterion.criteria_set.campaign
    if campaign.parent_id:
        # An institute campaign keeps every item of its academy campaign.
        from pledges.services.academy import criterion_check_removable

        criterion_check_removable(criterion)
    try:
        with transaction.atomic():
            criterion.delete()
    except ProtectedError:
        raise ValidationError(
            _("Scoring already uses this item; rename it instead of removing it.")
        )
