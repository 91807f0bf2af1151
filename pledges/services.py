"""Workflows of the campaign year: campaigns, plans, pledges, supervision and fulfilment.

Functions are keyword-only ``<noun>_<verb>`` and run in one transaction. Workflow steps
are conditional UPDATEs on the current state, so two people acting at once end with one
result and a clear message for the other.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organizations.access import scope_of
from organizations.audit import AuditEvent, audit_record
from organizations.models import (
    BranchCategory,
    Family,
    MassMembership,
    Notification,
    Organization,
    Role,
)
from organizations.notifications.services import notify
from pledges.models import (
    EDITABLE_STATES,
    PLAN_UNIT_KINDS,
    Campaign,
    ConflictError,
    CriteriaSet,
    Criterion,
    Evidence,
    Plan,
    PlanMeasure,
    PlanMilestone,
    PlanTemplate,
    PlanVersion,
    Pledge,
    PledgeItem,
    PledgeVersion,
    ProgressStatus,
    ProgressUpdate,
    Status,
    SupervisionComment,
    TemplateMeasure,
    TransitionError,
)
from pledges.uploads import check_upload, clean_filename

# ---------------------------------------------------------------------------
# Default data: the criteria sets of DOMAIN.md and the 分类指导 templates. They are
# copied into each new campaign, where the office edits them; code never reads them again.

U, P = CriteriaSet.Audience.UNIT, CriteriaSet.Audience.PERSON
DEFAULT_CRITERIA_SETS = [
    (
        "party_branch",
        "五个好 先进基层党组织",
        "先进基层党组织",
        Family.PARTY,
        U,
        [
            ("班子建设好", ["政治引领好", "自身建设好"]),
            ("党员队伍好", ["坚持学习好"]),
            ("工作机制好", ["保密安全好"]),
            ("工作业绩好", ["推动发展好", "改革创新好"]),
            ("群众反映好", ["凝聚保障好"]),
        ],
    ),
    (
        "party_member",
        "五带头 优秀共产党员",
        "优秀共产党员",
        Family.PARTY,
        P,
        [
            ("带头学习提高", ["政治素质好", "自觉学习好"]),
            ("带头创新攻关", ["岗位技能好", "工作业绩好"]),
            ("带头服务群众", ["群众评价好"]),
            ("带头促进和谐", ["团结协作好"]),
            ("带头弘扬正气", ["拼搏奉献好"]),
        ],
    ),
    (
        "league_unit",
        "四个好 五四红旗团组织",
        "五四红旗团组织",
        Family.LEAGUE,
        U,
        [(n, []) for n in ("组织建设好", "团员教育好", "活动开展好", "青年反映好")],
    ),
    (
        "league_member",
        "四带头 优秀共青团员",
        "优秀共青团员",
        Family.LEAGUE,
        P,
        [
            (n, [])
            for n in ("带头坚定信念", "带头刻苦学习", "带头争创佳绩", "带头弘扬新风")
        ],
    ),
    (
        "women_unit",
        "五个好 先进妇女组织",
        "先进妇女组织",
        Family.WOMEN,
        U,
        [
            (n, [])
            for n in (
                "领导班子好",
                "干部队伍好",
                "工作机制好",
                "工作业绩好",
                "妇女反映好",
            )
        ],
    ),
    (
        "women_member",
        "五带头 巾帼标兵",
        "巾帼标兵",
        Family.WOMEN,
        P,
        [
            (n, [])
            for n in (
                "带头坚定理想信念",
                "带头刻苦学习",
                "带头岗位建功",
                "带头传承文明",
                "带头遵纪守法",
            )
        ],
    ),
    # The seeds name the union's titles only: the union sets up their items itself.
    ("union_unit", "模范职工之家", "模范职工之家", Family.UNION, U, []),
    ("union_member", "先进工作者", "先进工作者", Family.UNION, P, []),
]

_PLEDGE_PLANS = (
    "结合本职岗位，围绕年度重点任务，明确本人在学习、工作、服务等方面的具体打算。"
)
_PLEDGE_DIRECTION = "以“五带头”为标准，立足岗位创先进、争当优秀共产党员。"
DEFAULT_TEMPLATES = {
    BranchCategory.Code.RESEARCH: (
        "围绕科研生产任务，在更新观念、服从大局、弘扬军工精神、争当业务骨干中创先争优。",
        "重点型号任务按节点完成；党员在技术攻关中发挥先锋模范作用。",
        [
            "组织党员围绕重点任务开展技术攻关",
            "设立党员先锋岗、党员责任区",
            "每季度召开支部党员大会通报争创进展",
        ],
    ),
    BranchCategory.Code.ORGAN: (
        "在进一步提升业务能力、协调能力、带头提高服务质量和工作效率中创先争优。",
        "服务质量和工作效率明显提高，群众满意度提升。",
        [
            "推行首问负责制和限时办结制",
            "开展业务能力培训与岗位练兵",
            "每半年开展一次服务对象满意度调查",
        ],
    ),
    BranchCategory.Code.SUPPORT: (
        "从热情优质服务、参与支持改革以及维护稳定和谐中创先争优。",
        "服务保障及时到位，安全稳定无事故。",
        [
            "开展优质服务竞赛",
            "公开服务承诺，接受职工监督",
            "定期排查安全隐患",
        ],
    ),
    BranchCategory.Code.RETIRED: (
        "从维护稳定、关心发展、支持改革、服从大局中创先争优。",
        "离退休党员组织生活正常开展，发挥余热。",
        [
            "每月组织一次集中学习",
            "开展走访慰问困难党员",
            "组织老党员为青年职工讲传统",
        ],
    ),
}
DEFAULT_MASS_TEMPLATES = {
    Family.UNION: (
        "建设模范职工之家，维护职工权益，开展劳动竞赛，争当先进工作者。",
        "职工之家建设达标，劳动竞赛覆盖全体会员。",
        ["开展岗位练兵和技能竞赛", "落实职工代表提案办理", "开展困难职工帮扶"],
    ),
    Family.LEAGUE: (
        "争创五四红旗团组织，引导团员青年在科研生产一线建功立业。",
        "团员青年创新创效成果明显，青年突击队完成重点任务。",
        ["组建青年突击队", "开展青年创新创效活动", "组织团员主题教育"],
    ),
    Family.WOMEN: (
        "争创先进妇女组织，组织女职工岗位建功、争当巾帼标兵。",
        "女职工岗位建功活动全面开展。",
        ["开展巾帼建功活动", "组织女职工学习培训", "关心女职工身心健康"],
    ),
}


# ---------------------------------------------------------------------------
# Campaigns


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
    quarters = []
    year, month = start.year, ((start.month - 1) // 3) * 3 + 1
    while len(quarters) < 4:
        day = datetime.date(year, month, 1)
        if day >= start:
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
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, **fields) -> Campaign:
    """Change a campaign's theme, calendar or settings."""
    for key, value in fields.items():
        setattr(campaign, key, value)
    try:
        return _save_campaign(campaign)
    except ValidationError:
        campaign.refresh_from_db()  # leave no half-applied change on the instance
        raise


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
    return campaign


