"""Every URL, every role: built from the URL configuration, so no new page escapes it.

Institute B is the full demo institute; institute A is a small second institute. The test
crawls B's pages by following links as B's roles, adds the explicit ``SAMPLES`` for pages
no link reaches, then:

0. every page a role of B reached by following links opens for it: no dead links;
1. every URL pattern of the project was crawled, is sampled, is a POST-only action (GET
   answers 405), or is listed in ``NOT_CRAWLED`` with the reason;
2. every page answers each role of B without a server error, B's office gets it (200 or
   a redirect) unless ``OFFICE_REFUSED`` says why not, and B's staff, members and the
   secretary of another branch never get an office-only page;
3. anonymous visitors get the sign-in redirect (``PUBLIC`` pages aside); A's office gets
   404 for every URL holding an id of B's (the object swap), A's other roles never get
   such a page, and no page A's roles open shows B's branches or staff numbers;
   The academy's office (``academy``, an office role at the academy both institutes sit
   under, held by a staff member of A) tries every URL too: none of B's object pages
   (ballots, members' pages, units) opens for it, and only its own overview shows B;
4. GET changes nothing: a checksum of every table's rows is the same before and after
   (sessions, the sign-in lockout and the audit log aside).

A second test tries the admin: every registered model's list, change, delete, history and
revert pages as B's office, A's office (the object swap: 404) and B's other roles.
"""

import hashlib
import logging
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from chuangxian.models import ExportJob
from evaluations.ballots import services as ballot_services
from evaluations.inspections import services as inspection_services
from evaluations.inspections.services import common as inspection_common
from evaluations.models import (
    AwardCandidate,
    FieldVisit,
    FieldVisitFile,
    Finding,
    FindingFile,
    HelpItem,
    InspectionRound,
    Nomination,
    NominationFile,
    RectificationFile,
    RectificationItem,
    ReviewRound,
    Round,
    Score,
    ScoreSheet,
    ScoringLine,
    SheetMark,
    SpotCheckDraw,
)
from evaluations.scoring import services as scoring_services
from organizations import demo
from organizations.models import Organization, Person, Role, RosterImport, User
from organizations.services import person_account_create
from pledges.activity import services as activity_services
from pledges.models import (
    ActivityRecord,
    Campaign,
    CriteriaSet,
    Evidence,
    InfoReport,
    MassReport,
    MassReportAttachment,
    NewsImage,
    Plan,
    PlanMeasure,
    Pledge,
    ReadingNote,
)
from tests.factories import build_institute
from tests.pages import crawl, url_name

pytestmark = pytest.mark.django_db

B_ROLES = ("office", "leader", "gsec", "secretary", "othersec", "member", "staff")
A_ROLES = ("office", "member")
# Roles of B that reach no office-only page.
B_PLAIN = ("othersec", "member", "staff")

