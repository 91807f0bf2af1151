"""Duty reports (述职述廉)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import DutyReportForm
from evaluations.awards.views.common import _context
from evaluations.ballots.access import can_open_round
from evaluations.models import DutyReport
from organizations.access import scope_of


@login_required
def duty_reports(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    reader = access.is_reader(scope, campaign)
    own = (
        DutyReport.objects.filter(campaign=campaign, person=scope.person).first()
        if scope.person
        else None
    )
    return render(
        request,
        "awards/duty_reports.html",
        _context(
            request,
            campaign,
            "duty",
            page=paginate(
                request, selectors.duty_reports(campaign, scope, reader=reader)
            ),
            own=own,
            files=access.files_duty_report(scope, campaign),
            round=(duty_round := selectors.duty_round_of(campaign)),
            round_link=duty_round is not None and can_open_round(scope, duty_round),
            locked=services.duty_reports_locked(campaign),
        ),
    )


@login_required
def duty_report(request, pk, report_pk):
    campaign, report = access.get_duty_report_for(request.user, pk, report_pk)
    scope = scope_of(request.user)
    return render(
        request,
        "awards/duty_report.html",
        _context(
            request,
            campaign,
            "duty",
            report=report,
            own=scope.person is not None and scope.person.pk == report.person_id,
            locked=services.duty_reports_locked(campaign),
        ),
    )


@login_required
def duty_report_edit(request, pk):
    campaign, scope = access.require_duty_reporter(request.user, pk)
    report = DutyReport.objects.filter(campaign=campaign, person=scope.person).first()
    locked = services.duty_reports_locked(campaign)
    form = DutyReportForm(
        request.POST or None, initial={"text": report.text if report else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.duty_report_save(
                campaign=campaign,
                person=scope.person,
                by=request.user,
                text=form.cleaned_data["text"],
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Report submitted.") if report.is_submitted else _("Report saved."),
            )
            return redirect("awards:duty_report", campaign.pk, report.pk)
    return render(
        request,
        "awards/duty_report_edit.html",
        _context(request, campaign, "duty", form=form, report=report, locked=locked),
    )


@require_POST
@login_required
def duty_round(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    try:
        round = services.duty_round_sync(campaign=campaign, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("awards:duty_reports", campaign.pk)
    messages.success(
        request,
        _("The rating round has %(n)s reporter(s) as targets.")
        % {"n": round.targets.count()},
    )
    return redirect("evaluations:round", round.pk)
