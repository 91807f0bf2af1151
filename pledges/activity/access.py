"""Who may see and change records, meetings, reading, news and suggestions.

Built on ``organizations.access.Scope``. The rules:

- a branch's secretary, committee members, its general-branch secretary and the office
  write its records, meetings and news reports; leaders (and anyone else whose role
  reaches the branch) read them;
- a member writes and reads their own records and reading notes, and reads the meetings
  of their own branch;
- everyone in the institute reads its news reports, its reading list and the picked
  reading notes (they are public);
- the office writes the reading list and picks notes for the yearly show;
- anything else is out of scope: 404. A readable object asked for writing is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from organizations.access import Scope, office_institutes, scope_of
from organizations.campaign_office import institute_office_ids
from organizations.models import Organization, Role
from pledges.models import (
    ActivityRecord,
    InfoReport,
    Meeting,
    NewsReport,
    ReadingBook,
    ReadingNote,
    Suggestion,
)

PARTY_UNIT_KINDS = (Organization.Kind.BRANCH, Organization.Kind.GENERAL_BRANCH)


def _covers(paths, path: str) -> bool:
    return any(path.startswith(p) for p in paths)


def can_write_branch(scope: Scope, branch: Organization) -> bool:
    """Secretaries, committee members, the general branch above and the office."""
    if scope.can_manage_unit(branch):
        return True
    return any(
        branch.path.startswith(role.node.path)
        for role in scope.roles_of(Role.Kind.COMMITTEE_MEMBER)
    )


def can_oversee_branch(scope: Scope, branch: Organization) -> bool:
    """Anyone whose role reaches the branch (not plain membership)."""
    return _covers(scope.read_paths, branch.path)


def is_office_of(scope: Scope, institute_id: int | None) -> bool:
    """The office (or a superuser) of the given institute."""
    if scope.is_superuser:
        return True
    return institute_id in institute_office_ids(scope)


def in_institute(scope: Scope, institute_id: int | None) -> bool:
    return scope.is_superuser or (
        scope.person is not None and scope.person.institute_id == institute_id
    )


def is_own_branch(scope: Scope, branch_id: int | None) -> bool:
    return (
        scope.person is not None
        and branch_id is not None
        and scope.person.branch_id == branch_id
    )


def writable_branches(scope: Scope) -> QuerySet[Organization]:
    """Active party branches and general branches the user writes records for."""
    q = scope.path_q("path", write=True)
    for role in scope.roles_of(Role.Kind.COMMITTEE_MEMBER):
        q |= Q(path__startswith=role.node.path)
    return Organization.objects.filter(
        q, kind__in=PARTY_UNIT_KINDS, is_active=True
    ).order_by("path")


def overseen_branches(scope: Scope) -> QuerySet[Organization]:
    """Party branches and general branches reached by the user's roles."""
    if not scope.read_paths:
        return Organization.objects.none()
    return Organization.objects.filter(
        scope.path_q("path"), kind__in=PARTY_UNIT_KINDS
    ).order_by("path")


def user_institute(user) -> Organization:
    """The institute whose public pages (reading list, picks, news) the user sees."""
    scope = scope_of(user)
    if scope.person is not None:
        return scope.person.institute
    institute = office_institutes(user).order_by("pk").first()
    if institute is None:
        raise Http404
    return institute


def get_activity_branch_for(user, pk: int, *, write: bool = False) -> Organization:
    """A party branch whose ledger the user reads (or writes, with ``write``)."""
    scope = scope_of(user)
    branch = (
        Organization.objects.select_related("category", "parent", "institute")
        .filter(pk=pk, kind__in=PARTY_UNIT_KINDS)
        .first()
    )
    if branch is None:
        raise Http404
    writer = can_write_branch(scope, branch)
    if not (writer or can_oversee_branch(scope, branch)):
        raise Http404
    if write and not writer:
        raise PermissionDenied
    return branch


def can_read_record(scope: Scope, record: ActivityRecord) -> bool:
    return (
        can_write_branch(scope, record.branch)
        or can_oversee_branch(scope, record.branch)
        or (scope.person is not None and record.person_id == scope.person.pk)
    )


def can_write_record(scope: Scope, record: ActivityRecord) -> bool:
    return can_write_branch(scope, record.branch) or (
        scope.person is not None and record.person_id == scope.person.pk
    )


def get_record_for(user, pk: int, *, write: bool = False) -> ActivityRecord:
    """A striving record (纪实登记) of the branch or one of its members."""
    scope = scope_of(user)
    record = (
        ActivityRecord.objects.select_related("branch", "person", "created_by")
        .filter(pk=pk)
        .first()
    )
    if record is None or not can_read_record(scope, record):
        raise Http404
    if write and not can_write_record(scope, record):
        raise PermissionDenied
    return record


