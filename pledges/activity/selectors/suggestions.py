"""The suggestion box (意见箱)."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from organizations.access import Scope
from organizations.models import Organization, Role
from pledges.activity.access import overseen_branches, writable_branches
from pledges.activity.selectors.meetings import lecture_rule
from pledges.models import ActivityRecord, Meeting, NewsReport, Suggestion


def suggestions_inbox(scope: Scope) -> QuerySet[Suggestion]:
    """Suggestions the user answers or oversees: to their branches, or to their office."""
    q = Q(branch__in=writable_branches(scope)) | Q(branch__in=overseen_branches(scope))
    office_ids = [r.node.institute_id for r in scope.roles_of(Role.Kind.OFFICE)]
    if office_ids:
        q |= Q(branch__isnull=True, institute_id__in=office_ids)
    if scope.is_superuser:
        q = Q()
    return (
        Suggestion.objects.filter(q)
        .select_related("branch")
        .order_by("status", "-filed_on")
    )


def suggestions_mine(scope: Scope) -> QuerySet[Suggestion]:
    """The named suggestions the user filed (anonymous ones cannot be found this way)."""
    if scope.person is None:
        return Suggestion.objects.none()
    return (
        Suggestion.objects.filter(author=scope.person)
        .select_related("branch")
        .order_by("-filed_on")
    )


def liaison_branches(scope: Scope, *, year: int) -> QuerySet[Organization]:
    """A leader's liaison branches (联系点) with their suggestions and progress."""
    ids = [r.node_id for r in scope.roles_of(Role.Kind.LIAISON)]
    today = timezone.localdate()
    first = datetime.date(today.year, today.month, 1)
    return (
        lecture_rule(
            Organization.objects.filter(pk__in=ids).select_related("category"),
            year=year,
        )
        .annotate(
            open_suggestions=_count_sub(
                Suggestion.objects.filter(
                    branch=OuterRef("pk"), status=Suggestion.Status.OPEN
                )
            ),
            answered_suggestions=_count_sub(
                Suggestion.objects.filter(
                    branch=OuterRef("pk"), status=Suggestion.Status.ANSWERED
                )
            ),
            records_this_year=_count_sub(
                ActivityRecord.objects.filter(
                    branch=OuterRef("pk"), occurred_on__year=year
                )
            ),
            meetings_this_year=_count_sub(
                Meeting.objects.filter(branch=OuterRef("pk"), held_on__year=year)
            ),
            news_this_month=_count_sub(
                NewsReport.objects.filter(
                    branch=OuterRef("pk"), published_on__gte=first
                )
            ),
        )
        .order_by("path")
    )


def _count_sub(queryset: QuerySet):
    counted = (
        queryset.order_by().values("branch_id").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def liaison_suggestions(scope: Scope) -> QuerySet[Suggestion]:
    """Suggestions to the leader's liaison branches (联系点), open ones first."""
    return suggestions_to([r.node_id for r in scope.roles_of(Role.Kind.LIAISON)])


def suggestions_to(branch_ids: list[int]) -> QuerySet[Suggestion]:
    """Suggestions to these branches, open ones first, newest first."""
    return (
        Suggestion.objects.filter(branch_id__in=branch_ids)
        .select_related("branch")
        .order_by("status", "-filed_on")
    )
