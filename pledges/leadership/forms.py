"""Forms of requests and reports to the leading party organisation: validate only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.models import Organization
from pledges.activity.forms import MultipleFileField


class MassReportForm(forms.Form):
    """A request or report (请示报告) of one of the officer's mass units."""

    unit = forms.ModelChoiceField(
        label=pgettext_lazy("report", "From"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea({"rows": 8}),
        help_text=_(
            "What you report, or what you ask the party organisation to decide."
        ),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(self, *args, units: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(
            pk__in=[u.pk for u in units]
        ).order_by("path")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Send to the party organisation")))


class ReplyForm(forms.Form):
    """A reply in a report's thread (批复 or 补充说明)."""

    body = forms.CharField(
        label=_("Reply"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Write the reply before sending it.")},
    )