def get_meeting_for(user, pk: int, *, write: bool = False) -> Meeting:
    """A meeting record (三会一课); the branch's members may read it."""
    scope = scope_of(user)
    meeting = (
        Meeting.objects.select_related("branch", "speaker", "created_by")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    writer = can_write_branch(scope, meeting.branch)
    if not (
        writer
        or can_oversee_branch(scope, meeting.branch)
        or is_own_branch(scope, meeting.branch_id)
    ):
        raise Http404
    if write and not writer:
        raise PermissionDenied
    return meeting


def get_book_for(user, pk: int, *, write: bool = False) -> ReadingBook:
    """A book of the reading list: public in its institute, written by the office."""
    scope = scope_of(user)
    book = ReadingBook.objects.filter(pk=pk).first()
    if book is None or not (
        in_institute(scope, book.institute_id) or is_office_of(scope, book.institute_id)
    ):
        raise Http404
    if write and not is_office_of(scope, book.institute_id):
        raise PermissionDenied
    return book


def can_read_note(scope: Scope, note: ReadingNote) -> bool:
    if note.picked and in_institute(scope, note.institute_id):
        return True
    if scope.person is not None and note.person_id == scope.person.pk:
        return True
    if is_office_of(scope, note.institute_id):
        return True
    return note.branch_id is not None and can_oversee_branch(scope, note.branch)


def get_note_for(
    user, pk: int, *, write: bool = False, pick: bool = False
) -> ReadingNote:
    """A reading note: its author writes it, the office picks it, picks are public."""
    scope = scope_of(user)
    note = (
        ReadingNote.objects.select_related(
            "person", "branch", "book", "institute", "picked_by"
        )
        .filter(pk=pk)
        .first()
    )
    if note is None or not can_read_note(scope, note):
        raise Http404
    if write and not (scope.person is not None and note.person_id == scope.person.pk):
        raise PermissionDenied
    if pick and not is_office_of(scope, note.institute_id):
        raise PermissionDenied
    return note


def get_news_for(user, pk: int, *, write: bool = False) -> NewsReport:
    """A news report: public in its institute, written by the branch's writers."""
    scope = scope_of(user)
    report = (
        NewsReport.objects.select_related("branch", "created_by").filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    writer = can_write_branch(scope, report.branch)
    if not (writer or in_institute(scope, report.branch.institute_id)):
        raise Http404
    if write and not writer:
        raise PermissionDenied
    return report


def can_answer_suggestion(scope: Scope, suggestion: Suggestion) -> bool:
    if suggestion.branch_id is None:
        return is_office_of(scope, suggestion.institute_id)
    return can_write_branch(scope, suggestion.branch)


def can_read_suggestion(scope: Scope, suggestion: Suggestion) -> bool:
    if can_answer_suggestion(scope, suggestion):
        return True
    if scope.person is not None and suggestion.author_id == scope.person.pk:
        return True
    if suggestion.branch_id is None:
        return False
    return can_oversee_branch(scope, suggestion.branch)


def get_suggestion_for(user, pk, *, answer: bool = False) -> Suggestion:
    """A suggestion (意见箱): its author, its addressee and those above read it."""
    scope = scope_of(user)
    suggestion = (
        Suggestion.objects.select_related("branch", "author", "answered_by")
        .filter(pk=pk)
        .first()
    )
    if suggestion is None or not can_read_suggestion(scope, suggestion):
        raise Http404
    if answer and not can_answer_suggestion(scope, suggestion):
        raise PermissionDenied
    return suggestion


# --- mass-organisation units: information reports (信息报送) and who leads them -----

MASS_OFFICER_KINDS = (
    Role.Kind.UNION_OFFICER,
    Role.Kind.LEAGUE_OFFICER,
    Role.Kind.WOMEN_OFFICER,
)
LEADING_SECRETARY_KINDS = (Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)


def led_mass_units_q(scope: Scope, prefix: str = "") -> Q:
    """Mass-organisation units led (党建带群建) by a party organisation the user is
    secretary of, or general-branch secretary above: the one rule of who leads them."""
    q = Q(pk__in=[])
    for role in scope.roles_of(*LEADING_SECRETARY_KINDS):
        q |= Q(
            **{
                f"{prefix}kind__in": sorted(Organization.MASS_KINDS),
                f"{prefix}led_by__path__startswith": role.node.path,
            }
        )
    return q


def leads_mass_unit(scope: Scope, unit: Organization) -> bool:
    """``led_mass_units_q`` for one unit, without a query (its ``led_by`` loaded)."""
    if not unit.is_mass or unit.led_by_id is None:
        return False
    led_by = unit.led_by
    return any(
        led_by.path.startswith(role.node.path)
        for role in scope.roles_of(*LEADING_SECRETARY_KINDS)
    )


def info_units(scope: Scope) -> QuerySet[Organization]:
    """Mass-organisation units the user files information reports for: those its
    mass-officer roles hold (工会主席 files for the 工会 and its 分工会)."""
    q = Q(pk__in=[])
    for role in scope.roles_of(*MASS_OFFICER_KINDS):
        q |= Q(path__startswith=role.node.path)
    if scope.is_superuser:
        q = Q()
    return Organization.objects.filter(
        q, kind__in=sorted(Organization.MASS_KINDS), is_active=True
    )


def info_reports_visible(scope: Scope) -> QuerySet[InfoReport]:
    """Reports of the units one's roles reach (the office: its institute's), and of
    the mass units one's party organisation leads."""
    return InfoReport.objects.filter(
        scope.path_q("unit__path") | led_mass_units_q(scope, "unit__")
    )


def get_info_report_for(user, pk: int) -> InfoReport:
    scope = scope_of(user)
    report = (
        InfoReport.objects.select_related("unit", "unit__led_by", "filed_by")
        .filter(pk=pk)
        .first()
    )
    if report is None or not (
        scope.is_superuser
        or Scope._covers(scope.read_paths, report.unit.path)
        or leads_mass_unit(scope, report.unit)
    ):
        raise Http404
    return report
