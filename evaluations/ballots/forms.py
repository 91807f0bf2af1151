"""Forms of the secret evaluation: rounds, rules, questions, slips and the ballot."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations.ballots.services import (
    EDITABLE_WHEN_OPEN,
    MAX_COMMENT,
    code_normalise,
)
from evaluations.models import Question, Round, TargetRule
from organizations.models import Organization, Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def campaign_model():
    """pledges.Campaign when the pledges app has it (it does in this project)."""
    try:
        return apps.get_model("pledges", "Campaign")
    except LookupError:
        return None


def can_copy_criteria() -> bool:
    """Whether the pledges app offers criteria sets to copy questions from."""
    try:
        apps.get_model("pledges", "CriteriaSet")
    except LookupError:
        return False
    return True


SCOPE_KINDS = (
    Organization.Kind.INSTITUTE,
    Organization.Kind.PARTY_COMMITTEE,
    Organization.Kind.GENERAL_BRANCH,
)


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "kind",
            "title",
            "scope",
            "campaign",
            "opens_on",
            "closes_on",
            "k",
            "instructions",
        ]
        widgets = {"opens_on": DATE, "closes_on": DATE}

    def __init__(self, *args, institute_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = Organization.objects.filter(
            institute_id__in=institute_ids, kind__in=SCOPE_KINDS, is_active=True
        ).order_by("path")
        Campaign = campaign_model()
        if Campaign is not None:
            self.fields["campaign"].queryset = Campaign.objects.filter(
                scope__institute_id__in=institute_ids
            ).order_by("-year")
        self.fields["opens_on"].input_formats = ["%Y-%m-%d"]
        self.fields["closes_on"].input_formats = ["%Y-%m-%d"]
        self.fields["instructions"].widget.attrs["rows"] = 3
        # The electorate panel (who can vote) follows the scope and the kind.
        electorate_url = reverse("evaluations:electorate")
        if self.instance.pk:
            electorate_url += f"?round={self.instance.pk}"
        for name in ("scope", "kind"):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": electorate_url,
                    "hx-trigger": "change",
                    "hx-target": "#electorate",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name=scope],[name=kind]",
                    # Both fields fill one panel: the latest change wins (an older
                    # answer arriving late must not show another scope's voters).
                    "hx-sync": "closest form:replace",
                }
            )
        if self.instance.pk and not self.instance.is_draft:
            # What may still change follows the service (round_update).
            editable = EDITABLE_WHEN_OPEN if self.instance.is_open else set()
            for name, field in self.fields.items():
                if name not in editable:
                    field.disabled = True
        self.helper = _helper(_("Save"))

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error(
                "closes_on", _("The window must close on or after the day it opens.")
            )
        return data

    def _post_clean(self):
        # The service validates the model; the form only cleans the input.
        pass


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the round cancelled?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the round and shown on its page."),
        error_messages={
            "required": _("Say why the round is cancelled."),
            "max_length": _("Keep the reason under %(limit_value)d characters."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Cancel the round"))
        self.helper.inputs[0].field_classes = "btn btn-danger"


class RuleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rule"), choices=TargetRule.Kind.choices)
    voters = forms.ChoiceField(
        label=_("Who votes"),
        choices=TargetRule.Voters.choices,
        initial=TargetRule.Voters.EVERYONE,
    )
    unit = forms.ModelChoiceField(
        label=_("Unit rated"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Only for “everyone in scope rates this unit”."),
    )
    staff_no = forms.CharField(
        label=_("Staff number of the person rated"),
        max_length=32,
        required=False,
        help_text=_("Only for “everyone in scope rates this person”."),
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["unit"].queryset = Organization.objects.filter(
            path__startswith=round.scope.path,
            is_active=True,
            kind__in=[
                Organization.Kind.BRANCH,
                Organization.Kind.GENERAL_BRANCH,
                Organization.Kind.DEPARTMENT,
                *Organization.MASS_KINDS,
            ],
        ).order_by("path")
        self.helper = _helper(_("Add rule"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == TargetRule.Kind.FIXED_UNIT and not data.get("unit"):
            self.add_error("unit", _("Choose the unit everyone rates."))
        data["person"] = None
        if kind == TargetRule.Kind.FIXED_PERSON:
            staff_no = (data.get("staff_no") or "").strip()
            person = (
                Person.objects.filter(
                    institute_id=self.round.institute_id,
                    staff_no=staff_no,
                    is_active=True,
                ).first()
                if staff_no
                else None
            )
            if person is None:
                self.add_error(
                    "staff_no",
                    _("No person in service has this staff number. Check the roster."),
                )
            data["person"] = person
        return data


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["section", "code", "text", "order"]

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.helper = _helper(_("Save"))

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = Question.objects.filter(round=self.round, code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Another question of this round has this code. Choose another.")
            )
        return code


class CopyCriteriaForm(forms.Form):
    criteria_set = forms.ModelChoiceField(
        label=_("Criteria set"), queryset=None, empty_label=None
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        CriteriaSet = apps.get_model("pledges", "CriteriaSet")
        sets = CriteriaSet.objects.filter(
            campaign__scope__institute_id=round.institute_id
        )
        if round.campaign_id:
            sets = sets.filter(campaign_id=round.campaign_id)
        self.fields["criteria_set"].queryset = sets.select_related("campaign")
        self.helper = _helper(_("Copy as questions"))


class SlipForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Department"),
        queryset=None,
        help_text=_(
            "One slip for each person of the department without an account who has "
            "neither voted nor been given a slip; handing it out uses up their vote."
        ),
        error_messages={"required": _("Choose a department.")},
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(
            kind=Organization.Kind.DEPARTMENT,
            is_active=True,
            path__startswith=round.scope.path,
        ).order_by("path")
        self.helper = _helper(_("Generate and print"))


class BallotForm(forms.Form):
    """One questionnaire for one target: a rating per question and a comment."""

    def __init__(self, *args, round: Round, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=round.scale_choices(),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a rating for this question."),
                    "invalid_choice": _("Choose one of the ratings shown."),
                },
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment (optional)"),
            required=False,
            max_length=MAX_COMMENT,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={
                "max_length": _("Keep the comment under %(limit_value)d characters.")
            },
        )

    def rows(self):
        return [(question, self[f"q{question.pk}"]) for question in self.questions]

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data[f"q{q.pk}"] for q in self.questions}


class SlipCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code on your slip"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Type the code printed on your slip.")},
    )

    def clean_code(self):
        return code_normalise(self.cleaned_data["code"])


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Type the receipt code you noted down.")},
    )

    def clean_code(self):
        return code_normalise(self.cleaned_data["code"])
