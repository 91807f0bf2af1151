"""Meetings and lessons (三会一课) and Party lectures (党课)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from organizations.access import Scope
from organizations.models import Organization, Role
from pledges.activity.access import overseen_branches, writable_branches
from pledges.models import Meeting, MeetingAttendance


def attendance_counts() -> dict:
    """Annotations: expected, present, absent and excused participants."""
    S = MeetingAttendance.Status
    return {
        "expected": Count("attendance", distinct=True),
        "present": Count("attendance", filter=Q(attendance__status=S.PRESENT)),
        "absent": Count("attendance", filter=Q(attendance__status=S.ABSENT)),
        "excused": Count("attendance", filter=Q(attendance__status=S.EXCUSED)),
    }


def meetings_for(
    scope: Scope, *, branch: Organization | None = None, kind: str = "", year=None
) -> QuerySet[Meeting]:
    """Meetings the user may read: of branches reached by role, and of their branch."""
    q = Q(branch__in=writable_branches(scope)) | Q(branch__in=overseen_branches(scope))
    if scope.person is not None and scope.person.branch_id:
        q |= Q(branch_id=scope.person.branch_id)
    meetings = (
        Meeting.objects.filter(q)
        .select_related("branch", "speaker")
        .annotate(**attendance_counts())
        .order_by("-held_on", "-pk")
    )
    if branch is not None:
        meetings = meetings.filter(branch=branch)
    if kind:
        meetings = meetings.filter(kind=kind)
    if year:
        meetings = meetings.filter(held_on__year=year)
    return meetings


def _lecture_by_secretary(year: int) -> Exists:
    """A 党课 of the branch that year whose speaker is one of its secretaries."""
    return Exists(
        Meeting.objects.filter(
            branch=OuterRef("pk"),
            kind=Meeting.Kind.LECTURE,
            held_on__gte=datetime.date(year, 1, 1),
            held_on__lte=datetime.date(year, 12, 31),
            speaker__roles__kind=Role.Kind.SECRETARY,
            speaker__roles__node=OuterRef("pk"),
        )
    )


def lecture_given_q(year: int) -> Exists:
    """``lecture_given`` of :func:`lecture_rule`, to annotate branches with."""
    return _lecture_by_secretary(year)


def lecture_rule(branches: QuerySet[Organization], *, year: int) -> QuerySet:
    """Branches annotated with ``lecture_given``: did a secretary give a 党课 that year?

    Each branch also carries ``secretaries`` (its secretary roles with their people).
    """
    return branches.annotate(
        lecture_given=_lecture_by_secretary(year)
    ).prefetch_related(
        Prefetch(
            "roles",
            queryset=Role.objects.filter(kind=Role.Kind.SECRETARY).select_related(
                "person"
            ),
            to_attr="secretaries",
        )
    )


def lecture_given(branch: Organization, *, year: int) -> bool:
    """Did a secretary of this branch give a 党课 in ``year``?"""
    return (
        Organization.objects.filter(pk=branch.pk)
        .annotate(ok=_lecture_by_secretary(year))
        .values_list("ok", flat=True)
        .first()
        or False
    )


def rule_branches(scope: Scope) -> QuerySet[Organization]:
    """Active party branches reached by the user's roles, in tree order."""
    return (
        overseen_branches(scope)
        .filter(kind=Organization.Kind.BRANCH, is_active=True)
        .select_related("parent")
    )
