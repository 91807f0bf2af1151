"""Forms of the scoring sheet, the scoring rules and the 五带头 assessment.

Forms validate and clean only; the mark checks are the services' own (``mark_check``),
so a form and a service refuse the same input with the same words.
"""

from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import DaitouRating, Grade, ScoringLine, ScoringRule, SheetMark
from evaluations.scoring.services import MAX_COMMENT, mark_check, plain, rule_check
from pledges.models import CriteriaSet, Criterion


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


def _points(value: str):
    """Parse points typed by a person: empty → None, else a Decimal or an error."""
    value = (value or "").strip().replace("，", ".").replace(",", ".")
    if not value:
        return None
    try:
        points = Decimal(value)
    except InvalidOperation:
        raise forms.ValidationError(_("Type a number, e.g. 8 or 7.5.")) from None
    if not points.is_finite() or points.as_tuple().exponent < -2:
        raise forms.ValidationError(_("Use at most two decimal places."))
    if abs(points) >= 10000:
        raise forms.ValidationError(_("Type a number below 10000."))
    return points


def _number(value: Decimal) -> int | float:
    """A points figure as the JSON maps keep it: 100, not 100.0."""
    return int(value) if value == value.to_integral_value() else float(value)


class PointsField(forms.CharField):
    """Points as typed: blank allowed, at most two decimals."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "class": "form-control form-control-sm"}
        )

    def clean(self, value):
        return _points(super().clean(value))


# ---------------------------------------------------------------------------------------
# Rules


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


# ---------------------------------------------------------------------------------------
# Lines and items


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


# ---------------------------------------------------------------------------------------
# Marks


class MarksForm(forms.Form):
    """Marks of one side (self or office) of a sheet: a group of fields per line."""

    def __init__(
        self, *args, lines, source: str, evidence_choices, marks: dict, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.lines = lines
        self.source = source
        office = source == SheetMark.Source.OFFICE
        for line in lines:
            mark = marks.get(line.pk)
            pk = line.pk
            if line.is_veto:
                if not office:
                    continue
                self.fields[f"triggered_{pk}"] = forms.BooleanField(
                    label=_("applies"),
                    required=False,
                    initial=bool(mark and mark.triggered),
                )
            else:
                self.fields[f"points_{pk}"] = PointsField(
                    label=_("points (at most %(max)s)")
                    % {"max": plain(line.max_points)},
                    initial=plain(mark.points)
                    if mark and mark.points is not None
                    else "",
                )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("comment"),
                required=False,
                max_length=MAX_COMMENT,
                initial=mark.comment if mark else "",
                widget=forms.Textarea(
                    attrs={"rows": 2, "class": "form-control form-control-sm"}
                ),
            )
            if office and not line.is_veto:
                self.fields[f"poor_{pk}"] = forms.BooleanField(
                    label=_("completed poorly"),
                    required=False,
                    initial=bool(mark and mark.poor),
                )
            self.fields[f"evidence_{pk}"] = forms.MultipleChoiceField(
                label=_("evidence"),
                required=False,
                choices=evidence_choices,
                initial=getattr(mark, "evidence_keys", []) if mark else [],
                widget=forms.SelectMultiple(
                    attrs={"class": "form-select form-select-sm", "size": 3}
                ),
            )

    def clean(self):
        data = super().clean()
        for line in self.lines:
            pk = line.pk
            if line.is_veto and f"triggered_{pk}" not in self.fields:
                continue
            if f"points_{pk}" in self.errors:
                continue
            for field, message in mark_check(
                line=line,
                points=data.get(f"points_{pk}"),
                triggered=bool(data.get(f"triggered_{pk}")),
                comment=data.get(f"comment_{pk}", ""),
            ).items():
                self.add_error(f"{field}_{pk}", message)
        return data

    def entries(self) -> dict[int, dict]:
        data = self.cleaned_data
        result = {}
        for line in self.lines:
            pk = line.pk
            if line.is_veto and f"triggered_{pk}" not in self.fields:
                continue
            result[pk] = {
                "points": data.get(f"points_{pk}"),
                "triggered": bool(data.get(f"triggered_{pk}")),
                "poor": bool(data.get(f"poor_{pk}")),
                "comment": data.get(f"comment_{pk}", ""),
                "evidence": data.get(f"evidence_{pk}") or [],
            }
        return result

    def rows(self):
        """(line, {field name: bound field}) per line, for the template."""
        for line in self.lines:
            fields = {
                name.split("_")[0]: self[name]
                for name in self.fields
                if name.rsplit("_", 1)[1] == str(line.pk)
            }
            if fields:
                yield line, fields


# ---------------------------------------------------------------------------------------
# 五带头 ratings


class DaitouForm(forms.Form):
    """A rating and a comment per 带头."""

    def __init__(self, *args, items, ratings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            current = ratings.get(item.pk)
            self.fields[f"rating_{item.pk}"] = forms.ChoiceField(
                label=_("rating"),
                required=False,
                choices=[("", "—"), *DaitouRating.Rating.choices],
                initial=current.rating if current else "",
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=_("comment"),
                required=False,
                max_length=MAX_COMMENT,
                initial=current.comment if current else "",
                widget=forms.Textarea(
                    attrs={"rows": 2, "class": "form-control form-control-sm"}
                ),
            )

    def clean(self):
        data = super().clean()
        for item in self.items:
            rating = data.get(f"rating_{item.pk}")
            comment = (data.get(f"comment_{item.pk}") or "").strip()
            if rating and not comment:
                self.add_error(
                    f"comment_{item.pk}", _("Every rating needs a comment: say why.")
                )
            if comment and not rating and f"rating_{item.pk}" not in self.errors:
                self.add_error(
                    f"rating_{item.pk}",
                    _("Choose a rating for this comment, or clear the comment."),
                )
        return data

    def entries(self) -> dict[int, dict]:
        return {
            item.pk: {
                "rating": self.cleaned_data.get(f"rating_{item.pk}") or "",
                "comment": self.cleaned_data.get(f"comment_{item.pk}") or "",
            }
            for item in self.items
        }

    def field_pairs(self) -> dict[int, tuple]:
        return {
            item.pk: (self[f"rating_{item.pk}"], self[f"comment_{item.pk}"])
            for item in self.items
        }