# Pages anyone may open without signing in.
PUBLIC = {
    "login",
    "healthz",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "logout",
    "evaluations:slip",
    "evaluations:slip_cast",
    "evaluations:receipt_check",
    "api-schema",
    "api-docs",
}
# Patterns neither crawled nor sampled, with why. Keep it short and true.
NOT_CRAWLED: dict[str, str] = {
    # B's campaign is held at its institute: these pages exist for academy campaigns
    # only (404 elsewhere); their scope is tested in tests/evaluations/awards/
    # test_academy.py until the demo holds an academy campaign.
    "awards:recommend": "an institute's recommendations to an academy campaign",
    "awards:recommendations": "the academy office's side-by-side recommendations",
    "awards:recommendation_quotas": "the academy office's quotas per institute",
}
# Pages B's office is refused by design (403), with why.
OFFICE_REFUSED = {
    "activity:note_edit": "only the author changes a reading note",
    "inspections:rectification_answer": "the branch answers, the office re-inspects",
    "scoring:sheet_marks": "the branch writes its self-assessment, the office its marks",
    "activity:liaison": "the leaders' own page of their liaison branches",
    "awards:signoff": "the leading group signs the award list off",
    "awards:duty_report_edit": "one's own duty report (述职), which the office has not",
    "academy:overview": "the academy office's page; an institute's office is refused",
    "leadership:report_create": "a mass unit's officers report to the party, not the office",
}
# Pages that show the academy's office every institute beneath it, at report level.
ACADEMY_READS = {"academy:overview"}
# Pages of those who inspect or are inspected (office, leaders, secretaries): plain
# members and staff get no 200 there (the rounds show every branch's findings).
OVERSEERS_ONLY = {"inspections:rounds", "inspections:round"}
MEMBERS_AND_STAFF = ("member", "staff")
# Office-only pages: B's staff, members and the secretary of another branch get no 200
# there. Whole areas by prefix, less the pages in them that serve everyone, and the
# office's actions in areas everyone reads.
OFFICE_ONLY_PREFIXES = (
    "/calendar/",
    "/rounds/",
    "/scoring/",
    "/scores/snapshots/",
    "/people/import/",
    "/people/export",
    "/people/template",
    "/campaigns/new/",
    "/academy/",
)
NOT_OFFICE_ONLY = {
    "evaluations:receipts",  # the published receipt list is for every voter
    "scoring:index",  # everyone's way to their sheets and scores
    "scoring:sheet",  # a branch's own sheet
    "scoring:sheet_marks",  # a branch's own self-assessment
}
OFFICE_ONLY = {
    "pledges:campaign_edit",
    "pledges:template_edit",
    "inspections:round_note",
    "inspections:round_sampling",
    "inspections:round_draw",
    "inspections:finding_create",
    "inspections:finding_edit",
    "inspections:rectification_open",
    "inspections:rectification_reinspect",
    "inspections:rectification_reopen",
    "inspections:help_create",
    "assessment:items",
    "inspections:visit_create",
}
# A leading body's own assessment pages (领导班子实绩考核): of B's plain roles, none gets
# 200 for those of the secretary's branch (another branch's secretary included).
OWN_BODY_PAGES = ("assessment:body", "assessment:achievements")
# Tables a GET may write to: sessions, the login lockout and the audit log of denials.
GET_MAY_WRITE = {"django_session", "organizations_auditevent"}
GET_MAY_WRITE_PREFIXES = ("axes_",)
# The API answers 401/403 rather than the sign-in redirect.
API_PREFIX = "/api/v1/"
# Numbers in URLs that name no object.
NOT_IDS = {"year", "quarter", "half"}
# Values for a converter when a pattern is tried with made-up arguments.
CONVERTER_SAMPLES = {
    "IntConverter": "1",
    "IdConverter": "1",
    "YearConverter": "2026",
    "SlugConverter": "x",
    "StringConverter": "x",
    "PathConverter": "x",
    "UUIDConverter": str(uuid.UUID(int=1)),
}


# ---------------------------------------------------------------------------------------
# Explicit samples: real arguments of B's objects for pages no link of the crawl reaches
# (forms shown only in some states, file downloads, pages opened from buttons). Each
# function returns the URL's kwargs, or a list of them for several cases.


def _pk(queryset, what: str) -> int:
    pk = queryset.order_by("pk").values_list("pk", flat=True).first()
    assert pk is not None, f"B has no {what}; create one in the fixture"
    return pk


def _person(username: str) -> Person:
    return Person.objects.get(user__username=username)


def _candidate(b) -> int:
    return _pk(
        AwardCandidate.objects.filter(award_list__campaign__scope__institute=b),
        "award candidate",
    )


def _export_job() -> int:
    return _pk(ExportJob.objects.filter(requested_by__username="office"), "export job")


def _campaign(b) -> int:
    return _pk(Campaign.objects.filter(scope__institute=b), "campaign")


def _unit_set(b) -> int:
    return _pk(
        CriteriaSet.objects.filter(
            campaign__scope__institute=b, audience=CriteriaSet.Audience.UNIT
        ).filter(pk__in=ScoringLine.objects.values("criteria_set")),
        "unit criteria set with scoring lines",
    )


def _inspection_round(b) -> int:
    return _pk(
        InspectionRound.objects.filter(campaign__scope__institute=b),
        "inspection round",
    )


def _finding(b, **filters) -> int:
    return _pk(Finding.objects.filter(unit__institute=b, **filters), "finding")


def _rectification(b, status) -> int:
    return _pk(
        RectificationItem.objects.filter(unit__institute=b, status=status),
        f"{status} rectification item",
    )


def _sheet_marks(b) -> list[dict]:
    campaign = _campaign(b)
    self_assessed = _pk(
        ScoreSheet.objects.filter(
            campaign_id=campaign, status=ScoreSheet.Status.SELF_ASSESSED
        ).values("unit_id"),
        "self-assessed score sheet",
    )
    return [
        # The secretary's branch has no sheet yet: a GET must not start one.
        {
            "pk": campaign,
            "unit_pk": _person("secretary").branch_id,
            "source": SheetMark.Source.SELF,
        },
        {
            "pk": campaign,
            "unit_pk": ScoreSheet.objects.get(pk=self_assessed).unit_id,
            "source": SheetMark.Source.OFFICE,
        },
    ]


def _record_file(b) -> dict:
    record = _pk(
        ActivityRecord.objects.filter(
            branch__institute=b, attachments__isnull=False
        ).distinct(),
        "record with a file",
    )
    file_pk = _pk(ActivityRecord.objects.get(pk=record).attachments, "record file")
    return {"pk": record, "file_pk": file_pk}


