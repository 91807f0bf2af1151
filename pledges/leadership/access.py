"""Who sees a mass unit's request or report (请示报告): the unit's officers (and the
mass units above it), the leading party organisation's secretary and committee, and
the campaign's office. Out of scope is a 404."""

from django.db.models import Q
from django.http import Http404

from organizations.access import Scope, scope_of
from pledges.leadership.rules import leading_paths
from pledges.models import MassReport

MASS_OFFICER_ROLES = ("union_officer", "league_officer", "women_officer")


def answers_for_lead(scope: Scope, report: MassReport) -> bool:
    """One of the leading party organisation's people (or the office managing it): what
    they write is the party's answer (批复)."""
    lead_path = report.lead.path
    return scope.can_manage_unit(report.lead) or any(
        lead_path.startswith(p) for p in leading_paths(scope)
    )


def can_read_report(scope: Scope, report: MassReport) -> bool:
    return scope.can_manage_unit(report.unit) or answers_for_lead(scope, report)


def readable_reports_q(scope: Scope) -> Q:
    """:func:`can_read_report` as a filter (``tests/pledges/leadership`` holds the two
    to each other)."""
    q = scope.path_q("unit__path", write=True) | scope.path_q("lead__path", write=True)
    for p in leading_paths(scope):
        q |= Q(lead__path__startswith=p)
    return q


def get_report_for(user, pk: int) -> MassReport:
    """A report the user may see (404 otherwise)."""
    scope = scope_of(user)
    report = (
        MassReport.objects.select_related("unit", "lead", "created_by__person")
        .filter(pk=pk)
        .first()
    )
    if report is None or not can_read_report(scope, report):
        raise Http404
    return report


def reporting_units(scope: Scope):
    """The mass units the user may report for: those of their officer roles."""
    return [r.node for r in scope.roles_of(*MASS_OFFICER_ROLES) if r.node.is_mass]