def criteria_seed(*, campaign: Campaign) -> None:
    """Create the default criteria sets (DOMAIN.md) that the campaign lacks."""
    existing = set(campaign.criteria_sets.values_list("code", flat=True))
    for order, (code, name, title, family, audience, items) in enumerate(
        DEFAULT_CRITERIA_SETS
    ):
        if code in existing:
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


# Checks later capabilities add (evaluations freezes a set once scoring starts); the
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
    return Criterion.objects.create(
        criteria_set=criteria_set, parent=parent, code=code, name=name, order=order
    )


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
    try:
        with transaction.atomic():
            criterion.delete()
    except ProtectedError:
        raise ValidationError(
            _("Scoring already uses this item; rename it instead of removing it.")
        )


# ---------------------------------------------------------------------------
# Plans and pledges: shared workflow


def criteria_set_for(
    *, campaign: Campaign, unit: Organization, audience: str
) -> CriteriaSet | None:
    """The criteria of the unit's organisation system: 五个好 / 五带头 for the party …"""
    family = unit.family
    return campaign.criteria_sets.filter(family=family, audience=audience).first()


def template_for(*, campaign: Campaign, unit: Organization) -> PlanTemplate | None:
    """The template of the unit's category (分类指导), or of its mass-organisation system."""
    if unit.category_id:
        template = campaign.plan_templates.filter(category_id=unit.category_id).first()
        if template is not None:
            return template
    return campaign.plan_templates.filter(
        category__isnull=True, family=unit.family
    ).first()


