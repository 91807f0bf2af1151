"""A frozen clock walks a whole campaign year day by day: the calendar runs itself."""

import datetime

import time_machine

from chuangxian.calendar import engine as calendar
from chuangxian.models import StepRun
from evaluations.awards import services as award_services
from evaluations.ballots import services as ballot_services
from evaluations.models import (
    AwardList,
    InspectionRound,
    ReviewRound,
    Round,
    Target,
    TargetRule,
)
from organizations.models import Notification
from tests.evaluations.awards.builders import set_quota, write_deeds
from tests.evaluations.ballots.builders import staff_of
from tests.pledges.builders import make_campaign

D = datetime.date


def test_it_runs_a_whole_campaign_year_by_itself(inst, settings):
    campaign = make_campaign(inst.institute, start=D(2026, 3, 1))
    # The office prepared the mass evaluation round for the campaign's window.
    round = ballot_services.round_create(
        scope=inst.institute,
        kind=Round.Kind.MASS,
        title="年度群众评议",
        opens_on=campaign.evaluation_opens_on,
        closes_on=campaign.evaluation_closes_on,
        k=2,
        campaign=campaign,
    )
    ballot_services.question_add(round=round, code="Q1", text="群众反映好")
    ballot_services.rule_add(round=round, kind=TargetRule.Kind.DEPARTMENT_BRANCHES)

    # The office sets the award quota: one 五个好 branch.
    set_quota(campaign, inst.user("office"), "party_branch", 1)
    voters = staff_of(inst, 3)
    published_on = None

    seen: dict[str, datetime.date] = {}
    day = campaign.phase1_start - datetime.timedelta(days=3)
    while day <= campaign.phase5_end + datetime.timedelta(days=3):
        with time_machine.travel(
            datetime.datetime(day.year, day.month, day.day, 8, 0), tick=False
        ):
            calendar.tick(today=day)
            # A second tick the same day changes nothing.
            assert calendar.tick(today=day) == []
            round.refresh_from_db()
            seen.setdefault(f"round-{round.status}", day)
            if round.status == Round.Status.OPEN and "cast" not in seen:
                # Staff of the department rate its branch during the window.
                target = Target.objects.get(round=round, unit=inst.branch)
                for voter in voters:
                    ballot_services.ballot_cast(
                        round=round,
                        voter=voter,
                        target=target,
                        answers={q.pk: 4 for q in round.questions.all()},
                    )
                seen["cast"] = day
            award_list = AwardList.objects.filter(campaign=campaign).first()
            if award_list is not None:
                seen.setdefault(f"awards-{award_list.status}", day)
                if award_list.status == AwardList.Status.SUBMITTED:
                    # The leading group signs off; the office publishes at once.
                    award_services.award_list_sign_off(
                        award_list=award_list, by=inst.user("leader")
                    )
                    write_deeds(award_list, inst.user("office"))
                    award_services.award_list_publish(
                        award_list=award_list, by=inst.user("office"), today=day
                    )
                    published_on = day
            for q in InspectionRound.objects.filter(campaign=campaign, status="open"):
                seen.setdefault(f"quarter{q.quarter}-open", day)
            for r in ReviewRound.objects.filter(campaign=campaign):
                seen.setdefault(f"review{r.half}", day)
        day += datetime.timedelta(days=1)

    # Each round opens and closes on its day.
    assert seen["round-open"] == campaign.evaluation_opens_on
    assert seen["round-tallied"] == campaign.evaluation_closes_on + datetime.timedelta(
        days=1
    )
    for n in range(1, 5):
        assert seen[f"quarter{n}-open"] == getattr(campaign, f"quarter{n}_on")
    assert seen["review1"] == campaign.review1_on
    assert seen["review2"] == campaign.review2_on
    assert not InspectionRound.objects.filter(campaign=campaign, status="open").exists()

    # The award list is proposed on the first day of phase 4 and, once signed,
    # published before 七一.
    assert seen["awards-submitted"] == campaign.phase4_start
    assert published_on is not None
    assert published_on <= campaign.award_deadline
    assert (campaign.award_deadline.month, campaign.award_deadline.day) <= (6, 30)
    award_list = AwardList.objects.get(campaign=campaign)
    assert award_list.status == AwardList.Status.PUBLISHED
    winners = award_list.candidates.filter(state="selected")
    assert [c.unit_id for c in winners] == [inst.branch.pk]
    # Published in time: nobody was told it is late.
    assert not Notification.objects.filter(dedupe_key__startswith="award-escalate:")
    assert Notification.objects.filter(dedupe_key__startswith="award-published:")

    # Monthly checks fire on their day and name the right branches (no news filed).
    checks = StepRun.objects.filter(campaign=campaign, step="news_check").order_by(
        "due_on"
    )
    assert checks.count() >= 12
    assert all(run.due_on.day == campaign.news_check_day for run in checks)
    for run in checks:
        assert {b["id"] for b in run.detail["branches"]} == {
            inst.branch.pk,
            inst.other_branch.pk,
            inst.lone_branch.pk,
        }
    # Reminders go out once: one news reminder per branch and month, no duplicates.
    titles = list(
        Notification.objects.filter(recipient=inst.people["secretary"]).values_list(
            "dedupe_key", flat=True
        )
    )
    assert len(titles) == len(set(titles))
    news = [t for t in titles if t and t.startswith("news-missing-")]
    assert len(news) == checks.count()
    # Every dated step ran exactly once.
    dated = StepRun.objects.filter(campaign=campaign).exclude(
        step__in=[
            "reminders",
            "evaluation_rounds",
            "rectification_escalation",
            "award_cycle",
            "award_escalation",
        ]
    )
    assert dated.count() == len(set(dated.values_list("step", "due_on")))
    assert set(dated.values_list("step", flat=True)) >= {
        "phase1",
        "phase2",
        "phase3",
        "phase4",
        "phase5",
        "quarter1",
        "quarter4",
        "review1",
        "review2",
        "news_check",
        "campaign_close",
    }
