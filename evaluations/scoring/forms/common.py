"""Shared by the scoring forms: the layout helper and points."""

from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _


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