def _who(user) -> str:
    if user is None:
        return _("someone")
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


def _when(moment) -> str:
    if moment is None:
        return ""
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


_STEPS = {
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
    "return": ({Status.SUBMITTED}, Status.RETURNED),
    "approve": ({Status.SUBMITTED}, Status.APPROVED),
    "publish": ({Status.APPROVED}, Status.PUBLISHED),
}


def _refusal(step: str, obj) -> TransitionError:
    status = obj.get_status_display()
    if step == "approve" and obj.status in (Status.APPROVED, Status.PUBLISHED):
        return TransitionError(
            _("This was already approved by %(name)s at %(time)s.")
            % {"name": _who(obj.approved_by), "time": _when(obj.approved_at)},
            code="already_approved",
        )
    if step == "return" and obj.status == Status.RETURNED:
        return TransitionError(
            _("This was already returned by %(name)s at %(time)s.")
            % {"name": _who(obj.returned_by), "time": _when(obj.returned_at)},
            code="already_returned",
        )
    if step == "publish" and obj.status == Status.PUBLISHED:
        return TransitionError(
            _("This was already published by %(name)s at %(time)s.")
            % {"name": _who(obj.published_by), "time": _when(obj.published_at)},
            code="already_published",
        )
    messages = {
        "submit": _(
            "Only a draft or a returned one can be submitted; this one is %(status)s."
        ),
        "return": _("Only a submitted one can be returned; this one is %(status)s."),
        "approve": _("Only a submitted one can be approved; this one is %(status)s."),
        "publish": _("Only an approved one can be published; this one is %(status)s."),
    }
    return TransitionError(messages[step] % {"status": status}, code="bad_state")


def _step(obj, step: str, *, by, **fields):
    """Move ``obj`` along one workflow step with a conditional UPDATE (one winner)."""
    sources, target = _STEPS[step]
    now = timezone.now()
    done = (
        type(obj)
        .objects.filter(pk=obj.pk, status__in=sources)
        .update(status=target, revision=F("revision") + 1, **fields)
    )
    obj.refresh_from_db()
    if not done:
        raise _refusal(step, obj)
    _audit(obj, by, AuditEvent.Action.TRANSITION, step=step, status=obj.status)
    return now


def _audit(obj, by, action, **detail) -> None:
    """Record a change to a plan or pledge in the audit log (who, what, when)."""
    audit_record(
        action=action,
        user=by,
        obj=obj,
        institute_id=obj.unit.institute_id,
        **detail,
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _save_version(obj, *, by) -> None:
    """Keep the current content as the next published version."""
    if isinstance(obj, Plan):
        PlanVersion.objects.create(
            plan=obj, number=obj.version, snapshot=plan_snapshot(obj), changed_by=by
        )
    else:
        PledgeVersion.objects.create(
            pledge=obj, number=obj.version, snapshot=pledge_snapshot(obj), changed_by=by
        )


def approvers_of(obj) -> list[int]:
    """Person ids of the nearest approvers of a plan or pledge, for notifications.

    Plans go to those who manage the unit's parent, pledges to those who manage the
    unit; the deepest holders win (the 总支书记 before the office).
    """
    start = obj.unit.parent if isinstance(obj, Plan) else obj.unit
    if start is None:
        return []
    chain = [int(p) for p in start.path.strip("/").split("/")]
    rows = Role.objects.filter(
        Q(kind__in=Role.MANAGING, node_id__in=chain)
        | Q(kind=Role.Kind.OFFICE, node__parent_id__in=chain)
    ).values_list("person_id", "node_id", "node__parent_id", "kind")
    depth = {pk: i for i, pk in enumerate(chain)}
    best: dict[int, list[int]] = {}
    for person_id, node_id, parent_id, kind in rows:
        reach = parent_id if kind == Role.Kind.OFFICE else node_id
        if isinstance(obj, Pledge) and person_id == obj.person_id:
            continue  # nobody approves their own pledge
        best.setdefault(depth[reach], []).append(person_id)
    return best[max(best)] if best else []


def _filer_of(obj) -> list[int]:
    if isinstance(obj, Pledge):
        return [obj.person_id]
    person = getattr(obj.created_by, "person", None) if obj.created_by_id else None
    return [person.pk] if person is not None else []


def _tell(obj, recipients, kind, title, body="", key=""):
    notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        url=obj.get_absolute_url(),
        dedupe_key=f"{type(obj).__name__.lower()}-{obj.pk}-{key}-r{obj.revision}",
    )


