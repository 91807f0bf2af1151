"""Form fields that keep numbers a database can hold (PostgreSQL bigint)."""

from django import forms

from core.converters import BIGINT_MAX


class IdsField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows whose submitted ids are checked as numbers first.

    Django's field looks the values up with ``pk__in``; one id beyond a bigint there
    is a database error (HTTP 500) rather than "not one of the available choices".
    """

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip()
            if not (text.isascii() and text.isdigit() and int(text) <= BIGINT_MAX):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
