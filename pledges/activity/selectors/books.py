"""Reading (读书)."""

from django.db.models import Q, QuerySet

from organizations.access import Scope
from organizations.models import Organization
from pledges.activity.access import is_office_of, overseen_branches
from pledges.models import ReadingNote


def notes_for(
    scope: Scope, *, institute: Organization, year: int | None = None
) -> QuerySet[ReadingNote]:
    """Reading notes the user may read: own, of overseen branches, all for the office."""
    notes = ReadingNote.objects.filter(institute=institute)
    if not is_office_of(scope, institute.pk):
        q = Q(branch__in=overseen_branches(scope)) | Q(picked=True)
        if scope.person is not None:
            q |= Q(person=scope.person)
        notes = notes.filter(q)
    if year:
        notes = notes.filter(written_on__year=year)
    return notes.select_related("person", "branch", "book").order_by(
        "-written_on", "-pk"
    )


def picks_of(institute: Organization, year: int) -> QuerySet[ReadingNote]:
    """The notes the office picked for the year's 读书笔记展评."""
    return (
        ReadingNote.objects.filter(
            institute=institute, picked=True, written_on__year=year
        )
        .select_related("person", "branch", "book")
        .order_by("branch__path", "person__staff_no", "pk")
    )