def _submit(obj, *, by, can: bool, missing: list[str]):
    _require(can, _("You may not submit this."))
    if obj.status in (Status.DRAFT, Status.RETURNED) and missing:
        raise ValidationError(
            _("Complete it before submitting: %(missing)s.")
            % {"missing": "、".join(missing)},
            code="incomplete",
        )
    _step(obj, "submit", by=by, submitted_at=timezone.now(), updated_by=by)
    _tell(
        obj,
        approvers_of(obj),
        Notification.Kind.APPROVAL_NEEDED,
        _("Waiting for your approval: %(what)s") % {"what": obj},
        key="submit",
    )
    return obj


def _return(obj, *, by, can: bool, reason: str):
    _require(can, _("Only the approver may return this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why it is returned, so the filer knows what to change.")},
            code="reason_required",
        )
    _step(
        obj,
        "return",
        by=by,
        return_reason=reason,
        returned_by=by,
        returned_at=timezone.now(),
    )
    _tell(
        obj,
        _filer_of(obj),
        Notification.Kind.RETURNED,
        _("Returned for revision: %(what)s") % {"what": obj},
        body=reason,
        key="return",
    )
    return obj


def _approve(obj, *, by, can: bool):
    _require(can, _("Only the approver may approve this."))
    _step(obj, "approve", by=by, approved_by=by, approved_at=timezone.now())
    return obj


def _publish(obj, *, by, can: bool):
    _require(can, _("Only the approver may publish this."))
    _step(
        obj,
        "publish",
        by=by,
        published_by=by,
        published_at=timezone.now(),
        version=F("version") + 1,
    )
    _save_version(obj, by=by)
    _tell(
        obj,
        _filer_of(obj),
        Notification.Kind.PUBLISHED,
        _("Published on the public board: %(what)s") % {"what": obj},
        key="publish",
    )
    return obj


def _claim_edit(obj, *, by, revision: int, fields: dict):
    """Write the main fields if nobody changed the object since ``revision`` was read."""
    model = type(obj)
    is_published = obj.status == Status.PUBLISHED
    updates = {
        **fields,
        "revision": F("revision") + 1,
        "updated_by": by,
        "updated_at": timezone.now(),
    }
    if is_published:
        updates["version"] = F("version") + 1
    done = model.objects.filter(pk=obj.pk, revision=revision, status=obj.status).update(
        **updates
    )
    if not done:
        current = model.objects.select_related("updated_by__person").get(pk=obj.pk)
        if current.revision != revision:
            raise ConflictError(
                _(
                    "%(name)s changed this at %(time)s, after you opened it. Your text "
                    "is kept below: compare it with the current version and save again."
                )
                % {"name": _who(current.updated_by), "time": _when(current.updated_at)},
                code="conflict",
            )
        raise TransitionError(
            _("It is now %(status)s and cannot be changed.")
            % {"status": current.get_status_display()},
            code="bad_state",
        )
    obj.refresh_from_db()
    _audit(obj, by, AuditEvent.Action.UPDATE, revision=obj.revision)
    return is_published


def _check_editable(obj) -> None:
    if obj.status not in EDITABLE_STATES:
        raise TransitionError(
            _(
                "It is %(status)s and cannot be changed now; the approver can return "
                "it to you."
            )
            % {"status": obj.get_status_display()},
            code="bad_state",
        )


def _apply_rows(model, parent_field: str, parent, rows: list[dict], fields: list[str]):
    """Create, change or delete child rows; ``rows`` carry ``id`` and ``delete``."""
    existing = {row.pk: row for row in model.objects.filter(**{parent_field: parent})}
    order = 0
    for row in rows:
        pk = row.get("id")
        if pk and pk not in existing:
            raise ValidationError(_("One of the rows belongs to something else."))
        if row.get("delete"):
            if pk:
                instance = existing[pk]
                if hasattr(instance, "updates") and instance.updates.exists():
                    raise ValidationError(
                        _(
                            "“%(text)s” has progress reports and cannot be removed; "
                            "report it as not done instead."
                        )
                        % {"text": instance.text}
                    )
                instance.delete()
            continue
        order += 1
        values = {f: row.get(f) for f in fields}
        if hasattr(model, "order"):
            values["order"] = order
        if pk:
            instance = existing[pk]
            for key, value in values.items():
                setattr(instance, key, value)
            instance.save()
        else:
            model.objects.create(**{parent_field: parent}, **values)


