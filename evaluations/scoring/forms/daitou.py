"""五带头 ratings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.models import DaitouRating
from evaluations.scoring.services import MAX_COMMENT


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
