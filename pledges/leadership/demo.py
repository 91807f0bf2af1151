"""Demo data of 党建带群建: mass units' requests and reports to the party branches and
general branches that lead them, one awaiting an answer and one answered."""

from django.utils import timezone

from organizations.models import Organization, Role
from pledges.leadership.rules import leading_party_unit
from pledges.models import MassReport, MassReportMessage

REPORTS = [
    (
        "关于开展青年岗位能手劳动竞赛的请示",
        "拟于第二季度组织本单位职工开展岗位练兵和劳动竞赛，方案附后，请审定。",
        None,
    ),
    (
        "关于上半年工作情况的报告",
        "上半年组织主题活动三次，会员参与率百分之九十。下半年拟围绕攻关任务组织技能比武。",
        "已阅。同意下半年安排，请结合支部争创计划一并推进。",
    ),
]


def _holder(unit: Organization, *kinds):
    role = (
        Role.objects.filter(node=unit, kind__in=kinds, person__user__isnull=False)
        .select_related("person__user")
        .order_by("order", "pk")
        .first()
    )
    return role.person.user if role is not None else None


def seed(institute: Organization) -> None:
    """A report of each of the first mass units led by a party unit whose secretary
    has an account (idempotent: one report per unit and subject)."""
    K = Organization.Kind
    party = (K.BRANCH, K.GENERAL_BRANCH)
    units = Organization.objects.filter(
        institute=institute,
        kind__in=sorted(Organization.MASS_KINDS),
        is_active=True,
        led_by__kind__in=party,
        led_by__roles__kind__in=(Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY),
        led_by__roles__person__user__isnull=False,
    ).order_by("path")
    picked = list(dict.fromkeys(units))[: len(REPORTS)]
    for unit, (subject, body, answer) in zip(picked, REPORTS, strict=False):
        lead = leading_party_unit(unit)
        officer = _holder(
            unit,
            Role.Kind.UNION_OFFICER,
            Role.Kind.LEAGUE_OFFICER,
            Role.Kind.WOMEN_OFFICER,
        )
        report, created = MassReport.objects.get_or_create(
            unit=unit,
            subject=subject,
            defaults={"lead": lead, "body": body, "created_by": officer},
        )
        if created and answer:
            secretary = _holder(lead, Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)
            MassReportMessage.objects.create(
                report=report, body=answer, is_answer=True, author=secretary
            )
            MassReport.objects.filter(pk=report.pk).update(
                status=MassReport.Status.ANSWERED, answered_at=timezone.now()
            )
