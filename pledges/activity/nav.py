"""Navigation entries and home panels of records, meetings, reading, news, suggestions.

Plain data (``NAV``, ``PANELS``) read through
``settings.NAVIGATION_MODULES``.
"""

from django.db.models import Count, Exists, OuterRef, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import rows
from organizations import homes
from organizations.access import Scope
from organizations.homes import Panel
from organizations.models import Organization, Role
from organizations.navigation import NavItem
from pledges.activity import selectors
from pledges.activity.access import MASS_OFFICER_KINDS, writable_branches
from pledges.models import NewsReport


def _has_person(scope: Scope) -> bool:
    return scope.person is not None or scope.is_superuser


def _reports_info(scope: Scope) -> bool:
    """Mass officers file information reports; the office reads them all."""
    return scope.is_superuser or scope.is_office or scope.has(*MASS_OFFICER_KINDS)


def _keeps_records(scope: Scope) -> bool:
    return scope.is_party_member or bool(scope.read_paths)


def _branch_flags(institute_id) -> dict[str, frozenset[int]]:
    """Which units of the institute had a 党课 by their secretary this year and which a
    news report this month: facts about units, the same for everyone, kept in the
    shared cache (one query when it is cold) so that no home compiles these
    subqueries for each request."""
    today = timezone.localdate()
    first, last = selectors.month_range(today.year, today.month)

    def compute() -> dict[str, frozenset[int]]:
        rows = (
            Organization.objects.filter(institute_id=institute_id)
            .annotate(
                lecture=selectors.lecture_given_q(today.year),
                news=Exists(
                    NewsReport.objects.filter(
                        branch=OuterRef("pk"),
                        published_on__gte=first,
                        published_on__lte=last,
                    )
                ),
            )
            .filter(Q(lecture=True) | Q(news=True))
            .values_list("pk", "lecture", "news")
        )
        rows = list(rows)
        return {
            "lecture": frozenset(pk for pk, lecture, _ in rows if lecture),
            "news": frozenset(pk for pk, _, news in rows if news),
        }

    return homes.institute_figure(institute_id, "activity_branch_flags", compute)


def secretary_panel(scope: Scope) -> dict | None:
    """Per branch: secretary's 党课 this year, news this month, latest ledger entries."""
    today = timezone.localdate()
    branches = [role.node for role in scope.roles_of(Role.Kind.SECRETARY)]
    if not branches:
        return None
    # The campaigns over one's institute (read once per request, with the banner).
    campaigns = selectors.reporting_campaigns(scope, branches, today.year)
    rows = []
    for branch in branches:
        flags = _branch_flags(branch.institute_id)
        rows.append(
            {
                "branch": branch,
                "lecture_given": branch.pk in flags["lecture"],
                # This month's news: filed, open (owed at the month's end) or not due
                # (outside the branch's campaign: selectors.month_state).
                "news_state": selectors.month_state(
                    filed=branch.pk in flags["news"],
                    campaigns=selectors.unit_campaigns(branch, campaigns, today.year),
                    year=today.year,
                    month=today.month,
                    today=today,
                ),
                "entries": _with_urls(branch, selectors.ledger_preview(branch, 5)),
            }
        )
    return {"rows": rows, "year": today.year}


def _with_urls(branch, entries) -> list[dict]:
    """The ledger's lines with each one's link (its object's page, else the ledger),
    reversed once each, not twice in the template."""
    ledger = None
    rows = []
    for entry in entries:
        url = getattr(entry.obj, "get_absolute_url", None)
        url = url() if url is not None else ""
        if not url:
            if ledger is None:
                ledger = reverse("activity:ledger", args=[branch.pk])
            url = ledger
        rows.append(
            {"kind": entry.kind, "day": entry.day, "obj": entry.obj, "url": url}
        )
    return rows


