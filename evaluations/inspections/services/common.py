"""Shared by the inspection workflows: evidence files and who is told (通知)."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from evaluations.inspections.access.common import MASS_OFFICER_KINDS, SECRETARY_KINDS
from organizations.audit import AuditEvent, audit_record
from organizations.models import (
    Organization,
    Person,
    Role,
)
from pledges.models import Campaign
from pledges.selectors import campaign_office
from pledges.uploads import EXTENSIONS, check_upload, clean_filename

MAX_FILES_PER_UPLOAD = 10
DEFAULT_DEADLINE_DAYS = 30

A = AuditEvent.Action


def _audit(action: str, obj, by=None, **detail) -> None:
    audit_record(
        action=action,
        user=by,
        obj=obj,
        institute_id=_institute_id(obj),
        **detail,
    )


def _institute_id(obj) -> int | None:
    for attr in ("campaign", "round"):
        target = getattr(obj, attr, None)
        if isinstance(target, Campaign):
            return target.scope.institute_id
        if target is not None and hasattr(target, "campaign"):
            return target.campaign.scope.institute_id
    if isinstance(obj, Campaign):
        return obj.scope.institute_id
    return None


def _check_count(files) -> list:
    files = list(files or [])
    if len(files) > MAX_FILES_PER_UPLOAD:
        raise ValidationError(
            _("Upload at most %(n)s files at a time.") % {"n": MAX_FILES_PER_UPLOAD},
            code="too_many",
        )
    return files


def _stored(upload) -> dict:
    """Check an upload by content; the fields of its stored-file row."""
    content_type = check_upload(upload)
    name = clean_filename(upload.name)
    upload.name = "upload" + EXTENSIONS[content_type][0]
    return {
        "file": upload,
        "name": name,
        "content_type": content_type,
        "size": upload.size,
    }


def office_people(campaign: Campaign) -> list[Person]:
    """The activity office of the campaign."""
    return campaign_office(campaign)


def unit_secretaries(unit: Organization) -> list[Person]:
    """Who heads the unit: its secretary (general-branch secretary for a general
    branch), or for a mass-organisation unit its officers (工会主席, 团委书记 …)."""
    return list(
        Person.objects.filter(
            is_active=True,
            roles__kind__in=SECRETARY_KINDS + MASS_OFFICER_KINDS,
            roles__node=unit,
        )
        .order_by("roles__order", "pk")
        .distinct()
    )


def leading_secretaries(unit: Organization) -> list[Person]:
    """For a mass-organisation unit: the secretaries of the party organisation leading
    it (党建带群建), and the general-branch secretaries above that organisation."""
    if not unit.is_mass or unit.led_by_id is None:
        return []
    led_by = unit.led_by
    return list(
        Person.objects.filter(
            Q(roles__node=led_by) | Q(roles__node_id__in=led_by.ancestor_ids()),
            is_active=True,
            roles__kind__in=SECRETARY_KINDS,
        )
        .order_by("pk")
        .distinct()
    )


def general_secretaries_above(unit: Organization) -> list[Person]:
    """General-branch secretaries of the general branches holding the unit."""
    return list(
        Person.objects.filter(
            is_active=True,
            roles__kind=Role.Kind.GENERAL_SECRETARY,
            roles__node_id__in=unit.ancestor_ids(),
        ).distinct()
    )