def _report_file(b) -> dict:
    stored = MassReportAttachment.objects.get(
        pk=_pk(
            MassReportAttachment.objects.filter(report__unit__institute=b),
            "mass report attachment",
        )
    )
    return {"pk": stored.report_id, "file_pk": stored.pk}


def _news_image(b) -> dict:
    image = NewsImage.objects.get(
        pk=_pk(NewsImage.objects.filter(report__branch__institute=b), "news image")
    )
    return {"pk": image.report_id, "image_pk": image.pk}


def _finding_file(b) -> dict:
    stored = FindingFile.objects.get(
        pk=_pk(FindingFile.objects.filter(finding__unit__institute=b), "finding file")
    )
    return {"pk": stored.finding_id, "file_pk": stored.pk}


def _rectification_file(b) -> dict:
    # The demo's answered item has a file; whether the crawl reaches its page depends
    # on the day (the lists it shows it on), so the file is asked for by its keys.
    stored = RectificationFile.objects.select_related("step").get(
        pk=_pk(
            RectificationFile.objects.filter(step__item__unit__institute=b),
            "rectification file",
        )
    )
    return {"pk": stored.step.item_id, "file_pk": stored.pk}


def _visit(b) -> FieldVisit:
    return FieldVisit.objects.get(
        pk=_pk(FieldVisit.objects.filter(campaign__scope__institute=b), "field visit")
    )


def _visit_file(b) -> dict:
    stored = FieldVisitFile.objects.get(
        pk=_pk(
            FieldVisitFile.objects.filter(visit__campaign__scope__institute=b),
            "field visit file",
        )
    )
    return {"pk": stored.visit_id, "file_pk": stored.pk}


def _line(b) -> dict:
    criteria_set = _unit_set(b)
    line = ScoringLine.objects.get(
        pk=_pk(ScoringLine.objects.filter(criteria_set=criteria_set), "line")
    )
    return {"pk": _campaign(b), "set_pk": criteria_set, "line_pk": line.pk}


def _criterion(b) -> dict:
    criteria_set = CriteriaSet.objects.get(pk=_unit_set(b))
    return {
        "pk": _campaign(b),
        "set_pk": criteria_set.pk,
        "criterion_pk": _pk(criteria_set.criteria, "criterion"),
    }


def _score(b) -> int:
    return _pk(Score.objects.filter(campaign__scope__institute=b), "score")


