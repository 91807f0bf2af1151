"""Roster import and export (花名册导入导出)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import services
from organizations.models import Organization, Person, RosterImport
from organizations.roster.columns import (
    Action,
    RosterFileError,
    RosterProblems,
    TransitionError,
)
from organizations.roster.plan import NewUnit, roster_preview


def _unit(ref):
    return ref.created if isinstance(ref, NewUnit) else ref


def roster_apply(*, roster_import: RosterImport, by) -> dict[str, int]:
    """Apply a previewed import: all rows or none, once (花名册导入)."""
    try:
        return _apply(roster_import=roster_import, by=by)
    except IntegrityError:
        raise RosterFileError(
            _(
                "The roster changed while this import ran. Open the preview again "
                "and apply it."
            )
        )


@transaction.atomic
def _apply(*, roster_import: RosterImport, by) -> dict[str, int]:
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.PREVIEW
    ).update(status=RosterImport.Status.APPLIED, applied_at=timezone.now())
    if not claimed:
        raise TransitionError(_("This import was already applied or discarded."))
    institute = roster_import.institute
    # One import at a time per institute (a no-op on SQLite, whose writes are serial).
    list(Organization.objects.select_for_update().filter(pk=institute.pk))
    preview = roster_preview(
        institute=institute,
        filename=roster_import.filename,
        content=roster_import.content,
    )
    if not preview.ok:
        raise RosterProblems(preview)
    reason = _("Roster import %(file)s") % {"file": roster_import.filename}
    for row in preview.units:
        if row.action != Action.CREATE:
            continue
        new = row.unit
        new.created = services.organization_create(
            name=new.name,
            kind=new.kind,
            parent=_unit(new.parent),
            category=new.category,
            department=_unit(new.department),
        )
    for row in preview.people:
        if row.action == Action.UNCHANGED:
            continue
        person = row.person or Person(institute=institute)
        for key, value in row.values.items():
            if key in ("department", "branch"):
                value = _unit(value)
            setattr(person, key, value)
        person.is_active = True
        # Units were resolved from this institute by name above; no need to re-query.
        person.full_clean(
            exclude=["institute", "department", "branch", "user"],
            validate_unique=False,
            validate_constraints=False,
        )
        person._history_user = by
        person._change_reason = reason
        person.save()
    counts = preview.counts
    RosterImport.objects.filter(pk=roster_import.pk).update(result=counts)
    roster_import.status = RosterImport.Status.APPLIED
    roster_import.result = counts
    return counts


@transaction.atomic
def roster_discard(*, roster_import: RosterImport) -> None:
    """Throw a previewed import away; an applied one stays as it is."""
    if not RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.PREVIEW
    ).update(status=RosterImport.Status.DISCARDED):
        raise TransitionError(_("This import was already applied or discarded."))
    roster_import.status = RosterImport.Status.DISCARDED