# ---------------------------------------------------------------------------
# Plans (争创计划)


def plan_snapshot(plan: Plan) -> dict:
    """The plan's content as plain data, for its version record."""
    return {
        "focus": plan.focus,
        "targets": plan.targets,
        "measures": [
            {
                "text": m.text,
                "owner": m.owner.name if m.owner_id else "",
                "due_on": m.due_on.isoformat(),
            }
            for m in plan.measures.select_related("owner")
        ],
        "milestones": [
            {"due_on": m.due_on.isoformat(), "text": m.text}
            for m in plan.milestones.all()
        ],
    }


@transaction.atomic
def plan_create(*, campaign: Campaign, unit: Organization, by) -> Plan:
    """Start a unit's plan from the template of its category (分类指导)."""
    scope = scope_of(by)
    _require(scope.can_manage_unit(unit), _("You may not file a plan for this unit."))
    if unit.kind not in PLAN_UNIT_KINDS:
        raise ValidationError(
            _("Only party branches and mass-organisation units file striving plans.")
        )
    if not unit.is_within(campaign.scope):
        raise ValidationError(_("This unit is outside the campaign."))
    if Plan.objects.filter(campaign=campaign, unit=unit).exists():
        raise ValidationError(
            _("%(unit)s already has a plan for this campaign.") % {"unit": unit.name}
        )
    template = template_for(campaign=campaign, unit=unit)
    plan = Plan.objects.create(
        campaign=campaign,
        unit=unit,
        criteria_set=criteria_set_for(
            campaign=campaign, unit=unit, audience=CriteriaSet.Audience.UNIT
        ),
        focus=template.focus if template else "",
        targets=template.targets if template else "",
        created_by=by,
        updated_by=by,
    )
    _audit(plan, by, AuditEvent.Action.CREATE)
    if template is not None:
        PlanMeasure.objects.bulk_create(
            PlanMeasure(
                plan=plan, text=m.text, due_on=campaign.phase2_end, order=m.order
            )
            for m in template.measures.all()
        )
    PlanMilestone.objects.bulk_create(
        [
            PlanMilestone(
                plan=plan, due_on=campaign.phase1_end, text="公开承诺，接受群众监督"
            ),
            PlanMilestone(
                plan=plan, due_on=campaign.phase2_end, text="完成主要争创措施"
            ),
            PlanMilestone(
                plan=plan, due_on=campaign.phase3_end, text="接受点评和群众评议"
            ),
        ]
    )
    return plan


@transaction.atomic
def plan_update(
    *,
    plan: Plan,
    by,
    revision: int,
    focus: str,
    targets: str,
    measures: list[dict],
    milestones: list[dict],
) -> Plan:
    """Change a plan; after publication each change is kept as a new version."""
    _require(plan.can_edit(scope_of(by)), _("You may not change this plan."))
    _check_editable(plan)
    published = _claim_edit(
        plan, by=by, revision=revision, fields={"focus": focus, "targets": targets}
    )
    _apply_rows(PlanMeasure, "plan", plan, measures, ["text", "owner", "due_on"])
    _apply_rows(PlanMilestone, "plan", plan, milestones, ["due_on", "text"])
    if published:
        _save_version(plan, by=by)
    return plan


def _plan_missing(plan: Plan) -> list[str]:
    missing = []
    if not plan.focus.strip():
        missing.append(_("focus"))
    if not plan.targets.strip():
        missing.append(_("target results"))
    if not plan.measures.exists():
        missing.append(_("at least one measure"))
    if not plan.milestones.exists():
        missing.append(_("at least one milestone"))
    return missing


@transaction.atomic
def plan_submit(*, plan: Plan, by) -> Plan:
    """Send the plan to its approver (总支书记, the parent mass unit or the office)."""
    return _submit(
        plan, by=by, can=plan.can_edit(scope_of(by)), missing=_plan_missing(plan)
    )


@transaction.atomic
def plan_return(*, plan: Plan, by, reason: str) -> Plan:
    """Send the plan back to the branch with a reason."""
    return _return(plan, by=by, can=plan.can_approve(scope_of(by)), reason=reason)


