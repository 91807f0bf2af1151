"""Field visits and forums (实地调研, 座谈会)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.inspections.forms.common import (
    MultipleFileField,
    _date_widget,
    _helper,
    _not_future,
)
from evaluations.inspections.services import supervised_units
from evaluations.models import FieldVisit
from organizations.models import Organization
from pledges.models import Campaign


class FieldVisitForm(forms.Form):
    """Record a field visit or a forum among the units the campaign supervises."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=FieldVisit.Kind.choices, widget=forms.RadioSelect
    )
    held_on = forms.DateField(label=_("Date"), widget=_date_widget())
    units = forms.ModelMultipleChoiceField(
        label=_("Units visited"),
        queryset=Organization.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("Choose at least one unit visited.")},
    )
    participants = forms.CharField(
        label=_("Participants"),
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Say who took part.")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea({"rows": 6}),
        error_messages={"required": _("Write down what was seen and heard.")},
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(self, *args, campaign: Campaign, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = supervised_units(campaign).order_by("path")
        self.fields["units"].widget.attrs["class"] = "form-select"
        self.helper = _helper(
            _("Save the record"),
            testid="visit-form",
            action=action,
            multipart=True,
            submit_testid="visit-submit",
        )

    def clean_held_on(self):
        return _not_future(self.cleaned_data.get("held_on"))
