"""Forms of the assessment of leading bodies: they validate and clean only."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.assessment.services import MAX_ACHIEVEMENTS, MAX_ITEMS
from evaluations.models import AssessmentItem

POINTS_ERROR = _("Enter points from 0 to 100.")
WEIGHT_ERROR = _("Enter a weight from 0 to 100.")
SOURCE_ERROR = _("Choose where the item's value comes from.")


def _points(label, *, required=False, initial=None, error=POINTS_ERROR):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=initial,
        error_messages={
            "invalid": error,
            "min_value": error,
            "max_value": error,
            "max_digits": error,
            "max_decimal_places": error,
            "required": error,
        },
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
    )


class ItemsForm(forms.Form):
    """The items with their weights and sources, and the grade thresholds.

    One row per existing item and two empty rows to add items; a row left without a
    name is dropped."""

    excellent = _points(_("Excellent from"), required=True)
    good = _points(_("Good from"), required=True)
    average = _points(_("Fair from"), required=True)

    def __init__(self, *args, items: list[AssessmentItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        count = min(MAX_ITEMS, len(items) + 2)
        for n in range(count):
            item = items[n] if n < len(items) else None
            self.fields[f"id_{n}"] = forms.IntegerField(
                required=False,
                widget=forms.HiddenInput,
                initial=item.pk if item else None,
            )
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("Item"),
                required=False,
                max_length=100,
                initial=item.name if item else "",
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"source_{n}"] = forms.ChoiceField(
                label=_("Source"),
                required=False,
                choices=AssessmentItem.Source.choices,
                initial=item.source if item else AssessmentItem.Source.MARKS,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"weight_{n}"] = _points(
                _("Weight"), initial=item.weight if item else None, error=WEIGHT_ERROR
            )
            self.rows.append(n)

    def clean(self):
        data = super().clean()
        for n in self.rows:
            name = (data.get(f"name_{n}") or "").strip()
            if name and not data.get(f"source_{n}"):
                self.add_error(f"source_{n}", SOURCE_ERROR)
            if (
                name
                and data.get(f"weight_{n}") is None
                and not self.has_error(f"weight_{n}")
            ):
                self.add_error(f"weight_{n}", WEIGHT_ERROR)
        return data

    def items(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "id": data.get(f"id_{n}"),
                "name": data.get(f"name_{n}") or "",
                "source": data.get(f"source_{n}"),
                "weight": data.get(f"weight_{n}") or Decimal(0),
            }
            for n in self.rows
            if (data.get(f"name_{n}") or "").strip()
        ]

    def row_fields(self):
        """Each row's bound fields, for the template."""
        return [
            {
                "id": self[f"id_{n}"],
                "name": self[f"name_{n}"],
                "source": self[f"source_{n}"],
                "weight": self[f"weight_{n}"],
            }
            for n in self.rows
        ]

    def thresholds(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("excellent", "good", "average")}


class MarksForm(forms.Form):
    """The points (0–100) of each marked item."""

    def __init__(self, *args, items: list[AssessmentItem], marks: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids = []
        for item in items:
            if item.source != AssessmentItem.Source.MARKS:
                continue
            self.fields[f"item_{item.pk}"] = _points(
                item.name, initial=(marks or {}).get(str(item.pk))
            )
            self.item_ids.append(item.pk)

    def marks(self) -> dict:
        return {pk: self.cleaned_data.get(f"item_{pk}") for pk in self.item_ids}


class AchievementsForm(forms.Form):
    """The body's achievements (实绩材料)."""

    achievements = forms.CharField(
        label=_("Achievements (实绩材料)"),
        max_length=MAX_ACHIEVEMENTS,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
        error_messages={"required": _("Write the body's achievements.")},
    )
