"""Forms of the committees' proposals and the institutes' recommendations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.awards import levels
from evaluations.awards.forms import CandidateAddForm, _helper
from evaluations.awards.services import MAX_DEEDS, MAX_QUOTA
from evaluations.inspections.forms import MultipleFileField
from organizations.models import Organization
from pledges.models import Campaign

QUOTA_ERROR = _("Enter a whole number from 0 to 1000.")


class _SubjectDeedsForm(CandidateAddForm):
    """A title, the unit or person (by staff number) and the deeds (先进事迹)."""

    deeds = forms.CharField(
        label=_("Deeds (先进事迹)"),
        max_length=MAX_DEEDS,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the deeds (先进事迹) of the nominee.")},
    )

    def __init__(self, *args, campaign: Campaign, titles, units, person_path, **kw):
        super().__init__(*args, campaign=campaign, **kw)
        del self.fields["reason"]
        self.fields["criteria_set"].queryset = titles
        self.fields["unit"].queryset = units
        self.person_path = person_path


class ProposalForm(_SubjectDeedsForm):
    """A mass committee proposes one of its own for one of its titles."""

    files = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(self, *args, campaign: Campaign, committee: Organization, **kw):
        super().__init__(
            *args,
            campaign=campaign,
            titles=levels.committee_titles(campaign, committee),
            units=Organization.objects.filter(
                path__startswith=committee.path,
                is_active=True,
                kind__in=sorted(Organization.MASS_KINDS),
            )
            .select_related("parent")
            .order_by("path"),
            person_path=campaign.scope.path,
            **kw,
        )
        self.helper = _helper(_("Propose"))


class RecommendForm(_SubjectDeedsForm):
    """An institute's office recommends one of its own for an academy title."""

    def __init__(self, *args, campaign: Campaign, institute: Organization, **kw):
        super().__init__(
            *args,
            campaign=campaign,
            titles=campaign.criteria_sets.order_by("order", "pk"),
            units=Organization.objects.filter(
                path__startswith=institute.path,
                is_active=True,
                kind__in=[Organization.Kind.BRANCH, *sorted(Organization.MASS_KINDS)],
            )
            .select_related("parent")
            .order_by("path"),
            person_path=institute.path,
            **kw,
        )
        self.helper = _helper(_("Recommend"))


class RecommendationQuotaForm(forms.Form):
    """One number per institute and academy title."""

    def __init__(self, *args, institutes, titles, quotas, **kwargs):
        super().__init__(*args, **kwargs)
        current = {(q.institute_id, q.criteria_set_id): q.count for q in quotas}
        self.titles = list(titles)
        self.rows = []
        for institute in institutes:
            cells = []
            for title in self.titles:
                name = f"q_{institute.pk}_{title.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{institute.name} · {title.title}",
                    required=False,
                    min_value=0,
                    max_value=MAX_QUOTA,
                    initial=current.get((institute.pk, title.pk)),
                    error_messages={
                        "invalid": QUOTA_ERROR,
                        "min_value": QUOTA_ERROR,
                        "max_value": QUOTA_ERROR,
                    },
                    widget=forms.NumberInput(
                        attrs={"class": "form-control form-control-sm", "min": 0}
                    ),
                )
                cells.append(((institute.pk, title.pk), name))
            self.rows.append((institute, cells))

    def bound_rows(self):
        return [
            (institute, [self[name] for _key, name in cells])
            for institute, cells in self.rows
        ]

    def counts(self) -> dict[tuple[int, int], int | None]:
        return {
            key: self.cleaned_data.get(name)
            for _institute, cells in self.rows
            for key, name in cells
        }
