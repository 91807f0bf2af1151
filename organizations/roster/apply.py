"""Roster import and export (花名册导入导出): writing a plan, all rows or none."""

from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from organizations import services
from organizations.models import Organization, Person, RosterImport
from organizations.roster.columns import (
    Action,
    RosterFileError,
    RosterProblems,
    TransitionError,
)
from organizations.roster.plan import NewUnit, roster_plan
from organizations.roster.read import Sheet, roster_read

# People are written this many at a time (one INSERT or UPDATE per batch, history too).
BATCH = 1000
# The fields an import writes on a person.
WRITTEN = [
    "name",
    "staff_no",
    "gender",
    "department",
    "branch",
    "political_status",
    "party_joined_on",
    "position",
    "email",
    "is_active",
]
APPLICABLE = (RosterImport.Status.PREVIEW, RosterImport.Status.APPLYING)

Progress = Callable[[int], None]


def _unit(ref):
    return ref.created if isinstance(ref, NewUnit) else ref


def roster_apply(
    *,
    roster_import: RosterImport,
    by,
    sheets: tuple[Sheet, Sheet | None] | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Apply a previewed import: all rows or none, once (花名册导入).

    ``sheets`` are the file already read (the worker reads it before the transaction
    opens); ``progress`` hears percentages from 40 to 99 while people are written.
    """
    if sheets is None:
        sheets = roster_read(
            filename=roster_import.filename, content=bytes(roster_import.content)
        )
    try:
        return _apply(
            roster_import=roster_import,
            by=by,
            sheets=sheets,
            progress=progress or (lambda percent: None),
        )
    except IntegrityError:
        raise RosterFileError(
            _(
                "The roster changed while this import ran. Open the preview again "
                "and apply it."
            )
        )


def _people(preview, institute, progress: Progress) -> tuple[list, list]:
    """The people to create and to update, checked, ready for bulk writing."""
    new, changed = [], []
    for row in preview.people:
        if row.action == Action.UNCHANGED:
            continue
        person = row.person or Person(institute=institute)
        for key, value in row.values.items():
            if key in ("department", "branch"):
                value = _unit(value)
            setattr(person, key, value)
        person.is_active = True
        # Fields were checked by the plan; units come from this institute by name.
        person.clean()
        (changed if person.pk else new).append(person)
    progress(45)
    return new, changed


@transaction.atomic
def _apply(*, roster_import: RosterImport, by, sheets, progress) -> dict[str, int]:
    institute = roster_import.institute
    # One import at a time per institute (a no-op on SQLite, whose writes are serial);
    # a second delivery of the same job waits here, then finds it applied.
    list(Organization.objects.select_for_update().filter(pk=institute.pk))
    if not RosterImport.objects.filter(
        pk=roster_import.pk, status__in=APPLICABLE
    ).exists():
        raise TransitionError(_("This import was already applied or discarded."))
    people_sheet, units_sheet = sheets
    preview = roster_plan(
        institute=institute,
        filename=roster_import.filename,
        people=people_sheet,
        units=units_sheet,
    )
    if not preview.ok:
        raise RosterProblems(preview)
    progress(40)
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
    new, changed = _people(preview, institute, progress)
    total = max(len(new) + len(changed), 1)
    done = 0
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        bulk_create_with_history(
            batch, Person, default_user=by, default_change_reason=reason
        )
        done += len(batch)
        progress(45 + 54 * done // total)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        bulk_update_with_history(
            batch, Person, WRITTEN, default_user=by, default_change_reason=reason
        )
        done += len(batch)
        progress(45 + 54 * done // total)
    counts = preview.counts
    # The claim comes last: until here the row is not locked, so progress can be
    # written to it from aside; a second apply finds it applied (or waits, then does).
    if not RosterImport.objects.filter(
        pk=roster_import.pk, status__in=APPLICABLE
    ).update(
        status=RosterImport.Status.APPLIED,
        applied_at=timezone.now(),
        applied_by=by,
        result=counts,
        progress=100,
        error="",
    ):
        raise TransitionError(_("This import was already applied or discarded."))
    roster_import.status = RosterImport.Status.APPLIED
    roster_import.result = counts
    return counts


@transaction.atomic
def roster_discard(*, roster_import: RosterImport) -> None:
    """Throw a previewed import away; an applied one stays as it is."""
    if not RosterImport.objects.filter(
        pk=roster_import.pk,
        status__in=[RosterImport.Status.PREVIEW, RosterImport.Status.UNREADABLE],
    ).update(status=RosterImport.Status.DISCARDED):
        raise TransitionError(_("This import was already applied or discarded."))
    roster_import.status = RosterImport.Status.DISCARDED
    roster_import.rows.all().delete()
