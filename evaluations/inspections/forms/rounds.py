"""Rounds and spot checks."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.inspections import sampling
from evaluations.inspections.forms.common import _helper
from evaluations.models import InspectionRound


class RoundNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Focus of this round"),
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))


class SamplingForm(forms.Form):
    """How the spot check draws: a number per category, or a total shared out."""

    sample_mode = forms.ChoiceField(
        label=_("Spot check"),
        choices=InspectionRound.SampleMode.choices,
        widget=forms.RadioSelect,
    )
    sample_scope = forms.ChoiceField(
        label=_("Units to spot-check"),
        choices=InspectionRound.SampleScope.choices,
        initial=InspectionRound.SampleScope.PARTY,
        widget=forms.RadioSelect,
        required=False,
    )
    sample_total = forms.IntegerField(
        label=_("Units to draw in total"),
        min_value=0,
        required=False,
        help_text=_("For a proportional sample: shared among the categories by size."),
    )

    def __init__(
        self,
        *args,
        strata: list[dict],
        scope: str = InspectionRound.SampleScope.PARTY,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.strata = strata
        self.current_scope = scope
        for s in strata:
            self.fields[f"size_{s['code']}"] = forms.IntegerField(
                label=_("%(name)s: units to draw (of %(n)s)")
                % {"name": s["name"], "n": s["eligible"]},
                min_value=0,
                required=False,
            )
        self.helper = _helper(_("Save the spot check"), testid="sampling-form")

    def clean_sample_scope(self):
        """Left out, the scope stays as it is."""
        return self.cleaned_data.get("sample_scope") or self.current_scope

    def _in_scope(self) -> list[dict]:
        scope = self.cleaned_data.get("sample_scope") or self.current_scope
        return [s for s in self.strata if sampling.code_in_scope(s["code"], scope)]

    def sizes(self) -> dict:
        return {
            s["code"]: self.cleaned_data.get(f"size_{s['code']}") or 0
            for s in self._in_scope()
        }

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("sample_mode")
        strata = self._in_scope()
        if mode == InspectionRound.SampleMode.PROPORTIONAL:
            total = cleaned.get("sample_total") or 0
            available = sum(s["eligible"] for s in strata)
            if total < 1:
                self.add_error(
                    "sample_total", _("Enter how many units to draw in total.")
                )
            elif total > available:
                self.add_error(
                    "sample_total",
                    _(
                        "A sample of %(total)s is larger than the %(available)s "
                        "eligible branches. Lower the sample size."
                    )
                    % {"total": total, "available": available},
                )
        elif mode == InspectionRound.SampleMode.PER_STRATUM:
            if (
                not any(cleaned.get(f"size_{s['code']}") for s in strata)
                and not self.errors
            ):
                raise ValidationError(_("Ask for at least one unit in some category."))
            for s in strata:
                n = cleaned.get(f"size_{s['code']}") or 0
                if n > s["eligible"]:
                    self.add_error(
                        f"size_{s['code']}",
                        _(
                            "The category %(name)s has %(available)s eligible units, "
                            "so a sample of %(size)s cannot be drawn from it. Lower "
                            "the number for this category."
                        )
                        % {"name": s["name"], "available": s["eligible"], "size": n},
                    )
        return cleaned


class DrawForm(forms.Form):
    """Draw the sample: a seed typed in public, or none for a random one; witnesses."""

    seed = forms.CharField(
        label=_("Seed"),
        required=False,
        max_length=30,
        help_text=_(
            "Leave empty and the product picks a random 64-bit seed, or type a whole "
            "number agreed in public (e.g. a lottery result)."
        ),
    )
    witnesses = forms.CharField(
        label=_("Witnesses"),
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Names of those present at the draw, shown with the sample."),
        error_messages={
            "required": _(
                "Enter the names of the witnesses present at the draw; they are "
                "shown with the sample."
            )
        },
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _("Draw the sample"),
            testid="draw-form",
            action=action,
            submit_testid="draw-sample",
        )

    def clean_seed(self):
        value = (self.cleaned_data.get("seed") or "").strip()
        if not value:
            return None
        try:
            return sampling.parse_seed(value)
        except sampling.SamplingError:
            raise ValidationError(
                _(
                    "Enter the seed as a whole number from 0 to 18446744073709551615, "
                    "or leave it empty to let the product choose one."
                ),
                code="bad_seed",
            )


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the draw voided?"),
        widget=forms.Textarea({"rows": 2}),
        error_messages={
            "required": _("Say why the draw is voided; everyone will see it.")
        },
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _("Void the draw"), testid="void-form", action=action, danger=True
        )
