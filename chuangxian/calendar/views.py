"""The office's calendar page: what is due, what the scheduler did and why, run now."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chuangxian.calendar import engine as calendar
from chuangxian.models import StepRun
from core.views import paginate
from pledges.access import get_campaign_for


@login_required
def calendar_page(request, pk):
    """Due and future steps of a campaign, and the log of every step taken."""
    campaign = get_campaign_for(request.user, pk, need="manage")
    today = timezone.localdate()
    # Every step taken counts as done, the daily ones too: a reminder sent today is
    # not "due now" (one rule with the tick, ``engine.pending``).
    done = set(
        StepRun.objects.filter(
            campaign=campaign, status=StepRun.Status.DONE
        ).values_list("step", "due_on")
    )
    pending = calendar.pending(campaign, today, done=done)
    upcoming = sorted(
        (
            (day, step)
            for step in calendar.steps()
            if step.catch_up == "each"
            for day in step.dates(campaign)
            if day and day > today
        ),
        key=lambda pair: pair[0],
    )[:12]
    log = paginate(
        request, StepRun.objects.filter(campaign=campaign).select_related("by")
    )
    labels = {step.key: step.label for step in calendar.steps()}
    for run in log:
        run.label = labels.get(run.step, run.step)
    return render(
        request,
        "calendar/calendar.html",
        {
            "campaign": campaign,
            "today": today,
            "pending": pending,
            "upcoming": upcoming,
            "log": log,
        },
    )


@login_required
@require_POST
def calendar_run_now(request, pk):
    """Take one due step by hand: the same code path as the tick."""
    campaign = get_campaign_for(request.user, pk, need="manage")
    try:
        step = calendar.get_step(request.POST.get("step", ""))
        due_on = datetime.date.fromisoformat(request.POST.get("due_on", ""))
    except (KeyError, ValueError):
        raise Http404
    today = timezone.localdate()
    if due_on > today or due_on not in calendar.due_dates(campaign, step, today):
        messages.error(request, _("This step is not due yet, so it cannot run now."))
        return redirect("calendar", pk=campaign.pk)
    run = calendar.step_run(
        campaign=campaign,
        step=step,
        due_on=due_on,
        today=today,
        trigger=StepRun.Trigger.HAND,
        by=request.user,
    )
    if run is None:
        failed = StepRun.objects.filter(
            campaign=campaign, step=step.key, due_on=due_on, status="failed"
        ).exists()
        if failed:
            messages.error(request, _("The step failed; it will be retried."))
        else:
            messages.info(request, _("This step was already taken."))
    else:
        messages.success(request, _("Done: %(outcome)s") % {"outcome": run.outcome})
    return redirect("calendar", pk=campaign.pk)