SAMPLES: dict[str, Callable[[Organization], dict | list[dict]]] = {
    # The academy's overview: its office only (no link reaches it for B's roles).
    "academy:overview": lambda b: {},
    # Award adjustments are linked only while the list is editable (the demo's awaits
    # sign-off); the views refuse then, which is what these samples check.
    "awards:candidate_add": lambda b: {"pk": _campaign(b)},
    "awards:candidate_remove": lambda b: {"pk": _campaign(b), "cid": _candidate(b)},
    "awards:candidate_include": lambda b: {"pk": _campaign(b), "cid": _candidate(b)},
    # A mass committee's proposals (the union's), and an attachment of a nomination.
    "awards:committee": lambda b: {
        "pk": _campaign(b),
        "unit_pk": _pk(
            Organization.objects.filter(institute=b, kind=Organization.Kind.UNION),
            "union",
        ),
    },
    "awards:nomination_file": lambda b: {
        "pk": _campaign(b),
        "file_pk": _pk(
            NominationFile.objects.filter(
                nomination__award_list__campaign__scope__institute=b
            ),
            "nomination file",
        ),
    },
    # Dashboards: the turnout fragment htmx polls, and an export job of B's office.
    "dashboards:turnout": lambda b: {},
    "dashboards:export_job": lambda b: {"pk": _export_job()},
    "dashboards:export_job_status": lambda b: {"pk": _export_job()},
    "dashboards:export_job_download": lambda b: {"pk": _export_job()},
    # The roster import's progress card htmx polls while the worker runs.
    "organizations:roster_import_status": lambda b: {
        "pk": _pk(RosterImport.objects.filter(institute=b), "roster import")
    },
    # Django's own account pages, not linked from the product's pages.
    "login": lambda b: {},
    "set_language": lambda b: {},  # the language form POSTs; a GET only redirects
    "healthz": lambda b: {},
    "password_reset": lambda b: {},
    "password_reset_done": lambda b: {},
    "password_reset_confirm": lambda b: {"uidb64": "MQ", "token": "set-password"},
    "password_reset_complete": lambda b: {},
    "password_change_done": lambda b: {},
    # The API's data: JSON for programs, linked from no page.
    "api-organisation-list": lambda b: {},
    "api-organisation-detail": lambda b: {"pk": _person("secretary").branch_id},
    "api-person-list": lambda b: {},
    "api-person-detail": lambda b: {"pk": _person("member").pk},
    "api-campaign-list": lambda b: {},
    "api-campaign-detail": lambda b: {"pk": _campaign(b)},
    "api-plan-list": lambda b: {},
    "api-plan-detail": lambda b: {
        "pk": _pk(Plan.objects.filter(campaign__scope__institute=b), "plan")
    },
    "api-pledge-list": lambda b: {},
    "api-pledge-detail": lambda b: {
        "pk": _pk(Pledge.objects.filter(person=_person("member")), "pledge")
    },
    "api-round-list": lambda b: {},
    "api-round-detail": lambda b: {"pk": _pk(Round.objects.filter(institute=b), "r")},
    "api-round-results": lambda b: {
        "pk": _pk(Round.objects.filter(institute=b, status="tallied"), "tallied round")
    },
    "api-score-list": lambda b: {},
    "api-score-detail": lambda b: {"pk": _score(b)},
    "api-schema": lambda b: {},
    # A pledge filed on a member's behalf by an account since removed.
    "pledges:pledge": lambda b: {
        "pk": _pk(
            Pledge.objects.filter(
                person__institute=b, on_behalf=True, created_by__isnull=True
            ),
            "pledge filed on behalf by a removed account",
        )
    },
    # Pages opened from buttons or shown only in some states.
    "pledges:plan_edit": lambda b: {
        "pk": _pk(
            Plan.objects.filter(campaign__scope__institute=b, status="draft"),
            "draft plan",
        )
    },
    # Rows added in place on the edit forms (htmx), not reached by a link.
    "pledges:plan_row": lambda b: {
        "pk": _pk(
            Plan.objects.filter(campaign__scope__institute=b, status="draft"),
            "draft plan",
        ),
        "prefix": "measures",
    },
    "pledges:pledge_row": lambda b: {
        "pk": _pk(
            Pledge.objects.filter(person__institute=b, status="draft"), "draft pledge"
        )
    },
    # A measure of a published plan: which plans the crawl meets first depends on the
    # demo's states (some the office filed wait for an approver above it).
    "pledges:progress_measure": lambda b: {
        "pk": _pk(
            PlanMeasure.objects.filter(
                plan__campaign__scope__institute=b, plan__status="published"
            ),
            "measure of a published plan",
        )
    },
    "pledges:evidence": lambda b: {
        "pk": _pk(Evidence.objects.filter(uploaded_by__person__institute=b), "evidence")
    },
    "activity:record_file": _record_file,
    # A mass unit's request or report to the party (请示报告), added in _states_add.
    "leadership:report": lambda b: {
        "pk": _pk(MassReport.objects.filter(unit__institute=b), "mass report")
    },
    "leadership:report_file": _report_file,
    "leadership:report_create": lambda b: {},
    "activity:note_edit": lambda b: [
        {"pk": _pk(ReadingNote.objects.filter(person=_person(u)), f"note of {u}")}
        for u in ("member", "secretary")
    ],
    "activity:note_pick": lambda b: {
        "pk": _pk(ReadingNote.objects.filter(institute=b), "reading note")
    },
    "activity:news_image": _news_image,
    "activity:suggestion_receipt": lambda b: {},
    "evaluations:slip": lambda b: {},
    # The round form's who-can-vote panel, fetched by htmx as the scope changes.
    "evaluations:electorate": lambda b: {},
    "evaluations:receipt_check": lambda b: {},
    "inspections:round_sampling": lambda b: {"pk": _inspection_round(b)},
    "inspections:round_draw": lambda b: {"pk": _inspection_round(b)},
    "inspections:draw_verify": lambda b: {
        "pk": _pk(
            SpotCheckDraw.objects.filter(round__campaign__scope__institute=b), "draw"
        )
    },
    "inspections:finding_create": lambda b: {"pk": _inspection_round(b)},
    "inspections:finding_edit": lambda b: {"pk": _finding(b)},
    "inspections:finding_file": _finding_file,
    "inspections:rectification_file": _rectification_file,
    "inspections:visit": lambda b: {"pk": _visit(b).pk},
    "inspections:visit_file": _visit_file,
    "activity:info_report": lambda b: {
        "pk": _pk(InfoReport.objects.filter(unit__institute=b), "information report")
    },
    "inspections:rectification_open": lambda b: {
        "finding_pk": _finding(b, rectifications__isnull=True)
    },
    # The secretary's own item: the secretary answers it, the office may not.
    "inspections:rectification_answer": lambda b: {
        "pk": _pk(
            RectificationItem.objects.filter(
                unit=_person("secretary").branch, status="open"
            ),
            "open rectification item of the secretary's branch",
        )
    },
    "inspections:rectification_reinspect": lambda b: {
        "pk": _rectification(b, RectificationItem.Status.ANSWERED)
    },
    "inspections:rectification_reopen": lambda b: {
        "pk": _rectification(b, RectificationItem.Status.ANSWERED)
    },
    "inspections:help_create": lambda b: {"finding_pk": _finding(b)},
    "inspections:help_move": lambda b: {
        "pk": _pk(HelpItem.objects.filter(unit__institute=b), "help item")
    },
    "inspections:review_write_person": lambda b: {
        "round_pk": _pk(
            ReviewRound.objects.filter(campaign__scope__institute=b, status="open"),
            "open review round",
        ),
        "person_pk": _person("member").pk,
    },
    "scoring:line_create": lambda b: {"pk": _campaign(b), "set_pk": _unit_set(b)},
    # Linked from a frozen set's lines page; the crawl opens one lines page only, and
    # may meet the branch academy's campaign (nothing frozen) first.
    "scoring:reopen": lambda b: {"pk": _campaign(b), "set_pk": _unit_set(b)},
    "scoring:line_edit": _line,
    "scoring:criterion_edit": _criterion,
    "scoring:sheet_marks": _sheet_marks,
    "scoring:mine": lambda b: {},
    # loaded into the ranking page by htmx, so the crawl does not follow it
    "scoring:missing_sources": lambda b: {"pk": _campaign(b)},
    # The secretary's own body in the leading bodies' assessment.
    "assessment:body": lambda b: _own_body(b),
    "assessment:achievements": lambda b: _own_body(b),
}