@transaction.atomic
def plan_approve(*, plan: Plan, by) -> Plan:
    """Approve a submitted plan; a second approver gets a clear refusal."""
    return _approve(plan, by=by, can=plan.can_approve(scope_of(by)))


@transaction.atomic
def plan_publish(*, plan: Plan, by) -> Plan:
    """Publish an approved plan to the staff (公开承诺); this is version 1."""
    return _publish(plan, by=by, can=plan.can_approve(scope_of(by)))


# ---------------------------------------------------------------------------
# Pledges (承诺书)


def pledge_snapshot(pledge: Pledge) -> dict:
    """The pledge's content as plain data, for its version record."""
    return {
        "plans": pledge.plans,
        "direction": pledge.direction,
        "items": [
            {
                "text": i.text,
                "target": i.target,
                "due_on": i.due_on.isoformat(),
                "criterion": i.criterion.name if i.criterion_id else "",
            }
            for i in pledge.items.select_related("criterion")
        ],
    }


def is_member_of(person, unit: Organization) -> bool:
    if unit.kind == Organization.Kind.BRANCH:
        return person.branch_id == unit.pk and person.is_party_member
    if unit.is_mass:
        return MassMembership.objects.filter(person=person, unit=unit).exists()
    return False


@transaction.atomic
def pledge_create(
    *,
    campaign: Campaign,
    unit: Organization,
    person,
    by,
    plans: str = "",
    direction: str = "",
) -> Pledge:
    """Start a member's pledge; filed by the member or on their behalf by the secretary."""
    scope = scope_of(by)
    own = scope.person is not None and scope.person.pk == person.pk
    _require(
        own or scope.can_manage_unit(unit),
        _("You may file only your own pledge, or pledges of members you look after."),
    )
    if not is_member_of(person, unit):
        raise ValidationError(
            _("%(name)s is not a member of %(unit)s.")
            % {"name": person.name, "unit": unit.name}
        )
    if not unit.is_within(campaign.scope):
        raise ValidationError(_("This unit is outside the campaign."))
    if Pledge.objects.filter(campaign=campaign, unit=unit, person=person).exists():
        raise ValidationError(
            _("%(name)s already has a pledge in %(unit)s for this campaign.")
            % {"name": person.name, "unit": unit.name}
        )
    template = template_for(campaign=campaign, unit=unit)
    pledge = Pledge.objects.create(
        campaign=campaign,
        unit=unit,
        person=person,
        criteria_set=criteria_set_for(
            campaign=campaign, unit=unit, audience=CriteriaSet.Audience.PERSON
        ),
        plans=plans or (template.pledge_plans if template else ""),
        direction=direction or (template.pledge_direction if template else ""),
        on_behalf=not own,
        created_by=by,
        updated_by=by,
    )
    _audit(pledge, by, AuditEvent.Action.CREATE, on_behalf=not own)
    return pledge


@transaction.atomic
def pledge_update(
    *,
    pledge: Pledge,
    by,
    revision: int,
    plans: str,
    direction: str,
    items: list[dict],
) -> Pledge:
    """Change a pledge; after publication each change is kept as a new version."""
    _require(pledge.can_edit(scope_of(by)), _("You may not change this pledge."))
    _check_editable(pledge)
    for row in items:
        criterion = row.get("criterion")
        if (
            not row.get("delete")
            and criterion is not None
            and criterion.criteria_set_id != pledge.criteria_set_id
        ):
            raise ValidationError(
                _("Choose a 带头 from the list of this pledge's organisation.")
            )
    published = _claim_edit(
        pledge,
        by=by,
        revision=revision,
        fields={"plans": plans, "direction": direction},
    )
    _apply_rows(
        PledgeItem, "pledge", pledge, items, ["text", "target", "due_on", "criterion"]
    )
    if published:
        _save_version(pledge, by=by)
    return pledge


def _pledge_missing(pledge: Pledge) -> list[str]:
    missing = []
    if not pledge.plans.strip():
        missing.append(_("concrete plans"))
    if not pledge.direction.strip():
        missing.append(_("direction of effort"))
    items = list(pledge.items.all())
    if not items:
        missing.append(_("at least one committed item"))
    has_criteria = (
        pledge.criteria_set_id is not None
        and Criterion.objects.filter(criteria_set_id=pledge.criteria_set_id).exists()
    )
    if has_criteria and any(i.criterion_id is None for i in items):
        missing.append(_("the 带头 each item serves"))
    return missing


