"""The steps of the campaign calendar (活动日程): when each is due and what it does.

Every action is idempotent on its own (conditional transitions, dedupe keys on
notifications) as well as being recorded once per due date by ``chuangxian.calendar.engine``.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.calendar.engine import Step, register
from organizations.models import Notification, Person, Role
from organizations.notifications.services import notify
from pledges.selectors import (
    campaign_leaders,
    campaign_office,
    members_without_pledge_filed,
    units_without_plan,
)

logger = logging.getLogger(__name__)

K = Notification.Kind


def office_people(campaign) -> list[Person]:
    return campaign_office(campaign)


def leaders(campaign) -> list[Person]:
    return campaign_leaders(campaign)


def secretaries_by_branch(branch_ids) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    for node_id, person_id in Role.objects.filter(
        kind=Role.Kind.SECRETARY, node_id__in=list(branch_ids)
    ).values_list("node_id", "person_id"):
        result.setdefault(node_id, []).append(person_id)
    return result


def _days(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def _months(campaign, day_of_month: int):
    """The given day of the month after each month of the campaign (from the month
    phase 1 starts in to the month it ends in): each checks the month before it, the
    campaign's last month too, after the campaign has ended."""
    y, m = campaign.phase1_start.year, campaign.phase1_start.month
    last = (campaign.phase5_end.year, campaign.phase5_end.month)
    while (y, m) <= last:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        yield datetime.date(y, m, day_of_month)


