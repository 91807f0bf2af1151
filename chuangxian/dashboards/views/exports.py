"""Exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from chuangxian.dashboards.views.common import PAGE_SIZE
from chuangxian.exports import builders as exports
from chuangxian.exports.jobs import export_job_request
from chuangxian.models import ExportJob
from core.views import int_param, paginate, year_param
from evaluations.scoring.access import get_office_campaign_for, is_reader
from organizations.access import Scope, scope_of
from organizations.models import Organization
from pledges import selectors as pledge_selectors
from pledges.access import can_read_campaign, get_board_unit_for, get_campaign_for
from pledges.activity.access import get_activity_branch_for
from pledges.activity.selectors import (
    matrix_branches,
    news_matrix,
    reporting_campaigns,
)
from pledges.models import Campaign


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=exports.PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def exports_index(request):
    """What the user may export, and their recent background exports."""
    scope = scope_of(request.user)
    campaign = pledge_selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    jobs = ExportJob.objects.filter(requested_by=request.user).order_by(
        "-created_at", "-pk"
    )
    branches = []
    if scope.read_paths:
        branches = list(
            matrix_branches(scope)
            .filter(kind=Organization.Kind.BRANCH, is_active=True)
            .select_related(None)
            .only("pk", "name")[:PAGE_SIZE]
        )
    return render(
        request,
        "exports/index.html",
        {
            "campaign": campaign,
            "campaigns": pledge_selectors.campaigns_for(scope),
            "page": paginate(request, jobs),
            "reads": bool(scope.read_paths) or scope.is_superuser,
            "is_office": scope.is_office or scope.is_superuser,
            "scores_reader": bool(campaign and is_reader(scope, campaign)),
            "awards": _awards_offer(scope, campaign),
            "branches": branches,
            "pdf_available": exports.pdf_available(),
            "year": campaign.year if campaign else timezone.localdate().year,
        },
    )


def _awards_offer(scope: Scope, campaign: Campaign | None) -> dict:
    """Which award exports to offer: the list to its readers, the commendation list
    once published (or to the readers before)."""
    if campaign is None:
        return {}
    from evaluations.awards import access as award_access
    from evaluations.awards import selectors as award_selectors

    current = award_selectors.award_list_of(campaign)
    if current is None:
        return {}
    return {
        "list": award_access.is_reader(scope, campaign),
        "commendations": award_access.published_or_reader(scope, campaign, current),
    }


@login_required
@require_POST
def export_request(request, kind):
    """Ask for a background export; the page that follows shows its progress."""
    scope = scope_of(request.user)
    if kind == ExportJob.Kind.PLANS_PLEDGES:
        if not scope.read_paths and not scope.is_superuser:
            raise PermissionDenied
        campaign = get_campaign_for(
            request.user, int_param(request.POST.get("campaign"))
        )
        params = {"campaign": campaign.pk}
        title = _("Plans and pledges %(year)s") % {"year": campaign.year}
    elif kind == ExportJob.Kind.SCORES:
        campaign = get_office_campaign_for(
            request.user, int_param(request.POST.get("campaign"))
        )
        params = {"campaign": campaign.pk}
        title = _("Scores %(year)s") % {"year": campaign.year}
    elif kind == ExportJob.Kind.LEDGER:
        branch = get_activity_branch_for(
            request.user, int_param(request.POST.get("branch"))
        )
        year = year_param(request.POST.get("year"))
        params = {"branch": branch.pk, "year": year}
        title = _("Ledger of %(branch)s") % {"branch": branch.name}
    else:
        raise Http404
    job, created = export_job_request(
        by=request.user, kind=kind, params=params, title=title
    )
    if not created:
        messages.info(request, _("This export is already under way."))
    return redirect("dashboards:export_job", job.pk)


def get_export_job_for(user, pk: int) -> ExportJob:
    """An export is served to the one who asked for it and nobody else (404)."""
    job = ExportJob.objects.filter(pk=pk, requested_by=user).first()
    if job is None:
        raise Http404
    return job


def _job_context(job: ExportJob) -> dict:
    waited = (timezone.now() - job.created_at).total_seconds()
    return {
        "job": job,
        "stalled": job.status == ExportJob.Status.QUEUED and waited > 10,
    }


@never_cache
@login_required
def export_job(request, pk):
    job = get_export_job_for(request.user, pk)
    return render(request, "exports/job.html", _job_context(job))


@never_cache
@login_required
def export_job_status(request, pk):
    """The progress card alone, polled every second by htmx until the job finishes."""
    job = get_export_job_for(request.user, pk)
    return render(request, "exports/_job_status.html", _job_context(job))


@never_cache
@login_required
def export_job_download(request, pk):
    job = get_export_job_for(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file_path:
        raise Http404
    try:
        handle = default_storage.open(job.file_path, "rb")
    except FileNotFoundError:
        raise Http404
    content_type = exports.PDF_TYPE if job.file_path.endswith(".pdf") else None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.file_name,
        content_type=content_type or exports.XLSX_TYPE,
    )


@login_required
def news_matrix_xlsx(request):
    """The branch × month news matrix of a year, every branch in reach (Excel)."""
    scope = scope_of(request.user)
    if not scope.read_paths:
        raise PermissionDenied
    year = year_param(request.GET.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise Http404
    branches = list(matrix_branches(scope))
    rows = news_matrix(
        branches,
        year=year,
        campaigns=reporting_campaigns(scope, branches, year),
    )
    name = _("News reports %(year)s") % {"year": year}
    return _xlsx_response(
        exports.news_matrix_xlsx(rows=rows, year=year),
        f"{name} {timezone.localdate().isoformat()}.xlsx",
    )


@login_required
def pledge_sheet_pdf(request, pk):
    """The printable pledge sheet (公开承诺) of one unit as a PDF."""
    from django.conf import settings

    unit = get_board_unit_for(request.user, pk)
    scope = scope_of(request.user)
    campaign = pledge_selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    if campaign is None or not unit.is_within(campaign.scope):
        campaign = pledge_selectors.current_campaign(unit)
    if campaign is None or not can_read_campaign(scope, campaign):
        raise Http404
    url = settings.SITE_URL + reverse("pledges:board_unit", args=[unit.pk])
    html = exports.pledge_sheet_html(
        unit=unit,
        campaign=campaign,
        plan=pledge_selectors.unit_plan(campaign, unit),
        pledges=list(pledge_selectors.unit_pledges(campaign, unit)),
        url=url,
    )
    try:
        data = exports.html_to_pdf(html)
    except exports.PdfUnavailable:
        messages.error(request, _("PDF export is not available on this server."))
        return redirect("pledges:board_print", unit.pk)
    name = _("Public pledges of %(unit)s") % {"unit": unit.name}
    return _pdf_response(data, f"{name} {campaign.year}.pdf")


@login_required
def award_list_xlsx(request, pk):
    """The award list with every candidate (office and leading group; Excel)."""
    from evaluations.awards import access as award_access
    from evaluations.awards import selectors as award_selectors

    campaign = award_access.get_award_campaign_for(request.user, pk)
    current = award_selectors.award_list_of(campaign)
    if current is None:
        raise Http404(_("No award list has been proposed yet."))
    name = _("Award list %(year)s") % {"year": campaign.year}
    return _xlsx_response(
        exports.award_list_xlsx(
            award_list=current,
            candidates=award_selectors.candidate_rows(current),
        ),
        f"{name} {timezone.localdate().isoformat()}.xlsx",
    )


@login_required
def commendation_pdf(request, pk):
    """The commendation list (表彰名单) as a PDF: once published, or for its readers."""
    from evaluations.awards import access as award_access
    from evaluations.awards import selectors as award_selectors

    campaign = award_access.get_public_campaign_for(request.user, pk)
    current = award_selectors.award_list_of(campaign)
    if current is None or not award_access.published_or_reader(
        scope_of(request.user), campaign, current
    ):
        raise Http404(_("The commendation list has not been published yet."))
    html = exports.commendation_html(
        campaign=campaign,
        award_list=current,
        rows=award_selectors.with_sections(
            award_selectors.winners(current)[:COMMENDATION_LIMIT]
        ),
    )
    try:
        data = exports.html_to_pdf(html)
    except exports.PdfUnavailable:
        messages.error(request, _("PDF export is not available on this server."))
        return redirect("awards:print", campaign.pk)
    name = _("Commendation list %(year)s") % {"year": campaign.year}
    return _pdf_response(data, f"{name}.pdf")


COMMENDATION_LIMIT = 2000


@never_cache
@login_required
def round_opinions_xlsx(request, pk):
    """The written opinions of an evaluation round (office and leading group; Excel):
    the same rows as its opinions page, in the same random order, no times."""
    from evaluations.ballots import access as ballot_access
    from evaluations.ballots import selectors as ballot_selectors

    round = ballot_access.get_round_for(request.user, pk)
    if not round.has_tallies:
        raise Http404(_("Written opinions are shown once the round is counted."))
    name = _("Written opinions %(title)s") % {"title": round.title}
    return _xlsx_response(
        exports.opinions_xlsx(
            rows=ballot_selectors.opinions(round=round).iterator(chunk_size=2000)
        ),
        f"{name} {timezone.localdate().isoformat()}.xlsx",
    )
