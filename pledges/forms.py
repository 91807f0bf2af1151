"""Forms for campaigns, plans, pledges, comments and progress: validate and clean only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.converters import BIGINT_MAX
from pledges.models import Campaign, Criterion, PlanTemplate, ProgressStatus
from pledges.uploads import check_upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper(label=None, *, tag=True) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = tag
    if tag:
        helper.add_input(Submit("submit", label or _("Save")))
    return helper


class CampaignForm(forms.ModelForm):
    """Create or edit a campaign year: theme, the five phases, the calendar, settings."""

    scope = forms.ModelChoiceField(
        label=_("Held at"), queryset=None, required=False, empty_label=None
    )

    class Meta:
        model = Campaign
        fields = [
            "year",
            "theme",
            *Campaign.DATE_FIELDS,
            "news_check_day",
            "min_ballots",
            "separate_duties",
            "is_active",
        ]
        widgets = {f: DateInput() for f in Campaign.DATE_FIELDS}

    def __init__(self, *args, institutes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or institutes is None:
            del self.fields["scope"]
        else:
            self.fields["scope"].queryset = institutes
            self.fields["scope"].required = True
        self.helper = _helper(tag=False)

    def phase_fields(self):
        """Bound fields grouped per phase, for the template's table."""
        return [
            (n, self[f"phase{n}_start"], self[f"phase{n}_end"]) for n in range(1, 6)
        ]


class TemplateForm(forms.ModelForm):
    """The office edits a category's template (分类指导)."""

    measures = forms.CharField(
        label=_("Default measures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One measure per line."),
    )

    class Meta:
        model = PlanTemplate
        fields = ["focus", "targets", "pledge_plans", "pledge_direction"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ["focus", "targets", "pledge_plans", "pledge_direction"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["measures"] = "\n".join(
                self.instance.measures.values_list("text", flat=True)
            )
        self.helper = _helper()

    def clean_measures(self):
        lines = [line.strip() for line in self.cleaned_data["measures"].splitlines()]
        too_long = [line for line in lines if len(line) > 300]
        if too_long:
            raise ValidationError(_("Keep each measure under 300 characters."))
        return [line for line in lines if line]


class CriterionForm(forms.Form):
    """Add an item (or sub-item) to a criteria set."""

    name = forms.CharField(label=_("Item"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Under item"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )

    def __init__(self, *args, criteria_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = criteria_set.criteria.filter(
            parent__isnull=True
        )
        self.helper = _helper(_("Add"))


class _RowForm(forms.Form):
    """A child row (measure, milestone, committed item) with its id and a delete box."""

    id = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=BIGINT_MAX
    )
    DELETE = forms.BooleanField(label=_("Remove"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["DELETE"] = self.fields.pop("DELETE")  # the last column

    def row(self) -> dict | None:
        """The row for the service, or None for an untouched blank row."""
        data = self.cleaned_data
        if not data or (not data.get("id") and not self.has_changed()):
            return None
        if data.get("DELETE"):
            return {"id": data.get("id"), "delete": True} if data.get("id") else None
        return data


MAX_ROWS = 50


class _RowFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": _(
            "A list holds at most %(num)d rows. Remove some rows, or reload the page if "
            "it was sent with more."
        ),
    }

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if not form.cleaned_data.get("id") and not form.has_changed():
                continue
            for name, field in form.fields.items():
                if getattr(field, "row_required", False) and not form.cleaned_data.get(
                    name
                ):
                    form.add_error(name, _("Fill this in, or tick Remove."))

    def rows(self) -> list[dict]:
        return [row for form in self.forms if (row := form.row()) is not None]


def _row_formset(form):
    """Rows of a form; ``absolute_max`` caps the forms built whatever ``TOTAL_FORMS``
    claims (Django's default builds up to a thousand more, a cheap way to tie a worker
    up), and a count above it is refused with the message above."""
    return forms.formset_factory(
        form,
        formset=_RowFormSet,
        extra=2,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


def _row_field(field):
    """Row fields are optional for blank rows and required once the row is used."""
    field.required = False
    field.row_required = True
    return field


class PlanForm(forms.Form):
    """The main text of a striving plan (争创计划)."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=BIGINT_MAX
    )
    focus = forms.CharField(
        label=_("Focus (争创重点)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    targets = forms.CharField(
        label=_("Target results (效果目标)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class MeasureForm(_RowForm):
    """One measure (具体措施) with its owner and due date."""

    text = _row_field(forms.CharField(label=_("Measure"), max_length=300))
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label="—"
    )
    due_on = _row_field(forms.DateField(label=_("Due date"), widget=DateInput()))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people


class MilestoneForm(_RowForm):
    """One milestone (时间进度)."""

    due_on = _row_field(forms.DateField(label=_("Date"), widget=DateInput()))
    text = _row_field(forms.CharField(label=_("What is due"), max_length=300))


MeasureFormSet = _row_formset(MeasureForm)
MilestoneFormSet = _row_formset(MilestoneForm)


class PledgeForm(forms.Form):
    """The main text of a member's pledge (承诺书)."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=BIGINT_MAX
    )
    plans = forms.CharField(
        label=_("Concrete plans (具体打算)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    direction = forms.CharField(
        label=_("Direction of effort (努力方向)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PledgeItemForm(_RowForm):
    """One committed item (承诺事项): a measurable target, due date and its 带头."""

    text = _row_field(forms.CharField(label=_("Committed item"), max_length=300))
    target = _row_field(forms.CharField(label=_("Measurable target"), max_length=300))
    due_on = _row_field(forms.DateField(label=_("Due date"), widget=DateInput()))
    criterion = forms.ModelChoiceField(
        label=_("Serves (带头)"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, criteria=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria
        if criteria is not None and criteria.exists():
            self.fields["criterion"].row_required = True


PledgeItemFormSet = _row_formset(PledgeItemForm)


class ReturnForm(forms.Form):
    """Why a plan or pledge goes back to its filer."""

    reason = forms.CharField(
        label=_("Reason for return"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say why it is returned, so the filer knows what to change.")
        },
    )


class CommentForm(forms.Form):
    """A supervision comment (群众监督意见), optionally anonymous."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write your comment first.")},
    )
    anonymous = forms.BooleanField(
        label=_("Comment anonymously (your name is not stored)"), required=False
    )


class AnswerForm(forms.Form):
    """The secretary's answer to a comment."""

    text = forms.CharField(
        label=_("Answer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the answer first.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several evidence files, each checked by content and size."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors, cleaned = [], []
        for f in files:
            try:
                f = super().clean(f, initial)
                check_upload(f)
                cleaned.append(f)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned


class ProgressForm(forms.Form):
    """A progress report (践诺情况) with evidence files."""

    status = forms.ChoiceField(label=_("Status"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(
        label=_("Percent done"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Give a percentage from 0 to 100."),
            "max_value": _("Give a percentage from 0 to 100."),
        },
    )
    text = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say briefly what was done.")},
    )
    files = EvidenceField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Images, PDF or Office documents; several at once are fine."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Report progress"))
        self.helper.form_enctype = "multipart/form-data"
        self.helper.attrs = {"enctype": "multipart/form-data"}
