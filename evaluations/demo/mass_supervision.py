"""Demo data of the supervision of mass-organisation units (seed 000 §四.3).

``seed(institute)`` adds, to the institute's latest campaign: a field visit (实地调研) to
a 分工会 and a forum (座谈会) with the league and the women's organisation; and monthly
information reports (信息报送) of the mass units from the campaign's start to last
month, a few left out so the matrix shows who is late. Idempotent.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from evaluations.demo.inspections import _office_user
from evaluations.inspections import services
from evaluations.models import FieldVisit
from organizations.models import Organization
from pledges.activity import services as activity
from pledges.activity.selectors.info import mass_units
from pledges.demo import demo_campaign

TOPICS = [
    "本月组织职工健步走和读书分享会，参与职工百余人次。",
    "开展青年创新创效座谈，收集合理化建议十余条。",
    "慰问困难职工和女职工，落实关爱服务措施。",
]


@transaction.atomic
def seed(institute: Organization) -> None:
    from pledges.models import InfoReport

    campaign = demo_campaign(institute)
    office = _office_user(institute)
    if campaign is None or office is None:
        return
    units = list(mass_units(institute).order_by("path"))
    if not units:
        return
    today = timezone.localdate()
    start = campaign.phase1_start
    if not FieldVisit.objects.filter(campaign=campaign).exists():
        branches = [u for u in units if u.kind == Organization.Kind.UNION_BRANCH]
        league_women = [
            u
            for u in units
            if u.kind
            in (Organization.Kind.LEAGUE_COMMITTEE, Organization.Kind.WOMEN_COMMITTEE)
        ]
        held_on = max(start, today - datetime.timedelta(days=20))
        services.field_visit_record(
            campaign=campaign,
            kind=FieldVisit.Kind.FIELD_VISIT,
            held_on=min(held_on, today),
            units=branches[:1] or units[:1],
            participants="活动办公室 2 人；分工会主席、职工代表 5 人",
            notes="实地查看职工之家建设和会员活动台账，听取分工会争创工作汇报。",
            by=office,
        )
        services.field_visit_record(
            campaign=campaign,
            kind=FieldVisit.Kind.FORUM,
            held_on=min(held_on + datetime.timedelta(days=3), today),
            units=league_women or units[:1],
            participants="活动办公室；团委、妇委会负责人及青年、女职工代表 12 人",
            notes="座谈青年和女职工对创先争优活动的意见建议，梳理问题 6 条。",
            by=office,
        )
    if InfoReport.objects.filter(unit__in=units).exists():
        return
    year, month = start.year, start.month
    n = 0
    while (year, month) < (today.year, today.month):
        for i, unit in enumerate(units):
            if (i + n) % 5 == 4:  # a few late, for the matrix
                continue
            activity.info_report_file(
                unit=unit,
                year=year,
                month=month,
                title=f"{unit.name}{month}月工作信息",
                text=TOPICS[(i + n) % len(TOPICS)],
                by=office,
            )
        n += 1
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
