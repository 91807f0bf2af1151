"""Duty reports (述职述廉)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.awards.services.common import (
    DUTY_QUESTIONS,
    DUTY_ROLES,
    MAX_REPORT,
    _audit,
)
from evaluations.ballots import services as ballot_services
from evaluations.models import DutyReport, Round, TargetRule
from organizations.audit import AuditEvent
from organizations.models import Person, Role
from pledges.models import Campaign


def duty_round(campaign: Campaign) -> Round | None:
    """The campaign's duty-report rating round, the newest if there are several."""
    return (
        Round.objects.filter(campaign=campaign, kind=Round.Kind.DUTY_REPORT)
        .order_by("-pk")
        .first()
    )


def duty_reports_locked(campaign: Campaign) -> bool:
    """Reports are frozen once their rating round has opened."""
    return (
        Round.objects.filter(campaign=campaign, kind=Round.Kind.DUTY_REPORT)
        .exclude(status__in=[Round.Status.DRAFT, Round.Status.CANCELLED])
        .exists()
    )


def duty_roles(person: Person, campaign: Campaign) -> list[Role]:
    """The person's roles that call for a duty report in the campaign."""
    return list(
        Role.objects.filter(
            person=person,
            kind__in=DUTY_ROLES,
            node__path__startswith=campaign.scope.path,
        ).select_related("node")
    )


@transaction.atomic
def duty_report_save(
    *,
    campaign: Campaign,
    person: Person,
    by,
    text: str,
    submit: bool = False,
) -> DutyReport:
    """Write (and optionally submit) one's duty report (述职述廉报告)."""
    roles = duty_roles(person, campaign)
    if not roles:
        raise PermissionDenied(
            _("Only secretaries and members of the leading group give duty reports.")
        )
    if duty_reports_locked(campaign):
        raise ValidationError(
            _("The duty reports are being rated: they can no longer change.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your report.")})
    if len(text) > MAX_REPORT:
        raise ValidationError(
            {"text": _("Keep the report under %(n)s characters.") % {"n": MAX_REPORT}}
        )
    label = "、".join(f"{r.node.name}{r.title or r.get_kind_display()}" for r in roles)[
        :100
    ]
    report, created = DutyReport.objects.get_or_create(
        campaign=campaign, person=person, defaults={"text": text, "role_label": label}
    )
    report.text, report.role_label = text, label
    if submit and report.submitted_at is None:
        report.submitted_at = timezone.now()
    report.save()
    _audit(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        by=by,
        obj=report,
        campaign=campaign,
        submitted=report.is_submitted,
    )
    return report


@transaction.atomic
def duty_round_sync(
    *,
    campaign: Campaign,
    by=None,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
) -> Round:
    """Create the campaign's duty-report rating round (述职述廉测评) as a draft, or
    bring its targets in line: one target per submitted duty report.

    Built on the ballot services: a "rate this person" rule per reporter, so targets,
    voters, secrecy and tallies are those of any other round.
    """
    round = duty_round(campaign)
    if round is not None and not round.is_draft:
        raise ValidationError(
            _(
                "The duty-report rating round is already %(status)s: its targets can "
                "no longer change."
            )
            % {"status": round.get_status_display()}
        )
    if round is None:
        today = timezone.localdate()
        opens_on = opens_on or max(today, campaign.phase3_start)
        closes_on = closes_on or max(opens_on, campaign.phase3_end)
        round = ballot_services.round_create(
            scope=campaign.scope,
            kind=Round.Kind.DUTY_REPORT,
            title=_("%(year)s duty report rating (述职述廉测评)")
            % {"year": campaign.year},
            opens_on=opens_on,
            closes_on=closes_on,
            k=campaign.min_ballots,
            year=campaign.year,
            campaign=campaign,
            created_by=by,
        )
        for order, (code, text) in enumerate(DUTY_QUESTIONS, start=1):
            ballot_services.question_add(
                round=round, code=code, text=text, order=order, by=by
            )
    wanted = set(
        DutyReport.objects.filter(
            campaign=campaign, submitted_at__isnull=False, person__is_active=True
        ).values_list("person_id", flat=True)
    )
    rules = {
        rule.person_id: rule
        for rule in round.rules.filter(kind=TargetRule.Kind.FIXED_PERSON)
    }
    for person_id, rule in rules.items():
        if person_id not in wanted:
            ballot_services.rule_remove(rule=rule, by=by)
    for person in Person.objects.filter(pk__in=wanted - set(rules)).order_by("pk"):
        ballot_services.rule_add(
            round=round, kind=TargetRule.Kind.FIXED_PERSON, person=person, by=by
        )
    return round
