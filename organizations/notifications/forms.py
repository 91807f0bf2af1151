"""Form for a person's notification settings: validate and clean only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Notification, NotificationSetting


class NotificationSettingForm(forms.ModelForm):
    """Whether and how often to email, and which kinds never to email."""

    muted_kinds = forms.MultipleChoiceField(
        label=_("Do not email me about"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These still appear in your notification centre."),
    )

    class Meta:
        model = NotificationSetting
        fields = ["email_enabled", "email_frequency", "muted_kinds"]
        widgets = {"email_frequency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
