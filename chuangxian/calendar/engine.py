"""The campaign calendar runs itself (活动日程自动运行).

One periodic Celery task (``chuangxian.tasks.calendar_tick``) compares every active
campaign's calendar with today and takes each step that is due and not yet taken.

- A step is a pure description: which dates it is due on in a campaign, and an action.
- Each (campaign, step, due date) is taken at most once: the action and its StepRun row
  commit in one transaction under a unique constraint, so a second tick, or two ticks at
  once, find it done. A failed action rolls back, is logged as failed and retried.
- Catch-up: after days without ticks, every missed due date is taken once, in date
  order ("each"), or only the most recent one for steps where older ones would be noise
  ("latest": daily reminders).
- "Run now" on the calendar page calls ``step_run`` with ``trigger=HAND``: the same code.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from chuangxian.models import StepRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """One kind of calendar step."""

    key: str
    label: str
    # All dates on which this step is due in the campaign (any order).
    dates: Callable[..., Iterable[datetime.date]]
    # The idempotent action: action(campaign=, due_on=, today=, by=) -> (summary, detail)
    action: Callable[..., tuple[str, dict]]
    catch_up: str = "each"  # or "latest"
    order: int = 100
    # False for actions made of services that commit on their own and are idempotent
    # by themselves (conditional transitions): the run is recorded after they finish.
    atomic: bool = True


_STEPS: dict[str, Step] = {}


def register(step: Step) -> None:
    _STEPS[step.key] = step


def steps() -> list[Step]:
    return sorted(_STEPS.values(), key=lambda s: (s.order, s.key))


def get_step(key: str) -> Step:
    return _STEPS[key]


#: How long after its end a campaign's calendar still runs: the monthly check of its
#: last month falls in the month after it (chuangxian.calendar.steps._months), at the
#: latest on its 28th, 58 days after an end on the 1st of a 31-day month.
AFTER_END = datetime.timedelta(days=62)


def active_campaigns(today: datetime.date):
    """Campaigns whose span contains today, or that ended within ``AFTER_END``."""
    from pledges.models import Campaign

    return Campaign.objects.filter(
        is_active=True, phase1_start__lte=today, phase5_end__gte=today - AFTER_END
    ).select_related("scope")


def due_dates(campaign, step: Step, today: datetime.date) -> list[datetime.date]:
    """Dates of ``step`` due by ``today`` in the campaign, oldest first."""
    dates = sorted(
        {
            d
            for d in step.dates(campaign)
            if d is not None and campaign.phase1_start <= d <= today
        }
    )
    if step.catch_up == "latest" and dates:
        return dates[-1:]
    return dates


def pending(campaign, today: datetime.date, done: set | None = None) -> list[tuple]:
    """(step, due_on) pairs due and not yet done, in date order."""
    if done is None:
        done = set(
            StepRun.objects.filter(
                campaign=campaign, status=StepRun.Status.DONE
            ).values_list("step", "due_on")
        )
    result = []
    for step in steps():
        for day in due_dates(campaign, step, today):
            if (step.key, day) not in done:
                result.append((step, day))
    return sorted(result, key=lambda pair: (pair[1], pair[0].order))


def step_run(
    *,
    campaign,
    step: Step,
    due_on: datetime.date,
    today: datetime.date | None = None,
    trigger: str = StepRun.Trigger.TICK,
    by=None,
) -> StepRun | None:
    """Take one step once. Returns the new run, or None if it was already taken."""
    today = today or timezone.localdate()
    if not step.atomic:
        return _step_run_outside(campaign, step, due_on, today, trigger, by)
    try:
        with transaction.atomic():
            run, created = StepRun.objects.select_for_update().get_or_create(
                campaign=campaign,
                step=step.key,
                due_on=due_on,
                defaults={"trigger": trigger, "by": by, "status": StepRun.Status.DONE},
            )
            if not created and run.status == StepRun.Status.DONE:
                return None
            summary, detail = step.action(
                campaign=campaign, due_on=due_on, today=today, by=by
            )
            run.status = StepRun.Status.DONE
            run.trigger = trigger
            run.by = by
            run.ran_at = timezone.now()
            run.outcome = summary
            run.detail = detail
            if not created:
                run.attempts += 1
            run.save()
            return run
    except IntegrityError:
        # Another tick took the step between our read and our insert.
        return None
    except Exception as error:  # noqa: BLE001 - any failure is logged and retried
        log.exception("calendar step %s for campaign %s failed", step.key, campaign.pk)
        _record_failure(campaign, step, due_on, trigger, by, error)
        return None


def _step_run_outside(campaign, step, due_on, today, trigger, by) -> StepRun | None:
    if StepRun.objects.filter(
        campaign=campaign, step=step.key, due_on=due_on, status=StepRun.Status.DONE
    ).exists():
        return None
    try:
        summary, detail = step.action(
            campaign=campaign, due_on=due_on, today=today, by=by
        )
    except Exception as error:  # noqa: BLE001 - any failure is logged and retried
        log.exception("calendar step %s for campaign %s failed", step.key, campaign.pk)
        _record_failure(campaign, step, due_on, trigger, by, error)
        return None
    with transaction.atomic():
        run, created = StepRun.objects.select_for_update().get_or_create(
            campaign=campaign,
            step=step.key,
            due_on=due_on,
            defaults={
                "trigger": trigger,
                "by": by,
                "outcome": summary,
                "detail": detail,
            },
        )
        if not created:
            if run.status == StepRun.Status.DONE:
                return (
                    None  # a twin tick finished first; the services made ours a no-op
                )
            run.status = StepRun.Status.DONE
            run.attempts += 1
            run.outcome, run.detail, run.trigger, run.by = summary, detail, trigger, by
            run.ran_at = timezone.now()
            run.save()
    return run


def _record_failure(campaign, step, due_on, trigger, by, error) -> None:
    with transaction.atomic():
        run, created = StepRun.objects.select_for_update().get_or_create(
            campaign=campaign,
            step=step.key,
            due_on=due_on,
            defaults={
                "trigger": trigger,
                "by": by,
                "status": StepRun.Status.FAILED,
                "outcome": error.__class__.__name__,
            },
        )
        if not created and run.status == StepRun.Status.FAILED:
            run.attempts += 1
            run.outcome = error.__class__.__name__
            run.ran_at = timezone.now()
            run.save(update_fields=["attempts", "outcome", "ran_at"])


def tick(*, today: datetime.date | None = None) -> list[StepRun]:
    """Take every due step of every active campaign (the periodic task calls this)."""
    today = today or timezone.localdate()
    runs = []
    for campaign in active_campaigns(today):
        for step, day in pending(campaign, today):
            run = step_run(campaign=campaign, step=step, due_on=day, today=today)
            if run is not None:
                runs.append(run)
    return runs
