"""Findings."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.inspections.forms.common import (
    MultipleFileField,
    _date_widget,
    _helper,
    _latest,
    _not_future,
    inspectors,
)
from evaluations.inspections.services import inspected_units
from evaluations.models import Finding, InspectionKind
from organizations.models import Organization, Person
from pledges.models import ActivityRecord, Campaign, Meeting, NewsReport


class UnitChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = inspected_units(campaign).order_by("path")
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.helper = _helper(_("Continue"), testid="finding-unit-form")
        self.helper.form_method = "get"


class FindingForm(forms.Form):
    """Record a finding (督查发现) on one unit."""

    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Finding.Rating.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What was found"),
        widget=forms.Textarea({"rows": 5}),
        error_messages={"required": _("Describe what the inspection found.")},
    )
    found_on = forms.DateField(label=_("Date"), widget=_date_widget())
    inspector = forms.ModelChoiceField(
        label=_("Inspector"), queryset=Person.objects.none(), required=False
    )
    record = forms.ModelChoiceField(
        label=_("Striving record"),
        queryset=ActivityRecord.objects.none(),
        required=False,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False
    )
    news = forms.ModelChoiceField(
        label=_("News report"), queryset=NewsReport.objects.none(), required=False
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(
        self,
        *args,
        campaign: Campaign,
        unit: Organization,
        action: str = "",
        round=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.round = round
        self.fields["inspector"].queryset = inspectors(campaign)
        since = campaign.phase1_start - datetime.timedelta(days=31)
        self.fields["record"].queryset = _latest(
            ActivityRecord.objects.filter(branch=unit, occurred_on__gte=since),
            "-occurred_on",
        )
        self.fields["meeting"].queryset = _latest(
            Meeting.objects.filter(branch=unit, held_on__gte=since), "-held_on"
        )
        self.fields["news"].queryset = _latest(
            NewsReport.objects.filter(branch=unit, published_on__gte=since),
            "-published_on",
        )
        for name in ("record", "meeting", "news"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose evidence of the unit this finding concerns."
            )
        self.fields["record"].label_from_instance = lambda r: (
            f"{r.occurred_on:%Y-%m-%d} {r.title}"
        )
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.held_on:%Y-%m-%d} {m}"
        )
        self.fields["news"].label_from_instance = lambda n: (
            f"{n.published_on:%Y-%m-%d} {n.title}"
        )
        self.helper = _helper(
            _("Save the finding"), testid="finding-form", action=action, multipart=True
        )

    def clean_found_on(self):
        value = _not_future(self.cleaned_data.get("found_on"))
        if value and value < self.campaign.phase1_start:
            raise ValidationError(
                _("The date lies before the campaign began (%(day)s).")
                % {"day": self.campaign.phase1_start.isoformat()},
                code="before_campaign",
            )
        if value and self.round is not None:
            start, end = self.round.span
            if not start <= value <= end:
                raise ValidationError(
                    _(
                        "%(round)s covers %(start)s to %(end)s; date the finding "
                        "within that quarter, or record it in the round of its quarter."
                    )
                    % {
                        "round": self.round,
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                    },
                    code="outside_quarter",
                )
        return value


class CommendForm(forms.Form):
    """Commend a unit for a good finding (表扬)."""

    text = forms.CharField(
        label=_("What the unit is commended for"),
        widget=forms.Textarea({"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say what the unit is commended for.")},
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _("Commend the unit"),
            testid="commend-form",
            action=action,
            submit_testid="commend-submit",
        )
