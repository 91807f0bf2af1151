"""Shared by the inspection forms: the layout helper, file fields, dates, people to choose."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.inspections.services import MAX_FILES_PER_UPLOAD
from organizations.models import MassMembership, Organization, Person, Role
from pledges.models import Campaign
from pledges.uploads import check_upload

EVIDENCE_CHOICES = 200


def _helper(
    label,
    *,
    testid: str = "",
    action: str = "",
    multipart=False,
    submit_testid: str = "",
    danger: bool = False,
):
    helper = FormHelper()
    extra = {"data_testid": submit_testid} if submit_testid else {}
    submit = Submit("submit", label, **extra)
    if danger:
        submit.field_classes = "btn btn-outline-danger"
    helper.add_input(submit)
    attrs = {}
    if testid:
        attrs["data-testid"] = testid
    if multipart:
        attrs["enctype"] = "multipart/form-data"
    helper.attrs = attrs
    if action:
        helper.form_action = action
    return helper


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(
                _("Upload at most %(n)s files at a time.")
                % {"n": MAX_FILES_PER_UPLOAD},
                code="too_many",
            )
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


def _latest(rows, order: str):
    """The latest evidence rows of a unit, as a filterable queryset (choices)."""
    ids = list(
        rows.order_by(order, "-pk").values_list("pk", flat=True)[:EVIDENCE_CHOICES]
    )
    return rows.model.objects.filter(pk__in=ids).order_by(order, "-pk")


def _not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The date lies in the future; enter the day it happened."),
            code="future",
        )
    return value


def _after_today(value):
    if value and value <= timezone.localdate():
        raise ValidationError(
            _("The deadline must be after today."), code="deadline_past"
        )
    return value


def inspectors(campaign: Campaign):
    """Who inspects: the office and the leading group of the campaign's institute."""
    return (
        Person.objects.filter(
            is_active=True,
            roles__kind__in=(Role.Kind.OFFICE, Role.Kind.LEADER),
            roles__node__institute_id=campaign.scope.institute_id,
        )
        .distinct()
        .order_by("staff_no")
    )


def unit_people(unit: Organization):
    """People who may own a unit's rectification: its members (of a mass-organisation
    unit too) and role holders."""
    return (
        Person.objects.filter(
            Q(branch=unit)
            | Q(roles__node=unit)
            | Q(pk__in=MassMembership.objects.filter(unit=unit).values("person_id")),
            is_active=True,
        )
        .distinct()
        .order_by("staff_no")
    )


def campaign_people(campaign: Campaign):
    """People of the campaign's institute holding a role: who may give help."""
    return (
        Person.objects.filter(
            is_active=True,
            institute_id=campaign.scope.institute_id,
            roles__isnull=False,
        )
        .distinct()
        .order_by("staff_no")
    )
