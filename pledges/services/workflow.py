"""Plans and pledges: shared workflow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organizations.audit import AuditEvent, audit_record
from organizations.models import (
    Notification,
    Organization,
    Role,
)
from organizations.notifications.services import notify
from pledges.access import campaign_body_q
from pledges.models import (
    EDITABLE_STATES,
    Campaign,
    ConflictError,
    CriteriaSet,
    Plan,
    PlanTemplate,
    PlanVersion,
    Pledge,
    PledgeVersion,
    Status,
    TransitionError,
)


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

    Plans go to those who manage their approving unit (``Plan.approving_unit``: the
    parent, or the party organisation leading a mass unit), pledges to those who manage
    the unit; the deepest holders win (the 总支书记 before the office).
    """
    start = obj.approving_unit if isinstance(obj, Plan) else obj.unit
    if start is None:
        return []
    chain = [int(p) for p in start.path.strip("/").split("/")]
    # The office among them is the campaign's office over the unit's own institute.
    office = Role.objects.filter(
        campaign_body_q(obj.campaign),
        kind=Role.Kind.OFFICE,
        node__parent_id=obj.unit.institute_id,
    )
    rows = Role.objects.filter(
        Q(kind__in=Role.MANAGING, node_id__in=chain) | Q(pk__in=office.values("pk"))
    ).values_list("person_id", "node_id", "node__parent_id", "kind", "person__user_id")
    depth = {pk: i for i, pk in enumerate(chain)}
    filers = obj.filer_user_ids() if obj.campaign.separate_duties else set()
    best: dict[int, list[int]] = {}
    for person_id, node_id, parent_id, kind, user_id in rows:
        reach = parent_id if kind == Role.Kind.OFFICE else node_id
        if isinstance(obj, Pledge) and person_id == obj.person_id:
            continue  # nobody approves their own pledge
        if user_id is not None and user_id in filers:
            continue  # nor what they filed: the level above does
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


