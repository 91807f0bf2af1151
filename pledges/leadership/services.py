"""Requests and reports to the leading party organisation (请示报告) and their replies."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import scope_of
from organizations.models import Notification, Organization, Role
from organizations.notifications.services import notify
from pledges.activity.services import _check_count, _stored
from pledges.leadership.access import answers_for_lead, can_read_report
from pledges.leadership.rules import leading_party_unit
from pledges.models import MassReport, MassReportAttachment, MassReportMessage


def lead_people(lead: Organization) -> list[int]:
    """Person ids told of a report: the secretaries of the leading party unit, or,
    where it has none (the party committee), the office of its institute."""
    secretaries = list(
        Role.objects.filter(
            node=lead, kind__in=(Role.Kind.SECRETARY, Role.Kind.GENERAL_SECRETARY)
        ).values_list("person_id", flat=True)
    )
    if secretaries:
        return secretaries
    return list(
        Role.objects.filter(
            kind=Role.Kind.OFFICE, node__parent_id=lead.institute_id
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def mass_report_create(
    *, unit: Organization, by, subject: str, body: str, files: Iterable = ()
) -> MassReport:
    """File a request or report of a mass unit to the party organisation leading it
    and tell that organisation's secretary."""
    scope = scope_of(by)
    if not unit.is_mass or not scope.can_manage_unit(unit):
        raise PermissionDenied(_("Only the unit's officers report for it."))
    lead = leading_party_unit(unit)
    if lead is None:
        raise ValidationError(
            _("No party organisation leads this unit yet; ask the office to set it.")
        )
    files = _check_count(files)
    report = MassReport(
        unit=unit, lead=lead, subject=subject.strip(), body=body.strip(), created_by=by
    )
    report.full_clean()
    report.save()
    for upload in files:
        MassReportAttachment.objects.create(report=report, **_stored(upload))
    notify(
        recipients=lead_people(lead),
        kind=Notification.Kind.APPROVAL_NEEDED,
        title=_("A request or report from %(unit)s: %(subject)s")
        % {"unit": unit.name, "subject": report.subject},
        url=report.get_absolute_url(),
        dedupe_key=f"massreport-{report.pk}",
    )
    return report


@transaction.atomic
def mass_report_reply(*, report: MassReport, by, body: str) -> MassReportMessage:
    """Reply in a report's thread: the party's answer marks it answered, a further
    word from the mass unit puts it back awaiting an answer."""
    scope = scope_of(by)
    if not can_read_report(scope, report):
        raise PermissionDenied(_("You may not reply to this."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the reply before sending it.")})
    is_answer = answers_for_lead(scope, report)
    message = MassReportMessage.objects.create(
        report=report, body=body, is_answer=is_answer, author=by
    )
    if is_answer:
        MassReport.objects.filter(pk=report.pk).update(
            status=MassReport.Status.ANSWERED, answered_at=timezone.now()
        )
        recipients = list(
            Role.objects.filter(node=report.unit).values_list("person_id", flat=True)
        )
        creator = getattr(report.created_by, "person", None)
        if creator is not None:
            recipients.append(creator.pk)
    else:
        MassReport.objects.filter(pk=report.pk).update(
            status=MassReport.Status.SUBMITTED
        )
        recipients = lead_people(report.lead)
    report.refresh_from_db()
    notify(
        recipients=recipients,
        kind=Notification.Kind.COMMENT,
        title=_("A reply on “%(subject)s”") % {"subject": report.subject},
        body=body[:200],
        url=report.get_absolute_url(),
        dedupe_key=f"massreport-{report.pk}-message-{message.pk}",
    )
    return message
