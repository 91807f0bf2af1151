"""Reviews."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.inspections.forms.common import _helper


class ReviewForm(forms.Form):
    """Half-year review (半年点评): achievements, problems, direction."""

    achievements = forms.CharField(
        label=_("Achievements"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Fill in this part of the review.")},
    )
    problems = forms.CharField(
        label=_("Problems"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Fill in this part of the review.")},
    )
    direction = forms.CharField(
        label=_("Direction of effort"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Fill in this part of the review.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save the review"), testid="review-form")