def _own_body(b) -> dict:
    branch = Role.objects.get(
        person=_person("secretary"), kind=Role.Kind.SECRETARY, node__institute=b
    ).node_id
    return {"pk": _campaign(b), "body_pk": branch}


# ---------------------------------------------------------------------------------------
# The URL configuration and the crawl


def all_patterns(resolver=None, prefix="", namespace=None, made_up=None):
    """(route, qualified name, made-up kwargs) for every pattern, admin left out."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        kwargs = {**(made_up or {}), **made_up_kwargs(entry.pattern)}
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns == "admin":
                continue
            qualified = ":".join(x for x in (namespace, ns) if x) or None
            yield from all_patterns(
                entry, prefix + str(entry.pattern), qualified, kwargs
            )
        elif isinstance(entry, URLPattern):
            if entry.name is None:
                continue
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield prefix + str(entry.pattern), name, kwargs


def made_up_kwargs(pattern) -> dict[str, str]:
    """Arguments of the right type for a pattern (1 for an int, …), real or not."""
    if isinstance(pattern, RoutePattern):
        return {
            key: CONVERTER_SAMPLES[type(converter).__name__]
            for key, converter in pattern.converters.items()
        }
    return {key: "1" for key in pattern.regex.groupindex}


def holds_id(path: str) -> bool:
    """Whether the URL names an object by its id (a number or UUID, not a year)."""
    kwargs = resolve(urlparse(path).path).kwargs
    return any(
        isinstance(value, int | uuid.UUID) and key not in NOT_IDS
        for key, value in kwargs.items()
    )


def sampled_urls(b) -> dict[str, set[str]]:
    urls = defaultdict(set)
    for name, sample in SAMPLES.items():
        kwargs = sample(b)
        for one in kwargs if isinstance(kwargs, list) else [kwargs]:
            urls[name].add(reverse(name, kwargs=one))
    return urls


def table_checksums() -> dict[str, str]:
    """A digest of every row of every table (in primary key order)."""
    sums = {}
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table in sums or table not in existing:
                continue
            quote = connection.ops.quote_name
            cursor.execute(
                f"SELECT * FROM {quote(table)} ORDER BY {quote(model._meta.pk.column)}"  # noqa: S608
            )
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
            sums[table] = digest.hexdigest()
    return sums


def client_for(user) -> Client:
    # A server error is a status to report with the others, not an exception.
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def is_office_only(name: str, path: str) -> bool:
    if name in NOT_OFFICE_ONLY:
        return False
    return name in OFFICE_ONLY or path.startswith(OFFICE_ONLY_PREFIXES)


def is_text(response) -> bool:
    return response.get("Content-Type", "").startswith(("text/", "application/json"))


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse(settings.LOGIN_URL)
    )


# ---------------------------------------------------------------------------------------
# Institute B in every state the samples need, and institute A


PDF = b"%PDF-1.4\n%matrix\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _states_add(b) -> None:
    """States the demo lacks: a roster import, a draft round, a score snapshot (their
    pages are then linked for the crawl), a finding's file and an orphaned pledge."""
    office = User.objects.get(username="office")
    RosterImport.objects.create(
        institute=b,
        uploaded_by=office,
        filename="花名册.csv",
        content="姓名,工号\n新同事,XH99901\n".encode(),
    )
    today = timezone.localdate()
    draft = ballot_services.round_create(
        scope=b,
        kind=Round.Kind.MASS,
        title="矩阵测试草稿轮次",
        opens_on=today + timedelta(days=10),
        closes_on=today + timedelta(days=20),
        created_by=office,
    )
    ballot_services.question_add(round=draft, code="1", text="总体评价", by=office)
    finding = Finding.objects.filter(unit__institute=b).order_by("pk").first()
    FindingFile.objects.create(
        finding=finding,
        **inspection_common._stored(SimpleUploadedFile("佐证.pdf", PDF)),
    )
    # A union group led by the secretary's branch reports to it, with a file.
    group = Organization.objects.get(led_by=_person("secretary").branch)
    report = MassReport.objects.create(
        unit=group,
        lead=group.led_by,
        subject="关于开展劳动竞赛的请示",
        body="拟于下季度开展劳动竞赛。",
    )
    MassReportAttachment.objects.create(
        report=report,
        **inspection_common._stored(SimpleUploadedFile("方案.pdf", PDF)),
    )
    # The secretary who filed a pledge on a member's behalf has left (SET_NULL).
    behalf = Pledge.objects.filter(person__institute=b, on_behalf=True).order_by("pk")
    Pledge.objects.filter(pk=behalf.values("pk")[:1]).update(created_by=None)
    campaign = Campaign.objects.filter(scope__institute=b).order_by("pk").first()
    scoring_services.scores_snapshot_take(campaign=campaign, by=office, label="矩阵")
    # A nomination's attachment (先进事迹材料).
    nomination = (
        Nomination.objects.filter(award_list__campaign=campaign).order_by("pk").first()
    )
    if nomination is None:
        candidate = AwardCandidate.objects.filter(
            award_list__campaign=campaign, state=AwardCandidate.State.SELECTED
        ).order_by("pk")[0]
        nomination = Nomination.objects.create(
            award_list=candidate.award_list,
            criteria_set=candidate.criteria_set,
            unit=candidate.unit,
            person=candidate.person,
            deeds="矩阵事迹",
        )
    NominationFile.objects.create(
        nomination=nomination,
        **inspection_common._stored(SimpleUploadedFile("事迹.pdf", PDF)),
    )
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    path = default_storage.save("exports/matrix.xlsx", ContentFile(b"PK\x03\x04"))
    ExportJob.objects.create(
        requested_by=office,
        kind=ExportJob.Kind.values[0],
        params={"campaign": campaign.pk},
        title="矩阵导出",
        status=ExportJob.Status.DONE,
        progress=100,
        file_path=path,
        file_name="matrix.xlsx",
    )
    # Supervision of mass units: a field visit with its file, an information report.
    mass_unit = (
        Organization.objects.filter(institute=b, kind=Organization.Kind.UNION_BRANCH)
        .order_by("pk")
        .first()
    )
    inspection_services.field_visit_record(
        campaign=campaign,
        kind=FieldVisit.Kind.FORUM,
        held_on=today,
        units=[mass_unit],
        participants="活动办公室；分工会",
        notes="座谈职工之家建设",
        files=[SimpleUploadedFile("座谈纪要.pdf", PDF)],
        by=office,
    )
    activity_services.info_report_file(
        unit=mass_unit,
        year=today.year,
        month=today.month,
        title="矩阵信息报送",
        text="本月工作",
        by=office,
    )


