"""A campaign at academy level: the same office, filing gaps and reminders everywhere.

An institute that adopted the academy campaign files, is checked and reminded through
its own campaign; the academy campaign covers the rest (covered_units_q)."""

import datetime

import pytest

from chuangxian.calendar import steps
from organizations.models import Notification
from pledges.activity.selectors import news_missing
from pledges.selectors import (
    members_without_pledge_filed,
    units_due_a_plan,
    units_without_plan,
)
from pledges.services.academy import create_institute_campaign_from

pytestmark = pytest.mark.django_db


def _branches(inst):
    return {inst.branch.pk, inst.other_branch.pk, inst.lone_branch.pk}


def test_the_academy_campaign_covers_every_institute_until_one_adopts(
    academy, inst, other_inst
):
    both = _branches(inst) | _branches(other_inst)
    assert set(units_due_a_plan(academy.campaign).values_list("pk", flat=True)) == both

    own = create_institute_campaign_from(academy.campaign, inst.institute)

    assert set(units_without_plan(academy.campaign).values_list("pk", flat=True)) == (
        _branches(other_inst)
    )
    assert set(units_without_plan(own).values_list("pk", flat=True)) == _branches(inst)
    academy_members = set(
        members_without_pledge_filed(academy.campaign).values_list(
            "institute_id", flat=True
        )
    )
    assert academy_members == {other_inst.institute.pk}
    assert set(
        members_without_pledge_filed(own).values_list("institute_id", flat=True)
    ) == {inst.institute.pk}


def test_the_news_check_finds_each_branch_once(academy, inst, other_inst):
    own = create_institute_campaign_from(academy.campaign, inst.institute)
    today = datetime.date.today()
    # Last month: over and within both campaigns (a month is due once over).
    last = today.replace(day=1) - datetime.timedelta(days=1)
    at_academy = set(
        news_missing(
            campaign=academy.campaign, year=last.year, month=last.month, today=today
        ).values_list("pk", flat=True)
    )
    at_institute = set(
        news_missing(
            campaign=own, year=last.year, month=last.month, today=today
        ).values_list("pk", flat=True)
    )
    assert at_academy == _branches(other_inst)
    assert at_institute == _branches(inst)


def test_the_news_check_of_an_academy_campaign_reminds_and_tells_its_office(
    academy, inst, other_inst
):
    campaign = academy.campaign
    due_on = campaign.phase1_start + datetime.timedelta(days=40)
    summary, detail = steps._news_action(
        campaign=campaign, due_on=due_on, today=due_on, by=None
    )
    assert len(detail["branches"]) == len(_branches(inst) | _branches(other_inst))
    told = set(
        Notification.objects.filter(kind=Notification.Kind.REMINDER).values_list(
            "recipient_id", flat=True
        )
    )
    assert academy.person.pk in told
    assert {inst.people["secretary"].pk, other_inst.people["secretary"].pk} <= told


def test_an_institute_that_adopted_is_scored_in_its_own_campaign_only(
    academy, inst, other_inst
):
    from evaluations.scoring.selectors.common import scored_members, scored_units

    own = create_institute_campaign_from(academy.campaign, inst.institute)

    academy_units = set(scored_units(academy.campaign).values_list("pk", flat=True))
    assert inst.branch.pk not in academy_units
    assert other_inst.branch.pk in academy_units
    assert inst.branch.pk in set(scored_units(own).values_list("pk", flat=True))
    academy_people = scored_members(academy.campaign)
    assert not academy_people.filter(institute=inst.institute).exists()
    assert academy_people.filter(institute=other_inst.institute).exists()