def overview_panel(scope: Scope) -> dict | None:
    """Branches in scope that filed no news last month (if it was due under one's
    campaign: ``selectors.month_due``), and secretaries without 党课."""
    branches = selectors.matrix_branches(scope)
    today = timezone.localdate()
    year, month = selectors.previous_month(today)
    first, last = selectors.month_range(year, month)
    due = _news_due(scope, year, month, today)
    # One aggregate for the three counts.
    counts = branches.annotate(
        filed=Exists(
            NewsReport.objects.filter(
                branch=OuterRef("pk"),
                published_on__gte=first,
                published_on__lte=last,
            )
        ),
        lecture_given=selectors.lecture_given_q(today.year),
    ).aggregate(
        branches=Count("pk"),
        missing=Count("pk", filter=Q(filed=False)),
        no_lecture=Count("pk", filter=Q(lecture_given=False)),
    )
    return {
        "branches": counts["branches"],
        "due": due,
        "missing": counts["missing"] if due else 0,
        "no_lecture": counts["no_lecture"],
        "month": f"{year}-{month:02d}",
        "year": today.year,
        "matrix_year": year,
    }


def _news_due(scope: Scope, year: int, month: int, today) -> bool:
    """Whether the month's news reports were due under the campaign over one's
    institute (the campaigns read once per request, shared with the phase banner);
    without an institute (a superuser), under any campaign running then."""
    institute = scope.person.institute if scope.person else None
    campaigns = selectors.reporting_campaigns(scope, [], year)
    if institute is not None:
        campaigns = selectors.unit_campaigns(institute, campaigns, year)
    return any(selectors.month_due(c, year, month, today) for c in campaigns)


#: Stand-in branch keys of the leader panel's query (no row has them).
_LIAISON_STAND_IN = -7_300_001


def leader_panel(scope: Scope) -> dict | None:
    """Suggestions to the leader's liaison branches (联系点)."""
    ids = [r.node_id for r in scope.roles_of(Role.Kind.LIAISON)]
    if not ids:
        return None
    # The open ones counted over all the rows, along with the latest five: one query,
    # compiled once per process for each number of branches (core.rows: compiling it
    # was a fifth of a leader's home).
    stand_ins = [_LIAISON_STAND_IN - n for n in range(len(ids))]
    latest = rows.instances(
        ("leader_suggestions", len(ids)),
        lambda: selectors.suggestions_to(stand_ins).annotate(
            open_total=Window(Count("pk", filter=Q(status="open")))
        )[:5],
        dict(zip(stand_ins, ids, strict=True)),
    )
    return {
        "open": latest[0].open_total if latest else 0,
        "latest": latest,
    }


def member_panel(scope: Scope) -> dict | None:
    """Links for members and staff: own records, reading, suggestion box."""
    if scope.person is None:
        return None
    return {
        "is_member": scope.is_party_member,
        "writes_branch": writable_branches(scope).exists(),
        "year": timezone.localdate().year,
    }


NAV = [
    NavItem(
        key="activity_records",
        label=_("Records"),
        url_name="activity:records",
        allowed=_keeps_records,
        order=50,
    ),
    NavItem(
        key="activity_meetings",
        label=_("Meetings"),
        url_name="activity:meetings",
        allowed=_keeps_records,
        order=52,
    ),
    NavItem(
        key="activity_news",
        label=_("News reports"),
        url_name="activity:news_list",
        allowed=_has_person,
        order=54,
    ),
    NavItem(
        key="activity_info",
        label=_("Information reports"),
        url_name="activity:info",
        allowed=_reports_info,
        order=55,
    ),
    NavItem(
        key="activity_reading",
        label=_("Reading"),
        url_name="activity:reading",
        allowed=_has_person,
        order=56,
    ),
    NavItem(
        key="activity_suggestions",
        label=_("Suggestions"),
        url_name="activity:suggestions",
        allowed=_has_person,
        order=58,
    ),
]

PANELS = [
    Panel("secretary", "activity/panels/secretary.html", secretary_panel),
    Panel(
        "general_secretary",
        "activity/panels/overview.html",
        overview_panel,
        shared=True,
    ),
    Panel("office", "activity/panels/overview.html", overview_panel, shared=True),
    Panel("leader", "activity/panels/leader.html", leader_panel),
    Panel("leader", "activity/panels/overview.html", overview_panel, shared=True),
    Panel("member", "activity/panels/member.html", member_panel),
    Panel("staff", "activity/panels/member.html", member_panel),
]
