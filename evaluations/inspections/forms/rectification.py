"""Rectification and help."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.inspections.forms.common import (
    MultipleFileField,
    _after_today,
    _date_widget,
    _helper,
    _not_future,
    campaign_people,
    inspectors,
    unit_people,
)
from evaluations.models import Finding, HelpItem, InspectionKind, InspectionRound
from organizations.models import Organization, Person
from pledges.models import Campaign


class RectificationOpenForm(forms.Form):
    """Open a rectification item (督促整改) from a finding."""

    title = forms.CharField(
        label=_("What to rectify"),
        max_length=200,
        error_messages={"required": _("Say what the unit must rectify.")},
    )
    text = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea({"rows": 3})
    )
    evidence_required = forms.CharField(
        label=_("Evidence required"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("What the answer must show; the owner then has to attach files."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose who answers for the rectification.")},
    )
    deadline = forms.DateField(label=_("Deadline"), widget=_date_widget())

    def __init__(self, *args, unit: Organization, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = unit_people(unit)
        self.helper = _helper(
            _("Open the rectification"),
            testid="rectification-open",
            action=action,
            submit_testid="rectification-open-submit",
        )

    def clean_deadline(self):
        return _after_today(self.cleaned_data.get("deadline"))


class RectificationAnswerForm(forms.Form):
    """The owner's answer: what was done, with evidence files."""

    text = forms.CharField(
        label=_("What has been done"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Say what the unit has done to rectify.")},
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(self, *args, evidence_required: bool, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence_required = evidence_required
        self.helper = _helper(
            _("Send the answer"),
            testid="rectification-answer",
            action=action,
            multipart=True,
            submit_testid="rectification-answer-submit",
        )

    def clean(self):
        cleaned = super().clean()
        if self.evidence_required and not cleaned.get("files") and not self.errors:
            self.add_error(
                "files", _("This item asks for evidence: attach at least one file.")
            )
        return cleaned


class ReinspectForm(forms.Form):
    """Re-inspect an answered item: closes it, or re-opens it when poor."""

    round = forms.ModelChoiceField(
        label=_("Inspection round"),
        queryset=InspectionRound.objects.none(),
        error_messages={
            "required": _("Choose the open inspection round to record it in.")
        },
    )
    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Finding.Rating.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What the re-inspection found"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Describe what the re-inspection found.")},
    )
    found_on = forms.DateField(label=_("Date"), widget=_date_widget())
    inspector = forms.ModelChoiceField(
        label=_("Inspector"), queryset=Person.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("New deadline (if poor)"), required=False, widget=_date_widget()
    )

    def __init__(self, *args, campaign: Campaign, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        rounds = InspectionRound.objects.filter(
            campaign=campaign, status=InspectionRound.Status.OPEN
        ).select_related("campaign")
        self.fields["round"].queryset = rounds
        if len(rounds) == 1:
            self.fields["round"].initial = rounds[0].pk
        self.fields["inspector"].queryset = inspectors(campaign)
        self.helper = _helper(
            _("Record the re-inspection"),
            testid="rectification-reinspect",
            action=action,
        )

    def clean_found_on(self):
        return _not_future(self.cleaned_data.get("found_on"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rating") == Finding.Rating.POOR:
            deadline = cleaned.get("deadline")
            if deadline is None:
                self.add_error(
                    "deadline",
                    _("A poor re-inspection re-opens the item: set a new deadline."),
                )
            elif deadline <= timezone.localdate():
                self.add_error("deadline", _("The deadline must be after today."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why re-open it?"),
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Say why the item is re-opened.")},
    )
    deadline = forms.DateField(label=_("New deadline"), widget=_date_widget())

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _("Re-open the item"), testid="rectification-reopen", action=action
        )

    def clean_deadline(self):
        return _after_today(self.cleaned_data.get("deadline"))


class HelpItemForm(forms.Form):
    """Plan help and guidance (帮助指导) for an average unit."""

    what = forms.CharField(
        label=_("What help"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Say what help the unit gets.")},
    )
    helper_person = forms.ModelChoiceField(
        label=_("Who helps"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose who gives the help.")},
    )
    due_on = forms.DateField(label=_("By"), required=False, widget=_date_widget())

    def __init__(self, *args, campaign: Campaign, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper_person"].queryset = campaign_people(campaign)
        self.helper = _helper(_("Plan the help"), testid="help-form", action=action)

    def clean_due_on(self):
        value = self.cleaned_data.get("due_on")
        if value and value < timezone.localdate():
            raise ValidationError(_("The date lies in the past."), code="past")
        return value


class HelpMoveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (HelpItem.Status.UNDERWAY, HelpItem.Status.UNDERWAY.label),
            (HelpItem.Status.DONE, HelpItem.Status.DONE.label),
        ],
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"), testid="help-move", action=action)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == HelpItem.Status.DONE
            and not (cleaned.get("outcome") or "").strip()
        ):
            self.add_error("outcome", _("Say what the help achieved."))
        return cleaned