@pytest.fixture
def quiet_requests():
    """Thousands of 403s and 404s: leave their warnings out of the log."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def institutes(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    b = demo.demo_build()
    demo.demo_seeders_run(institute=b)
    # A secretary of another branch of B, with an account.
    other = (
        Role.objects.filter(kind=Role.Kind.SECRETARY, node__institute=b)
        .exclude(person__user__username="secretary")
        .select_related("person")
        .first()
    )
    if other.person.user_id is None:
        person_account_create(person=other.person, username="b_othersec", password="x")
    _states_add(b)
    a = build_institute("甲研究所", prefix="a_")
    _academy_add(a, b)
    return a, b, other.person


def _academy_add(a, b) -> None:
    """Both institutes under one academy, whose office account ``matrix_academy`` is a staff
    member of A (as the demo has it)."""
    from organizations.services import organization_create, role_grant
    from tests.pledges.academy import place_under

    top = organization_create(
        name="矩阵科学院", kind=Organization.Kind.ACADEMY, parent=None
    )
    for institute in (a.institute, b):
        place_under(top, Organization.objects.get(pk=institute.pk))
    # B's campaign leaves the demo's branch academy campaign it sat beneath (B is no
    # longer under that branch academy).
    Campaign.objects.filter(scope_id=b.pk).update(parent=None)

    body = organization_create(
        name="矩阵科学院活动办公室", kind=Organization.Kind.ACTIVITY_OFFICE, parent=top
    )
    staff = Person.objects.create(
        institute=Organization.objects.get(pk=a.institute.pk),
        name="院办",
        staff_no="ACAD001",
    )
    role_grant(person=staff, kind=Role.Kind.OFFICE, node=body)
    person_account_create(person=staff, username="matrix_academy", password="x")


# ---------------------------------------------------------------------------------------
# The tests


# Every URL × ten roles: minutes on a slow two-core machine, more than the default.
@pytest.mark.timeout(1500)
def test_every_url_answers_every_role_within_its_scope(institutes, quiet_requests):
    a, b, b_othersec = institutes
    b_users = {
        name: User.objects.get(username=name) for name in B_ROLES if name != "othersec"
    }
    b_users["othersec"] = User.objects.get(pk=b_othersec.user_id)
    b_clients = {role: client_for(user) for role, user in b_users.items()}
    outsiders = {
        "anonymous": client_for(None),
        **{f"a_{k}": client_for(a.user(k)) for k in A_ROLES},
        "academy": client_for(User.objects.get(username="matrix_academy")),
    }
    before = table_checksums()

    seen, crawled = defaultdict(set), {}
    for role in B_ROLES:
        crawled[role] = crawl(b_clients[role], "/", seen)
    for name, urls in sampled_urls(b).items():
        seen[name] |= urls

    # 0. No dead links: every page a role reached by following links opens for it (a
    # link is shown only where the user may follow it).
    dead = sorted(
        f"{role} {url} -> {status}"
        for role, statuses in crawled.items()
        for url, status in statuses.items()
        if status in (403, 404)
    )
    assert dead == [], "Links that answer 403 or 404:\n" + "\n".join(dead[:60])

    # 1. Every pattern is crawled, sampled, POST-only, or listed with a reason.
    missing = []
    for route, name, made_up in all_patterns():
        if name in seen or name in NOT_CRAWLED:
            continue
        sample = reverse(name, kwargs=made_up)
        status = b_clients["office"].get(sample).status_code
        if status == 405:
            continue  # POST-only action: GET changes nothing
        missing.append(f"{name} ({route}) -> {status}")
    assert missing == [], (
        "URL patterns no role reached; add each to SAMPLES (or to NOT_CRAWLED with "
        "the reason):\n" + "\n".join(missing)
    )

    urls = sorted({u for paths in seen.values() for u in paths})
    # What only B's pages show: its name, its branches and its staff numbers.
    b_marks = {
        b.name,
        *Organization.objects.filter(
            institute=b, kind=Organization.Kind.BRANCH
        ).values_list("name", flat=True),
        *Person.objects.filter(institute=b).values_list("staff_no", flat=True),
    }
    b_marks_re = re.compile("|".join(re.escape(m) for m in sorted(b_marks)))

    own_body_urls = {reverse(name, kwargs=_own_body(b)) for name in OWN_BODY_PAGES}
    problems, tried = [], defaultdict(set)
    for url in urls:
        name = url_name(url)
        path = urlparse(url).path
        has_id = holds_id(url)
        # 2. B's own roles: never a server error; the office gets its pages.
        for role, client in b_clients.items():
            status = crawled[role].get(url) or client.get(url).status_code
            if status >= 500:
                problems.append(f"{role} {url} -> {status}")
            elif role == "office" and status not in (200, 302):
                if not (name in OFFICE_REFUSED and status == 403):
                    problems.append(f"B's office got {status} for {url}")
            elif role in B_PLAIN and is_office_only(name, path) and status == 200:
                problems.append(f"B's {role} got 200 for the office page {url}")
            elif role in B_PLAIN and url in own_body_urls and status == 200:
                problems.append(f"B's {role} got 200 for the secretary's body {url}")
            elif role in MEMBERS_AND_STAFF and name in OVERSEERS_ONLY and status == 200:
                problems.append(f"B's {role} got 200 for the inspections page {url}")
        # 3. Outsiders: no object of B, no data of B. A's office tries every URL (the
        # object swap); the others, whose answer hangs on the pattern, one a pattern.
        for role, client in outsiders.items():
            if role not in ("a_office", "academy") and name in tried[role]:
                continue
            tried[role].add(name)
            response = client.get(url)
            status = response.status_code
            if status >= 500:
                problems.append(f"{role} {url} -> {status}")
                continue
            if name in PUBLIC:
                continue
            if role == "anonymous":
                if path.startswith(API_PREFIX):
                    if status not in (401, 403):
                        problems.append(f"anonymous got {status} for {url}")
                elif not is_login_redirect(response):
                    problems.append(f"anonymous got {status} for {url}")
                continue
            if has_id and role == "a_office" and status != 404:
                problems.append(f"A's office got {status}, not 404, for {url}")
            elif has_id and status == 200:
                problems.append(f"{role} got 200 for B's object page {url}")
            elif role == "academy" and name in ACADEMY_READS:
                continue
            elif status == 200 and is_text(response):
                body = response.getvalue().decode(errors="replace")
                shown = b_marks_re.findall(body)
                if shown:
                    problems.append(
                        f"{role} sees B's {sorted(set(shown))[:3]} on {url}"
                    )
    assert problems == [], "\n".join(problems[:60])

    # 4. GET changed nothing.
    after = table_checksums()
    changed = sorted(
        table
        for table in before
        if before[table] != after.get(table)
        and table not in GET_MAY_WRITE
        and not table.startswith(GET_MAY_WRITE_PREFIXES)
    )
    assert changed == [], f"GET requests changed rows of: {changed}"


def test_every_post_action_refuses_a_request_without_a_csrf_token(inst):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inst.user("office"))
    accepted, checked = [], 0
    for _route, name, made_up in all_patterns():
        sample = reverse(name, kwargs=made_up)
        response = client.post(sample, {"x": "1"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append(f"{name} {sample} -> {response.status_code}")
        checked += 1
    assert accepted == []
    assert checked > 150


# ---------------------------------------------------------------------------------------
# The admin (/admin/): every registered model, every object page, both institutes


def admin_urls(model, pk) -> dict[str, str]:
    """The admin's pages of one model: the list, and those of the object ``pk``."""
    from organizations.admin_scope import has_history

    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = {"changelist": reverse(f"{info}_changelist")}
    if pk is None:
        return urls
    for view in ("change", "delete", "history"):
        urls[view] = reverse(f"{info}_{view}", args=[pk])
    if has_history(model):
        # (a historical row's own pk is its history_id)
        version = (
            model.history.filter(**{model._meta.pk.attname: pk})
            .order_by("history_id")
            .first()
        )
        if version is not None:
            urls["revert"] = reverse(
                f"{info}_simple_history", args=[pk, version.history_id]
            )
    return urls


