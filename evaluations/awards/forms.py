"""Forms of the award selection and phases 3 to 5: they validate and clean only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import IdsField
from evaluations.awards import selectors
from evaluations.awards.services import MAX_DEEDS, MAX_QUOTA, MAX_REASON, MAX_REPORT
from evaluations.inspections.forms import MultipleFileField
from organizations.models import Organization, Person
from pledges.models import Campaign, CriteriaSet

QUOTA_ERROR = _("Enter a whole number from 0 to 1000.")
BOTH_ERROR = _(
    "Set either one quota for all categories or quotas per category, not both."
)
REASON_REQUIRED = _("Give a reason for this change.")


def _helper(label, name="submit") -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit(name, label))
    return helper


def quota_field_name(set_id: int, category_key: str) -> str:
    return f"q_{set_id}_{category_key.replace(':', '_') or 'all'}"


class QuotaForm(forms.Form):
    """One number per title and category group (表彰名额)."""

    def __init__(self, *args, groups: list[dict], quotas: list, **kwargs):
        super().__init__(*args, **kwargs)
        current = {(q.criteria_set_id, q.category_key): q.count for q in quotas}
        self.groups = []
        for group in groups:
            criteria_set = group["set"]
            cells = []
            for key, label in group["groups"]:
                name = quota_field_name(criteria_set.pk, key)
                self.fields[name] = forms.IntegerField(
                    label=label or _("All categories"),
                    required=False,
                    min_value=0,
                    max_value=MAX_QUOTA,
                    initial=current.get((criteria_set.pk, key)),
                    error_messages={
                        "invalid": QUOTA_ERROR,
                        "min_value": QUOTA_ERROR,
                        "max_value": QUOTA_ERROR,
                    },
                    widget=forms.NumberInput(
                        attrs={"class": "form-control form-control-sm", "min": 0}
                    ),
                )
                cells.append((key, name))
            self.groups.append({"set": criteria_set, "cells": cells})

    def clean(self):
        data = super().clean()
        for group in self.groups:
            all_name = group["cells"][0][1]
            per_category = [name for key, name in group["cells"][1:] if data.get(name)]
            if data.get(all_name) and per_category:
                self.add_error(all_name, BOTH_ERROR)
        return data

    def bound_groups(self) -> list[dict]:
        return [
            {
                "set": g["set"],
                "cells": [(key, self[name]) for key, name in g["cells"]],
            }
            for g in self.groups
        ]

    def counts(self) -> dict[tuple[int, str], int | None]:
        return {
            (g["set"].pk, key): self.cleaned_data.get(name)
            for g in self.groups
            for key, name in g["cells"]
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args, submit_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(submit_label or _("Save"))


class CandidateAddForm(forms.Form):
    """The office adds a unit or person to the list for a title, with a reason."""

    criteria_set = forms.ModelChoiceField(
        label=_("Title"),
        queryset=CriteriaSet.objects.none(),
        error_messages={"required": _("Choose the title.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Unit (for an organisation's title)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    staff_no = forms.CharField(
        label=_("Staff number (for a person's title)"), max_length=32, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["criteria_set"].queryset = campaign.criteria_sets.order_by(
            "order", "pk"
        )
        self.fields["criteria_set"].label_from_instance = lambda s: s.title
        self.fields["unit"].queryset = (
            Organization.objects.filter(
                path__startswith=campaign.scope.path,
                is_active=True,
                kind__in=[Organization.Kind.BRANCH, *sorted(Organization.MASS_KINDS)],
            )
            .select_related("parent")
            .order_by("path")
        )
        self.helper = _helper(_("Add to the list"))

    def clean(self):
        data = super().clean()
        criteria_set = data.get("criteria_set")
        if criteria_set is None:
            return data
        if criteria_set.audience == CriteriaSet.Audience.UNIT:
            if not data.get("unit"):
                self.add_error("unit", _("Choose the unit to commend."))
            data["person"] = None
            return data
        data["unit"] = None
        staff_no = (data.get("staff_no") or "").strip()
        if not staff_no:
            self.add_error(
                "staff_no", _("Enter the staff number of the person to commend.")
            )
            return data
        person = (
            Person.objects.filter(
                staff_no=staff_no,
                is_active=True,
                institute__path__startswith=getattr(
                    self, "person_path", self.campaign.scope.path
                ),
            )
            .select_related("institute", "branch")
            .first()
        )
        if person is None:
            self.add_error(
                "staff_no",
                _("No person in service has the staff number %(no)s.")
                % {"no": staff_no},
            )
        data["person"] = person
        return data


class NominationForm(forms.Form):
    """Nomination form (推荐表) with the deeds (先进事迹)."""

    deeds = forms.CharField(
        label=_("Deeds (先进事迹)"),
        max_length=MAX_DEEDS,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Write the deeds (先进事迹) of the nominee.")},
    )
    recommendation = forms.CharField(
        label=_("Recommendation (推荐意见)"), max_length=500, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the nomination"))


class SignOffForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    declare_conflict = forms.BooleanField(
        label=_("I declare this conflict of interest and sign off all the same."),
        required=False,
    )


class DutyReportForm(forms.Form):
    text = forms.CharField(
        label=_("Report (述职述廉)"),
        max_length=MAX_REPORT,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("Write your report.")},
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ModelPostForm(forms.Form):
    """Designate a member model post (党员示范岗)."""

    staff_no = forms.CharField(
        label=_("Staff number of the party member"),
        max_length=32,
        error_messages={"required": _("Enter the staff number of the party member.")},
    )
    post_name = forms.CharField(
        label=_("Post"),
        max_length=100,
        error_messages={"required": _("Name the post.")},
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    since = forms.DateField(
        label=_("Since"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the day the post starts."),
            "invalid": _("Enter a date as YYYY-MM-DD."),
        },
    )
    ended_on = forms.DateField(
        label=_("Ended on"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD.")},
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.helper = _helper(_("Save"))

    def clean_staff_no(self):
        staff_no = self.cleaned_data["staff_no"].strip()
        person = (
            selectors.model_post_people(self.campaign)
            .select_related("branch")
            .filter(staff_no=staff_no)
            .first()
        )
        if person is None:
            raise ValidationError(
                _("No party member in service has the staff number %(no)s.")
                % {"no": staff_no}
            )
        self.cleaned_data["person"] = person
        return staff_no

    def clean(self):
        data = super().clean()
        since, ended = data.get("since"), data.get("ended_on")
        if since and ended and ended < since:
            self.add_error("ended_on", _("A post cannot end before it starts."))
        return data


class ExchangeForm(forms.Form):
    """Record an experience-exchange session (经验交流)."""

    held_on = forms.DateField(
        label=_("Held on"),
        widget=DateInput(),
        error_messages={
            "required": _("Give the day the session was held."),
            "invalid": _("Enter a date as YYYY-MM-DD."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the session a title.")},
    )
    units = IdsField(
        label=_("Units presenting"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Summarise what was exchanged.")},
    )
    files = MultipleFileField(
        label=_("Files (optional)"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )
    remove_files = IdsField(
        label=_("Remove files"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, campaign: Campaign, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = selectors.exchange_units(campaign)
        if session is not None and session.files.exists():
            self.fields["remove_files"].queryset = session.files.all()
        else:
            del self.fields["remove_files"]
        self.helper = _helper(_("Save"))