def _settle_requests(obj) -> int:
    """Mark every 待审批 notification of ``obj`` done (read) once it is decided, so
    no approver keeps a request somebody already answered."""
    prefix = f"{type(obj).__name__.lower()}-{obj.pk}-"
    return Notification.objects.filter(
        kind=Notification.Kind.APPROVAL_NEEDED,
        dedupe_key__startswith=prefix,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def _submit(obj, *, by, can: bool, missing: list[str]):
    _require(can, _("You may not submit this."))
    if obj.status in (Status.DRAFT, Status.RETURNED) and missing:
        raise ValidationError(
            _("Complete it before submitting: %(missing)s.")
            % {"missing": "、".join(missing)},
            code="incomplete",
        )
    _step(
        obj,
        "submit",
        by=by,
        submitted_at=timezone.now(),
        submitted_by=by,
        updated_by=by,
    )
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
    _settle_requests(obj)
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
    _settle_requests(obj)
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
    updates = {
        **fields,
        "revision": F("revision") + 1,
        "updated_by": by,
        "updated_at": timezone.now(),
    }
    done = model.objects.filter(pk=obj.pk, revision=revision, status=obj.status).update(
        **updates
    )
    if not done:
        _refuse_claim(obj, revision)
    obj.refresh_from_db()
    _audit(obj, by, AuditEvent.Action.UPDATE, revision=obj.revision)


def _refuse_claim(obj, revision: int):
    """Why a conditional write lost: somebody changed it first, or its state moved."""
    current = type(obj).objects.select_related("updated_by__person").get(pk=obj.pk)
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


def _check_rows(model, parent_field: str, parent, rows: list[dict]) -> dict:
    """Refuse rows of another parent and removing rows with progress; the rows by id."""
    existing = {row.pk: row for row in model.objects.filter(**{parent_field: parent})}
    for row in rows:
        pk = row.get("id")
        if pk and pk not in existing:
            raise ValidationError(_("One of the rows belongs to something else."))
        if row.get("delete") and pk:
            instance = existing[pk]
            if hasattr(instance, "updates") and instance.updates.exists():
                raise ValidationError(
                    _(
                        "“%(text)s” has progress reports and cannot be removed; "
                        "report it as not done instead."
                    )
                    % {"text": instance.text}
                )
    return existing


def _apply_rows(model, parent_field: str, parent, rows: list[dict], fields: list[str]):
    """Create, change or delete child rows; ``rows`` carry ``id`` and ``delete``."""
    existing = _check_rows(model, parent_field, parent, rows)
    order = 0
    for row in rows:
        pk = row.get("id")
        if row.get("delete"):
            if pk:
                existing[pk].delete()
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


# --- changes to what is published (修改后重新审批) ------------------------------------


def rows_as_data(rows: list[dict]) -> list[dict]:
    """Form rows as plain data for a change record: dates as text, objects as ids."""
    out = []
    for row in rows:
        if row.get("delete"):
            if row.get("id"):
                out.append({"id": row["id"], "delete": True})
            continue
        item = {}
        for key, value in row.items():
            if key in ("DELETE", "delete"):
                continue
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            elif hasattr(value, "pk"):
                value = value.pk
            item[key] = value
        out.append(item)
    return out


def _kept(rows: list[dict], fields: list[str]) -> list[tuple]:
    return [tuple(r.get(f) for f in fields) for r in rows if not r.get("delete")]


def _propose_change(obj, *, by, revision: int, content: dict, current: dict, rows):
    """Hold a change to a published plan or pledge for approval (the published
    version stays on the board) and ask the approvers; nothing changed is refused."""
    same = all(
        _kept(content[key], fields) == _kept(current[key], fields)
        if fields
        else (content[key] or "").strip() == (current[key] or "").strip()
        for key, fields in rows.items()
    )
    if same:
        raise ValidationError(
            _("Nothing was changed: the published version stays as it is."),
            code="unchanged",
        )
    now = timezone.now()
    change = {
        "content": content,
        "by": by.pk,
        "by_name": _who(by),
        "at": now.isoformat(),
        "reason": "",
    }
    done = (
        type(obj)
        .objects.filter(pk=obj.pk, revision=revision, status=Status.PUBLISHED)
        .update(
            change=change,
            change_submitted_at=now,
            submitted_by=by,
            updated_by=by,
            updated_at=now,
            revision=F("revision") + 1,
        )
    )
    if not done:
        _refuse_claim(obj, revision)
    obj.refresh_from_db()
    _audit(obj, by, AuditEvent.Action.UPDATE, revision=obj.revision, change="proposed")
    _tell(
        obj,
        approvers_of(obj),
        Notification.Kind.APPROVAL_NEEDED,
        _("A change waits for your approval: %(what)s") % {"what": obj},
        key="change",
    )
    return obj


def _decide_change(obj, *, by, can: bool, approve: bool, reason: str = ""):
    """Approve a held change (it becomes the next published version) or return it."""
    _require(can, _("Only the approver may decide on this change."))
    if not obj.change_awaits_approval:
        raise TransitionError(
            _("No change of this waits for approval (someone may have decided it)."),
            code="no_change",
        )
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(
            {"reason": _("Say why it is returned, so the filer knows what to change.")},
            code="reason_required",
        )
    now = timezone.now()
    change = dict(obj.change)
    if approve:
        fields = {
            "change": None,
            "approved_by": by,
            "approved_at": now,
            "published_by": by,
            "published_at": now,
            "version": F("version") + 1,
        }
    else:
        change.update(reason=reason, returned_by_name=_who(by))
        fields = {"change": change, "returned_by": by, "returned_at": now}
    done = (
        type(obj)
        .objects.filter(
            pk=obj.pk, revision=obj.revision, change_submitted_at__isnull=False
        )
        .update(change_submitted_at=None, revision=F("revision") + 1, **fields)
    )
    if not done:
        obj.refresh_from_db()
        raise TransitionError(
            _("No change of this waits for approval (someone may have decided it)."),
            code="no_change",
        )
    obj.refresh_from_db()
    _settle_requests(obj)
    step = "approve_change" if approve else "return_change"
    _audit(obj, by, AuditEvent.Action.TRANSITION, step=step, status=obj.status)
    return change


def _change_decided(obj, change: dict, *, approved: bool, reason: str = ""):
    if approved:
        proposer = (
            type(obj)
            .updated_by.field.related_model.objects.filter(pk=change.get("by"))
            .first()
        )
        _save_version(obj, by=proposer)
        _tell(
            obj,
            _filer_of(obj),
            Notification.Kind.PUBLISHED,
            _("Your change was approved and published: %(what)s") % {"what": obj},
            key="change-approved",
        )
    else:
        _tell(
            obj,
            _filer_of(obj),
            Notification.Kind.RETURNED,
            _("Your change was returned: %(what)s") % {"what": obj},
            body=reason,
            key="change-returned",
        )


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
