"""What each kind builds: (job, scope, progress) -> (bytes, file name)."""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.exports import builders as exports
from chuangxian.exports.jobs.common import LEDGER_CHUNK, ExportRefused
from chuangxian.models import ExportJob
from organizations.access import Scope


def _campaign_for(scope: Scope, job: ExportJob):
    """``get_campaign_for`` in a worker: no request to answer with a 404, so the job
    fails with a reason instead (the requester's scope may have shrunk since)."""
    from pledges.access import can_read_campaign
    from pledges.models import Campaign

    campaign = (
        Campaign.objects.select_related("scope")
        .filter(pk=job.params.get("campaign"))
        .first()
    )
    if campaign is None or not can_read_campaign(scope, campaign):
        raise ExportRefused(_("This campaign is not in your scope."))
    return campaign


def _stamp() -> str:
    return timezone.localdate().isoformat()


def build_plans_pledges(job: ExportJob, scope: Scope, progress) -> tuple[bytes, str]:
    """Every plan measure and committed item in the requester's reach."""
    from pledges import selectors

    campaign = _campaign_for(scope, job)
    data = exports.plans_pledges_xlsx(
        plans=selectors.plans_for(scope, campaign),
        pledges=selectors.pledges_for(scope, campaign),
        progress=progress,
    )
    name = _("Plans and pledges %(year)s") % {"year": campaign.year}
    return data, f"{name} {_stamp()}.xlsx"


def build_scores(job: ExportJob, scope: Scope, progress) -> tuple[bytes, str]:
    """Scores of the campaign with their breakdown: office and leading group only."""
    from evaluations.models import Score
    from evaluations.scoring.access import is_reader

    campaign = _campaign_for(scope, job)
    if not is_reader(scope, campaign):
        raise ExportRefused(_("Only the activity office and leaders export scores."))
    data = exports.scores_xlsx(
        scores=Score.objects.filter(campaign=campaign), progress=progress
    )
    name = _("Scores %(year)s") % {"year": campaign.year}
    return data, f"{name} {_stamp()}.xlsx"


def build_ledger(job: ExportJob, scope: Scope, progress) -> tuple[bytes, str]:
    """The branch ledger pack (台账) as a PDF."""
    from organizations.models import Organization
    from pledges import selectors
    from pledges.activity.access import (
        PARTY_UNIT_KINDS,
        can_oversee_branch,
        can_write_branch,
    )
    from pledges.activity.selectors import lecture_given, ledger_entries, ledger_rows

    branch = (
        Organization.objects.select_related("parent", "category", "institute")
        .filter(pk=job.params.get("branch"), kind__in=PARTY_UNIT_KINDS)
        .first()
    )
    if branch is None or not (
        can_write_branch(scope, branch) or can_oversee_branch(scope, branch)
    ):
        raise ExportRefused(_("This branch is not in your scope."))
    year = job.params.get("year")
    rows = [
        r
        for r in ledger_rows(branch)
        if not year or exports_day(r[2]).year == int(year)
    ]
    progress(10)
    entries = []
    for start in range(0, len(rows), LEDGER_CHUNK):
        entries += ledger_entries(rows[start : start + LEDGER_CHUNK])
        progress(10 + 50 * min(start + LEDGER_CHUNK, len(rows)) // max(len(rows), 1))
    campaign = selectors.current_campaign(branch)
    plan = selectors.unit_plan(campaign, branch) if campaign else None
    pledges = list(selectors.unit_pledges(campaign, branch)) if campaign else []
    html = exports.ledger_html(
        branch=branch,
        campaign=campaign,
        entries=entries,
        year=year,
        lecture_given=lecture_given(
            branch, year=int(year or timezone.localdate().year)
        ),
        plan=plan,
        pledges=pledges,
    )
    progress(70)
    data = exports.html_to_pdf(html)
    name = _("Ledger of %(branch)s") % {"branch": branch.name}
    return data, f"{name} {year or ''} {_stamp()}.pdf".replace("  ", " ")


def exports_day(value) -> datetime.date:
    """A union row's day (SQLite hands it back as text)."""
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


BUILDERS: dict[str, Callable[..., tuple[bytes, str]]] = {
    ExportJob.Kind.PLANS_PLEDGES: build_plans_pledges,
    ExportJob.Kind.SCORES: build_scores,
    ExportJob.Kind.LEDGER: build_ledger,
}
