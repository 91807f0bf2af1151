"""Field visits and forums: the office records them; whoever reads a unit visited
reads the record (and the secretaries leading a mass-organisation unit visited)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from evaluations.inspections.access.lists import unit_reader_q
from evaluations.inspections.access.predicates import is_office_for
from evaluations.models import FieldVisit
from organizations.access import Scope, scope_of
from organizations.models import Organization
from pledges.models import Campaign


def visits_visible(scope: Scope, campaign: Campaign) -> QuerySet[FieldVisit]:
    """The campaign's visits the user reads: all for the office, else by unit."""
    rows = FieldVisit.objects.filter(campaign=campaign)
    if is_office_for(scope, campaign):
        return rows
    through = FieldVisit.units.through
    reached = Organization.objects.filter(unit_reader_q(scope, prefix=""))
    return rows.filter(
        Exists(
            through.objects.filter(
                fieldvisit_id=OuterRef("pk"),
                organization_id__in=reached.values("pk"),
            )
        )
    )


def get_visit_for(user, pk: int) -> FieldVisit:
    """A visit record: 404 unless the user reads it."""
    scope = scope_of(user)
    visit = (
        FieldVisit.objects.select_related("campaign", "campaign__scope", "recorded_by")
        .filter(pk=pk)
        .first()
    )
    if (
        visit is None
        or not visits_visible(scope, visit.campaign).filter(pk=pk).exists()
    ):
        raise Http404
    return visit
