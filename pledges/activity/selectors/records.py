"""Activity records (纪实登记)."""

from django.db.models import Count, Q, QuerySet

from organizations.access import Scope
from organizations.models import Organization
from pledges.activity.access import overseen_branches, writable_branches
from pledges.models import ActivityRecord


def records_for(
    scope: Scope,
    *,
    branch: Organization | None = None,
    kind: str = "",
    query: str = "",
) -> QuerySet[ActivityRecord]:
    """Records the user may read: their branches' (by role) and their own."""
    q = Q(branch__in=writable_branches(scope)) | Q(branch__in=overseen_branches(scope))
    if scope.person is not None:
        q |= Q(person=scope.person)
    records = (
        ActivityRecord.objects.filter(q)
        .select_related("branch", "person")
        .annotate(file_count=Count("attachments"))
        .order_by("-occurred_on", "-pk")
    )
    if branch is not None:
        records = records.filter(branch=branch)
    if kind:
        records = records.filter(kind=kind)
    if query:
        records = records.filter(Q(title__icontains=query) | Q(text__icontains=query))
    return records
