"""Pledges (承诺书)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.access import scope_of
from organizations.audit import AuditEvent
from organizations.models import (
    MassMembership,
    Organization,
)
from pledges.access import may_file_pledge_for
from pledges.models import (
    Campaign,
    CriteriaSet,
    Criterion,
    Pledge,
    PledgeItem,
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
        may_file_pledge_for(scope, person, unit),
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
    if pledge.status == Status.PUBLISHED:
        # A substantive change goes back through approval; the board keeps the
        # published version until it is approved.
        _check_rows(PledgeItem, "pledge", pledge, items)
        return _propose_change(
            pledge,
            by=by,
            revision=revision,
            content={
                "plans": plans,
                "direction": direction,
                "items": rows_as_data(items),
            },
            current=pledge_content(pledge, held=False),
            rows={"plans": None, "direction": None, "items": ITEM_FIELDS},
        )
    _claim_edit(
        pledge,
        by=by,
        revision=revision,
        fields={"plans": plans, "direction": direction},
    )
    _apply_rows(PledgeItem, "pledge", pledge, items, ITEM_FIELDS)
    return pledge


ITEM_FIELDS = ["text", "target", "due_on", "criterion"]


def pledge_content(pledge: Pledge, *, held: bool = True) -> dict:
    """The pledge's content in the shape of a change (for forms and diffs): the
    change held for approval if there is one (``held``), else what is published."""
    if held and pledge.change:
        return pledge.change["content"]
    return {
        "plans": pledge.plans,
        "direction": pledge.direction,
        "items": rows_as_data(
            [
                {
                    "id": i.pk,
                    "text": i.text,
                    "target": i.target,
                    "due_on": i.due_on,
                    "criterion": i.criterion_id,
                }
                for i in pledge.items.all()
            ]
        ),
    }


@transaction.atomic
def pledge_change_approve(*, pledge: Pledge, by) -> Pledge:
    """Approve a change to a published pledge: it becomes the next published version."""
    change = _decide_change(
        pledge, by=by, can=pledge.can_approve(scope_of(by)), approve=True
    )
    content = change["content"]
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(criteria_set_id=pledge.criteria_set_id)
    }
    rows = [
        {**row, "criterion": criteria.get(row.get("criterion"))}
        if not row.get("delete")
        else row
        for row in content["items"]
    ]
    Pledge.objects.filter(pk=pledge.pk).update(
        plans=content["plans"], direction=content["direction"]
    )
    _apply_rows(PledgeItem, "pledge", pledge, rows, ITEM_FIELDS)
    pledge.refresh_from_db()
    _change_decided(pledge, change, approved=True)
    return pledge


@transaction.atomic
def pledge_change_return(*, pledge: Pledge, by, reason: str) -> Pledge:
    """Return a change to a published pledge with a reason; the published one stays."""
    change = _decide_change(
        pledge,
        by=by,
        can=pledge.can_approve(scope_of(by)),
        approve=False,
        reason=reason,
    )
    _change_decided(pledge, change, approved=False, reason=change["reason"])
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
