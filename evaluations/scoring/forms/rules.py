"""Rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import ScoringRule
from evaluations.scoring.forms.common import _helper, _number
from evaluations.scoring.services import rule_check

POINT_MAPS = {
    "inspection_points": ("good", "average", "poor"),
    "daitou_points": ("good", "fair", "average", "poor"),
}


RATING_LABELS = {
    "good": _("Good"),
    "fair": _("Fairly good"),
    "average": _("Average"),
    "poor": _("Poor"),
}


class RuleForm(forms.ModelForm):
    """Weights, bonus limits, grade thresholds and points of one audience."""

    class Meta:
        model = ScoringRule
        fields = [
            "weight_office",
            "weight_self",
            "weight_inspection",
            "weight_mass",
            "weight_democratic",
            "weight_daitou",
            "bonus_factor",
            "bonus_limit",
            "penalty_limit",
            "excellent_min",
            "good_min",
            "average_min",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = self.instance
        sources = ScoringRule.SOURCES[rule.audience]
        for source in ("office", "self", "inspection", "mass", "democratic", "daitou"):
            if source not in sources:
                del self.fields[f"weight_{source}"]
        if rule.audience == ScoringRule.Audience.PERSON:
            for name in ("bonus_factor", "bonus_limit", "penalty_limit"):
                del self.fields[name]
        for field, keys in POINT_MAPS.items():
            if (
                field == "inspection_points"
                and rule.audience == ScoringRule.Audience.PERSON
            ):
                continue
            if field == "daitou_points" and rule.audience == ScoringRule.Audience.UNIT:
                continue
            for key in keys:
                self.fields[f"{field}__{key}"] = forms.DecimalField(
                    label=_("%(what)s: %(rating)s")
                    % {
                        "what": ScoringRule._meta.get_field(field).verbose_name,
                        "rating": RATING_LABELS[key],
                    },
                    min_value=0,
                    max_value=100,
                    decimal_places=2,
                    initial=(getattr(rule, field) or {}).get(key),
                )
        scale = sorted(rule.ballot_points or {}, key=lambda k: -int(k))
        for value in scale or ["4", "3", "2", "1"]:
            self.fields[f"ballot_points__{value}"] = forms.DecimalField(
                label=_("Points for ballot rating %(value)s") % {"value": value},
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=(rule.ballot_points or {}).get(value),
            )
        self.helper = _helper(_("Save"))

    def clean(self):
        data = super().clean()
        rule = self.instance
        for field in ("inspection_points", "daitou_points", "ballot_points"):
            keys = [
                k.split("__", 1)[1] for k in self.fields if k.startswith(f"{field}__")
            ]
            if keys and all(data.get(f"{field}__{k}") is not None for k in keys):
                setattr(rule, field, {k: _number(data[f"{field}__{k}"]) for k in keys})
        if self.errors:
            return data
        for name in self.Meta.fields:
            if name in data:
                setattr(rule, name, data[name])
        try:
            rule_check(rule)
        except forms.ValidationError as error:
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None
                self.add_error(target, errors)
        return data

    def changes(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name in self.cleaned_data
        }
        for field in ("inspection_points", "daitou_points", "ballot_points"):
            data[field] = getattr(self.instance, field)
        return data
