"""Forms for units, people and roles: validate and clean only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from organizations.models import BranchCategory, Organization, Person, Role


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class UnitForm(forms.ModelForm):
    """Create or edit an organisation unit."""

    class Meta:
        model = Organization
        fields = ["name", "kind", "category", "department", "led_by", "order"]

    def __init__(self, *args, institute: Organization, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["category"].queryset = BranchCategory.objects.filter(
            institute=institute
        )
        units = Organization.objects.filter(institute=institute, is_active=True)
        self.fields["department"].queryset = units.filter(
            kind=Organization.Kind.DEPARTMENT
        )
        self.fields["led_by"].queryset = units.filter(
            kind__in=[
                Organization.Kind.PARTY_COMMITTEE,
                Organization.Kind.GENERAL_BRANCH,
                Organization.Kind.BRANCH,
            ]
        )
        if self.instance.pk:
            self.fields["kind"].disabled = True
        self.helper = _helper(_("Save"))

    def clean(self):
        cleaned = super().clean()
        if self.parent is not None:
            self.instance.parent = self.parent
        return cleaned

    def _update_errors(self, errors):
        # The model's rule about where a unit may sit names ``parent``, which is not a
        # field here: show it above the form instead of failing.
        if hasattr(errors, "error_dict") and "parent" in errors.error_dict:
            errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(
                errors.error_dict.pop("parent")
            )
        super()._update_errors(errors)


class MoveForm(forms.Form):
    """Choose a new parent for a unit."""

    new_parent = forms.ModelChoiceField(
        label=_("New parent unit"), queryset=Organization.objects.none()
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = units
        self.helper = _helper(_("Move"))


class MergeForm(forms.Form):
    """Choose the unit another one is merged into."""

    target = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Organization.objects.none()
    )
    confirm = forms.BooleanField(
        label=_("I understand that people, units and roles move to the chosen unit."),
        error_messages={"required": _("Tick the box to confirm the merge.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = units
        self.helper = _helper(_("Merge"))


class PersonForm(forms.ModelForm):
    """Edit a person's roster entry."""

    class Meta:
        model = Person
        fields = [
            "name",
            "staff_no",
            "gender",
            "department",
            "position",
            "political_status",
            "branch",
            "party_joined_on",
            "email",
            "is_active",
        ]
        widgets = {"party_joined_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, institute: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.institute = institute
        units = Organization.objects.filter(institute=institute, is_active=True)
        self.fields["department"].queryset = units.filter(
            kind=Organization.Kind.DEPARTMENT
        )
        self.fields["branch"].queryset = units.filter(kind=Organization.Kind.BRANCH)
        self.helper = _helper(_("Save"))

    def clean_is_active(self):
        """The activity office's last member stays on the roster (as its role stays:
        ``services.role_revoke``): off it, nobody could run the campaign."""
        from organizations.services import last_office_member

        active = self.cleaned_data["is_active"]
        if not active and self.instance.pk:
            office = self.instance.roles.filter(kind=Role.Kind.OFFICE)
            if any(last_office_member(r) for r in office):
                raise forms.ValidationError(
                    _(
                        "%(name)s is the activity office's last member and stays "
                        "active: give the office role to someone else first."
                    )
                    % {"name": self.instance.name}
                )
        return active


class RoleForm(forms.Form):
    """Give a person a role at a unit."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    kind = forms.ChoiceField(label=_("Role"), choices=Role.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=50, required=False)

    def __init__(self, *args, unit: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            institute_id=unit.institute_id, is_active=True
        )
        self.fields["kind"].choices = [
            (k, label)
            for k, label in Role.Kind.choices
            if unit.kind in Role.NODE_KINDS[Role.Kind(k)]
        ]
        self.helper = _helper(_("Add role"))