@pytest.mark.timeout(900)
def test_every_admin_page_keeps_each_office_inside_its_institute(
    institutes, quiet_requests
):
    from django.contrib import admin

    from organizations.admin import OfficeAdmin
    from organizations.admin_scope import admin_scoped

    a, b, _b_othersec = institutes
    b_office = User.objects.get(username="office")
    clients = {
        "b_office": client_for(b_office),
        "b_secretary": client_for(User.objects.get(username="secretary")),
        "a_office": client_for(a.user("office")),
        "a_member": client_for(a.user("member")),
        "anonymous": client_for(None),
    }
    b_marks = {
        *Organization.objects.filter(
            institute=b, kind=Organization.Kind.BRANCH
        ).values_list("name", flat=True),
        *Person.objects.filter(institute=b).values_list("staff_no", flat=True),
    }
    b_marks_re = re.compile("|".join(re.escape(m) for m in sorted(b_marks)))
    problems, objects = [], 0
    for model, model_admin in admin.site._registry.items():
        office_open = isinstance(model_admin, OfficeAdmin)
        pk = admin_scoped(b_office, model).order_by("pk").values_list("pk", flat=True)
        pk = pk.first() if office_open or model._meta.app_label != "auth" else None
        objects += pk is not None
        for view, url in admin_urls(model, pk).items():
            for role, client in clients.items():
                if (
                    role in ("b_secretary", "a_member", "anonymous")
                    and view != "change"
                ):
                    continue
                response = client.get(url)
                status = response.status_code
                if status >= 500:
                    problems.append(f"{role} {url} -> {status}")
                elif role in ("b_secretary", "a_member", "anonymous"):
                    # Not staff: the admin's sign-in page.
                    if status != 302 or "/admin/login/" not in response["Location"]:
                        problems.append(f"{role} got {status} for {url}")
                elif role == "b_office":
                    wanted = {200} if office_open else {403}
                    if view == "delete" and office_open:
                        wanted = {403}  # deleting is for superusers
                    if status not in wanted:
                        problems.append(f"B's office got {status} for {url}")
                elif view == "changelist":
                    if status == 200 and b_marks_re.search(
                        response.content.decode(errors="replace")
                    ):
                        problems.append(f"A's office sees B's rows on {url}")
                    elif status not in (200, 403):
                        problems.append(f"A's office got {status} for {url}")
                else:
                    # The object swap: a row of B is not found (or the page is closed).
                    wanted = {404} if office_open else {403, 404}
                    if status not in wanted:
                        problems.append(f"A's office got {status}, not 404, for {url}")
    assert problems == [], "\n".join(problems[:60])
    assert objects >= 40, "B has too few rows to try the admin's object pages on"
