"""Lines and items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import Grade, ScoringLine
from evaluations.scoring.forms.common import PointsField, _helper
from pledges.models import CriteriaSet, Criterion


class LineForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ScoringLine.Kind.choices)
    criterion = forms.ModelChoiceField(
        label=_("item"), queryset=Criterion.objects.none(), required=False
    )
    text = forms.CharField(label=_("content and indicator"), max_length=300)
    rubric = forms.CharField(
        label=_("rubric (评分标准)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    max_points = PointsField(label=_("maximum points"))
    grade_cap = forms.ChoiceField(
        label=_("grade at most (veto lines)"),
        choices=[
            ("", "—"),
            (Grade.AVERAGE, Grade.AVERAGE.label),
            (Grade.POOR, Grade.POOR.label),
        ],
        required=False,
    )
    order = forms.IntegerField(
        label=_("order"), min_value=0, max_value=999, required=False
    )

    def __init__(self, *args, criteria_set: CriteriaSet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria_set.criteria.order_by("code")
        self.fields["criterion"].label_from_instance = lambda c: f"{c.code} {c.name}"
        self.helper = _helper(_("Save"))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == ScoringLine.Kind.REGULAR and not data.get("criterion"):
            self.add_error("criterion", _("Choose the item this line scores."))
        if kind in (
            ScoringLine.Kind.REGULAR,
            ScoringLine.Kind.BONUS,
            ScoringLine.Kind.PENALTY,
        ):
            points = data.get("max_points")
            if "max_points" not in self.errors and (points is None or points <= 0):
                self.add_error(
                    "max_points",
                    _("Give the maximum points, more than 0."),
                )
        if kind == ScoringLine.Kind.VETO and not data.get("grade_cap"):
            self.add_error(
                "grade_cap", _("Choose the best grade a vetoed unit can get.")
            )
        if kind != ScoringLine.Kind.VETO and data.get("grade_cap"):
            self.add_error("grade_cap", _("Only a veto line caps the grade."))
        return data


class CriterionPointsForm(forms.Form):
    max_points = PointsField(
        label=_("maximum points"),
        help_text=_("Leave empty to count the points of its lines as they are."),
    )
    weight = PointsField(
        label=_("weight"),
        help_text=_(
            "Leave every item's weight empty to add points; give weights to average items."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean_max_points(self):
        value = self.cleaned_data["max_points"]
        if value is not None and value <= 0:
            raise forms.ValidationError(
                _("Maximum points must be more than 0, or left empty.")
            )
        return value

    def clean_weight(self):
        value = self.cleaned_data["weight"]
        if value is not None and value < 0:
            raise forms.ValidationError(_("A weight cannot be negative."))
        return value


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the frozen set change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Reopen for editing"))


class SnapshotForm(forms.Form):
    label = forms.CharField(label=_("label"), max_length=200, required=False)
