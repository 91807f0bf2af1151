"""Plans (争创计划)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.access import scope_of
from organizations.audit import AuditEvent
from organizations.models import (
    Organization,
    Person,
)
from pledges.models import (
    PLAN_UNIT_KINDS,
    Campaign,
    CriteriaSet,
    Plan,
    PlanMeasure,
    PlanMilestone,
    Status,
)
from pledges.services.workflow import (
    _apply_rows,
    _approve,
    _audit,
    _change_decided,
    _check_editable,
    _check_rows,
    _claim_edit,
    _decide_change,
    _propose_change,
    _publish,
    _require,
    _return,
    _submit,
    criteria_set_for,
    rows_as_data,
    template_for,
)


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
    if plan.status == Status.PUBLISHED:
        # A substantive change goes back through approval (the 总支书记 is asked);
        # the published version stays visible until it is approved.
        _check_rows(PlanMeasure, "plan", plan, measures)
        _check_rows(PlanMilestone, "plan", plan, milestones)
        return _propose_change(
            plan,
            by=by,
            revision=revision,
            content={
                "focus": focus,
                "targets": targets,
                "measures": rows_as_data(measures),
                "milestones": rows_as_data(milestones),
            },
            current=plan_content(plan, held=False),
            rows={
                "focus": None,
                "targets": None,
                "measures": MEASURE_FIELDS,
                "milestones": MILESTONE_FIELDS,
            },
        )
    _claim_edit(
        plan, by=by, revision=revision, fields={"focus": focus, "targets": targets}
    )
    _apply_rows(PlanMeasure, "plan", plan, measures, MEASURE_FIELDS)
    _apply_rows(PlanMilestone, "plan", plan, milestones, MILESTONE_FIELDS)
    return plan


MEASURE_FIELDS = ["text", "owner", "due_on"]
MILESTONE_FIELDS = ["due_on", "text"]


def plan_content(plan: Plan, *, held: bool = True) -> dict:
    """The plan's content in the shape of a change (for forms and diffs): the change
    held for approval if there is one (``held``), else what is published."""
    if held and plan.change:
        return plan.change["content"]
    return {
        "focus": plan.focus,
        "targets": plan.targets,
        "measures": rows_as_data(
            [
                {"id": m.pk, "text": m.text, "owner": m.owner_id, "due_on": m.due_on}
                for m in plan.measures.all()
            ]
        ),
        "milestones": rows_as_data(
            [
                {"id": m.pk, "due_on": m.due_on, "text": m.text}
                for m in plan.milestones.all()
            ]
        ),
    }


@transaction.atomic
def plan_change_approve(*, plan: Plan, by) -> Plan:
    """Approve a change to a published plan: it becomes the next published version."""
    change = _decide_change(
        plan, by=by, can=plan.can_approve(scope_of(by)), approve=True
    )
    content = change["content"]
    owner_ids = {r.get("owner") for r in content["measures"] if r.get("owner")}
    owners = Person.objects.in_bulk(owner_ids)
    measures = [
        {**row, "owner": owners.get(row.get("owner"))} if not row.get("delete") else row
        for row in content["measures"]
    ]
    Plan.objects.filter(pk=plan.pk).update(
        focus=content["focus"], targets=content["targets"]
    )
    _apply_rows(PlanMeasure, "plan", plan, measures, MEASURE_FIELDS)
    _apply_rows(PlanMilestone, "plan", plan, content["milestones"], MILESTONE_FIELDS)
    plan.refresh_from_db()
    _change_decided(plan, change, approved=True)
    return plan


@transaction.atomic
def plan_change_return(*, plan: Plan, by, reason: str) -> Plan:
    """Return a change to a published plan with a reason; the published one stays."""
    change = _decide_change(
        plan, by=by, can=plan.can_approve(scope_of(by)), approve=False, reason=reason
    )
    _change_decided(plan, change, approved=False, reason=change["reason"])
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