def previous_month(day: datetime.date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


# --- phases ---------------------------------------------------------------------------


def _phase_step(n: int) -> Step:
    def dates(campaign):
        return [getattr(campaign, f"phase{n}_start")]

    def action(*, campaign, due_on, today, by):
        phase = campaign.phases()[n - 1]
        sent = notify(
            recipients=office_people(campaign),
            kind=K.SYSTEM,
            title=_("Phase %(n)s started: %(name)s") % {"n": n, "name": phase["name"]},
            url=campaign.get_absolute_url(),
            dedupe_key=f"phase-{campaign.pk}-{n}",
        )
        return _("Phase %(n)s started.") % {"n": n}, {"notified": sent}

    return Step(
        key=f"phase{n}",
        label=gettext_lazy("Phase %(n)s starts") % {"n": n},
        dates=dates,
        action=action,
        order=n,
    )


# --- monthly news check ---------------------------------------------------------------


def _news_dates(campaign):
    return _months(campaign, campaign.news_check_day)


def _news_action(*, campaign, due_on, today, by):
    from pledges.activity.selectors import news_missing

    year, month = previous_month(due_on)
    # None for a month not due under the campaign (months.month_due): the first
    # check after the start asks for its first month only.
    missing = list(
        news_missing(campaign=campaign, year=year, month=month, today=today).order_by(
            "path"
        )
    )
    secretaries = secretaries_by_branch(b.pk for b in missing)
    sent = 0
    for branch in missing:
        sent += notify(
            recipients=secretaries.get(branch.pk, []),
            kind=K.REMINDER,
            title=_("No news report from %(branch)s for %(year)s-%(month)02d")
            % {"branch": branch.name, "year": year, "month": month},
            body=_("Each branch files at least one news report a month."),
            url=reverse("activity:news_list"),
            dedupe_key=f"news-missing-{year}-{month}-{branch.pk}",
        )
    if missing:
        notify(
            recipients=office_people(campaign),
            kind=K.REMINDER,
            title=_("%(n)s branches filed no news report for %(year)s-%(month)02d")
            % {"n": len(missing), "year": year, "month": month},
            url=reverse("activity:news_matrix"),
            dedupe_key=f"news-missing-{year}-{month}-office",
        )
    summary = _("%(n)s branches without a news report for %(year)s-%(month)02d.") % {
        "n": len(missing),
        "year": year,
        "month": month,
    }
    # Mass-organisation units file information reports (信息报送) instead.
    from pledges.activity.services import info_remind

    late = info_remind(
        campaign=campaign,
        year=year,
        month=month,
        office=office_people(campaign),
        today=today,
    )
    return summary, {
        "year": year,
        "month": month,
        "branches": [{"id": b.pk, "name": b.name} for b in missing],
        "mass_units": [{"id": u.pk, "name": u.name} for u in late],
        "notified": sent,
    }


# --- mass evaluation rounds -----------------------------------------------------------


def _every_day(campaign):
    return _days(campaign.phase1_start, campaign.phase5_end)


def mix_staged_ballots() -> int:
    """Every tick, not only once a day: mix each round whose targets have k staged
    ballots (a round that fails is logged and tried again on the next tick)."""
    from evaluations.ballots import services as ballots

    try:
        return ballots.staged_mix()
    except Exception:
        logger.exception("mixing staged ballots failed; the next tick tries again")
        return 0


def _rounds_action(*, campaign, due_on, today, by):
    """Open rounds whose window began, mix during the window, close, mix and tally
    rounds whose window ended. Each service is a conditional transition."""
    from evaluations.ballots import services as ballots
    from evaluations.models import Round

    done: dict[str, list] = {"opened": [], "closed": [], "tallied": [], "failed": []}
    rounds = Round.objects.filter(campaign=campaign)
    for round in rounds.filter(status=Round.Status.DRAFT, opens_on__lte=today):
        if round.closes_on < today:
            continue
        try:
            ballots.round_open(round=round)
        except ValidationError as error:
            done["failed"].append({"id": round.pk, "why": " ".join(error.messages)})
            notify(
                recipients=office_people(campaign),
                kind=K.ESCALATION,
                title=_("Round %(title)s could not open") % {"title": round.title},
                body=" ".join(error.messages),
                url=round.get_absolute_url(),
                dedupe_key=f"round-open-failed-{round.pk}-{today}",
            )
        else:
            done["opened"].append(round.pk)
            notify(
                recipients=office_people(campaign),
                kind=K.ROUND_OPENED,
                title=_("Round %(title)s is open") % {"title": round.title},
                url=round.get_absolute_url(),
                dedupe_key=f"round-opened-{round.pk}",
            )
    for round in rounds.filter(status=Round.Status.OPEN, closes_on__gte=today):
        ballots.round_mix(round=round)
    for round in rounds.filter(status=Round.Status.OPEN, closes_on__lt=today):
        ballots.round_close(round=round)
        done["closed"].append(round.pk)
    for round in rounds.filter(status=Round.Status.CLOSED):
        ballots.round_mix(round=round)
        ballots.round_tally(round=round)
        done["tallied"].append(round.pk)
        notify(
            recipients=office_people(campaign),
            kind=K.ROUND_CLOSED,
            title=_("Round %(title)s closed and tallied") % {"title": round.title},
            url=round.get_absolute_url(),
            dedupe_key=f"round-tallied-{round.pk}",
        )
    summary = _("%(o)s opened, %(c)s closed, %(t)s tallied.") % {
        "o": len(done["opened"]),
        "c": len(done["closed"]),
        "t": len(done["tallied"]),
    }
    return summary, done


# --- quarterly inspections and half-year reviews -------------------------------------


def _quarter_step(n: int) -> Step:
    def dates(campaign):
        return [getattr(campaign, f"quarter{n}_on")]

    def action(*, campaign, due_on, today, by):
        from evaluations.inspections import services as inspections
        from evaluations.models import InspectionRound

        closed = None
        if n > 1:
            previous = InspectionRound.objects.filter(
                campaign=campaign, quarter=n - 1, status="open"
            ).first()
            if previous is not None:
                closed = inspections.inspection_round_close(round=previous, by=by)
        round = inspections.inspection_round_open(campaign=campaign, quarter=n, by=by)
        draw = round.draws.filter(voided_at__isnull=True).first()
        sample = draw.sample_ids() if draw is not None else []
        if draw is not None:
            message = _("Quarter %(n)s inspection round open; %(k)s units drawn.") % {
                "n": n,
                "k": len(sample),
            }
        elif round.has_sampling:
            message = _(
                "Quarter %(n)s inspection round open; the office draws the spot "
                "check in public."
            ) % {"n": n}
        else:
            message = _("Quarter %(n)s inspection round open.") % {"n": n}
        return (
            message,
            {
                "round": round.pk,
                "closed_previous": closed.pk if closed else None,
                "seed": str(draw.seed) if draw is not None else None,
                "sample": sample,
            },
        )

    return Step(
        key=f"quarter{n}",
        label=gettext_lazy("Quarter %(n)s inspection round opens") % {"n": n},
        dates=dates,
        action=action,
        order=10 + n,
    )


def _review_step(n: int) -> Step:
    def dates(campaign):
        return [getattr(campaign, f"review{n}_on")]

    def action(*, campaign, due_on, today, by):
        from evaluations.inspections import services as inspections

        if n > 1:
            inspections.review_round_close(campaign=campaign, half=n - 1, by=by)
        round = inspections.review_round_open(campaign=campaign, half=n, by=by)
        notify(
            recipients=office_people(campaign),
            kind=K.SYSTEM,
            title=_("Half-year review %(n)s is open") % {"n": n},
            url=reverse("inspections:review_round", args=[round.pk]),
            dedupe_key=f"review-open-{campaign.pk}-{n}",
        )
        return _("Half-year review %(n)s opened.") % {"n": n}, {"round": round.pk}

    return Step(
        key=f"review{n}",
        label=gettext_lazy("Half-year review %(n)s opens") % {"n": n},
        dates=dates,
        action=action,
        order=16 + n,
    )


def _closing_action(*, campaign, due_on, today, by):
    """At the campaign's end, close what is still open."""
    from evaluations.inspections import services as inspections
    from evaluations.models import InspectionRound

    closed = []
    for round in InspectionRound.objects.filter(campaign=campaign, status="open"):
        inspections.inspection_round_close(round=round, by=by)
        closed.append(round.pk)
    for half in (1, 2):
        inspections.review_round_close(campaign=campaign, half=half, by=by)
    return _("Campaign closed: %(n)s inspection rounds closed.") % {"n": len(closed)}, {
        "inspection_rounds": closed
    }


def _escalation_action(*, campaign, due_on, today, by):
    from evaluations.inspections.services import rectification_escalate_overdue

    n = rectification_escalate_overdue(today=today)
    return _("%(n)s overdue rectification items escalated.") % {"n": n}, {
        "escalated": n
    }


# --- the pre-七一 award cycle -----------------------------------------------------------


def _award_dates(campaign):
    return _days(campaign.phase4_start, campaign.award_deadline)


def _award_action(*, campaign, due_on, today, by):
    """From phase 4 on: compute scores, snapshot, propose, submit for sign-off (once the
    office has set quotas; until then it reminds the office, and tries again daily)."""
    from evaluations.awards.services import award_cycle_propose

    award_list = award_cycle_propose(campaign=campaign, today=today)
    if award_list is None:
        return _("No award list yet (quotas or scores missing)."), {}
    return (
        _("Award list: %(status)s.") % {"status": award_list.get_status_display()},
        {"award_list": award_list.pk, "status": award_list.status},
    )


def _escalation_dates(campaign):
    return _days(
        campaign.award_deadline - datetime.timedelta(days=7), campaign.phase5_end
    )


def _award_escalation_action(*, campaign, due_on, today, by):
    from evaluations.awards.services import award_cycle_escalate

    sent = award_cycle_escalate(campaign=campaign, today=today)
    return (
        _("Award list not yet published: escalated.")
        if sent
        else _("Nothing to escalate."),
        {"escalated": sent},
    )


# --- daily reminders ------------------------------------------------------------------


def _reminders_action(*, campaign, due_on, today, by):
    """Remind owners of overdue committed items and measures (once per item), and, in
    phase 1, branches without a plan and members without a pledge (once a week)."""
    from pledges.models import PlanMeasure, PledgeItem, ProgressStatus

    open_statuses = [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK]
    sent = 0
    items = PledgeItem.objects.filter(
        pledge__campaign=campaign,
        due_on__lt=today,
        progress_status__in=open_statuses,
    ).values_list("pk", "pledge__person_id", "text")
    for pk, person_id, text in items:
        sent += notify(
            recipients=[person_id],
            kind=K.REMINDER,
            title=_("Committed item overdue: %(text)s") % {"text": text[:80]},
            dedupe_key=f"overdue-pledge-item-{pk}",
        )
    measures = PlanMeasure.objects.filter(
        plan__campaign=campaign,
        due_on__lt=today,
        progress_status__in=open_statuses,
        owner__isnull=False,
    ).values_list("pk", "owner_id", "text")
    for pk, owner_id, text in measures:
        sent += notify(
            recipients=[owner_id],
            kind=K.REMINDER,
            title=_("Plan measure overdue: %(text)s") % {"text": text[:80]},
            dedupe_key=f"overdue-plan-measure-{pk}",
        )
    unfiled_branches: list[int] = []
    unfiled_members = 0
    if campaign.phase1_start <= today <= campaign.phase1_end:
        week = today.isocalendar()
        branches = units_without_plan(campaign)
        unfiled_branches = list(branches.values_list("pk", flat=True))
        for branch_id, people in secretaries_by_branch(unfiled_branches).items():
            sent += notify(
                recipients=people,
                kind=K.REMINDER,
                title=_("Your branch has not filed its plan yet"),
                url=reverse("pledges:plans"),
                dedupe_key=f"plan-unfiled-{campaign.pk}-{branch_id}-{week[0]}-{week[1]}",
            )
        members = list(
            members_without_pledge_filed(campaign).values_list("pk", flat=True)
        )
        unfiled_members = len(members)
        sent += notify(
            recipients=members,
            kind=K.REMINDER,
            title=_("You have not filed your pledge yet"),
            url=reverse("pledges:pledges"),
            dedupe_key=f"pledge-unfiled-{campaign.pk}-{week[0]}-{week[1]}",
        )
    summary = _("%(n)s reminders sent.") % {"n": sent}
    return summary, {
        "sent": sent,
        "unfiled_branches": len(unfiled_branches),
        "unfiled_members": unfiled_members,
    }


def register_all() -> None:
    for n in range(1, 6):
        register(_phase_step(n))
    register(
        Step(
            key="news_check",
            label=gettext_lazy("Monthly news-report check"),
            dates=_news_dates,
            action=_news_action,
            order=20,
        )
    )
    register(
        Step(
            key="evaluation_rounds",
            label=gettext_lazy("Open, mix, close and tally evaluation rounds"),
            dates=_every_day,
            action=_rounds_action,
            catch_up="latest",
            atomic=False,
            order=30,
        )
    )
    for n in range(1, 5):
        register(_quarter_step(n))
    for n in range(1, 3):
        register(_review_step(n))
    register(
        Step(
            key="rectification_escalation",
            label=gettext_lazy("Escalate overdue rectification items"),
            dates=_every_day,
            action=_escalation_action,
            catch_up="latest",
            order=80,
        )
    )
    register(
        Step(
            key="award_cycle",
            label=gettext_lazy("Award cycle: scores, proposal, sign-off request"),
            dates=_award_dates,
            action=_award_action,
            catch_up="latest",
            atomic=False,
            order=40,
        )
    )
    register(
        Step(
            key="award_escalation",
            label=gettext_lazy("Escalate an award list not yet published"),
            dates=_escalation_dates,
            action=_award_escalation_action,
            catch_up="latest",
            order=41,
        )
    )
    register(
        Step(
            key="campaign_close",
            label=gettext_lazy("Close the campaign's open rounds"),
            dates=lambda campaign: [campaign.phase5_end],
            action=_closing_action,
            order=99,
        )
    )
    register(
        Step(
            key="reminders",
            label=gettext_lazy("Daily reminders"),
            dates=_every_day,
            action=_reminders_action,
            catch_up="latest",
            order=90,
        )
    )