@transaction.atomic
def pledge_submit(*, pledge: Pledge, by) -> Pledge:
    """Send the pledge to the branch secretary (or the unit's officer)."""
    return _submit(
        pledge,
        by=by,
        can=pledge.can_edit(scope_of(by)),
        missing=_pledge_missing(pledge),
    )


@transaction.atomic
def pledge_return(*, pledge: Pledge, by, reason: str) -> Pledge:
    """Send the pledge back to the member with a reason."""
    return _return(pledge, by=by, can=pledge.can_approve(scope_of(by)), reason=reason)


@transaction.atomic
def pledge_approve(*, pledge: Pledge, by) -> Pledge:
    """Approve a submitted pledge; a second approver gets a clear refusal."""
    return _approve(pledge, by=by, can=pledge.can_approve(scope_of(by)))


@transaction.atomic
def pledge_publish(*, pledge: Pledge, by) -> Pledge:
    """Publish an approved pledge on the board (公开承诺); this is version 1."""
    return _publish(pledge, by=by, can=pledge.can_approve(scope_of(by)))


# ---------------------------------------------------------------------------
# Supervision (接受群众监督)


@transaction.atomic
def comment_add(
    *, target: Plan | Pledge, by, text: str, anonymous: bool
) -> SupervisionComment:
    """Leave a supervision comment; an anonymous one keeps no link to its author."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your comment first.")})
    if target.status != Status.PUBLISHED:
        raise TransitionError(_("Only published plans and pledges take comments."))
    return SupervisionComment.objects.create(
        plan=target if isinstance(target, Plan) else None,
        pledge=target if isinstance(target, Pledge) else None,
        text=text,
        is_anonymous=anonymous,
        author=None if anonymous else by,
        created_on=timezone.localdate(),
    )


@transaction.atomic
def comment_answer(*, comment: SupervisionComment, by, text: str) -> SupervisionComment:
    """The secretary (or the unit's officer) answers a supervision comment."""
    target = comment.target
    _require(
        scope_of(by).can_manage_unit(target.unit),
        _("Only the unit's secretary or officer answers comments."),
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer first.")})
    comment.answer = text
    comment.answered_by = by
    comment.answered_at = timezone.now()
    comment.save(update_fields=["answer", "answered_by", "answered_at"])
    return comment


# ---------------------------------------------------------------------------
# Fulfilment (践诺)


def can_report(scope, subject: PledgeItem | PlanMeasure) -> bool:
    """Who reports progress: the member and the secretary for an item; the unit's
    managers and the measure's owner for a plan measure."""
    if isinstance(subject, PledgeItem):
        return subject.pledge.can_edit(scope)
    own = scope.person is not None and subject.owner_id == scope.person.pk
    return own or subject.plan.can_edit(scope)


@transaction.atomic
def progress_report(
    *,
    subject: PledgeItem | PlanMeasure,
    by,
    status: str,
    percent: int,
    text: str,
    files=(),
) -> ProgressUpdate:
    """Report progress on a committed item or plan measure, with evidence files."""
    _require(can_report(scope_of(by), subject), _("You may not report progress here."))
    parent = subject.pledge if isinstance(subject, PledgeItem) else subject.plan
    if parent.status != Status.PUBLISHED:
        raise TransitionError(
            _("Progress is reported once the pledge or plan is published.")
        )
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("Choose how the item stands.")})
    if status == ProgressStatus.DONE:
        percent = 100
    if not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("Give a percentage from 0 to 100.")})
    checked = [(f, check_upload(f)) for f in files]
    now = timezone.now()
    update = ProgressUpdate.objects.create(
        item=subject if isinstance(subject, PledgeItem) else None,
        measure=subject if isinstance(subject, PlanMeasure) else None,
        status=status,
        percent=percent,
        text=text,
        reported_by=by,
        reported_at=now,
    )
    for upload, content_type in checked:
        name = clean_filename(upload.name)
        evidence = Evidence(
            update=update,
            name=name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=by,
        )
        evidence.file.save(name, upload, save=False)
        evidence.save()
    type(subject).objects.filter(pk=subject.pk).update(
        progress_status=status, progress_percent=percent, progress_at=now
    )
    subject.refresh_from_db()
    return update
