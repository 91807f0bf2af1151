"""Forms of inspections, spot checks, findings, rectification, help and reviews.

They validate and clean only; the services do the work.
"""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.inspections import sampling
from evaluations.inspections.services import MAX_FILES_PER_UPLOAD, inspected_units
from evaluations.models import Finding, HelpItem, InspectionKind, InspectionRound
from organizations.models import Organization, Person, Role
from pledges.models import ActivityRecord, Campaign, Meeting, NewsReport
from pledges.uploads import check_upload

EVIDENCE_CHOICES = 200


def _helper(
    label,
    *,
    testid: str = "",
    action: str = "",
    multipart=False,
    submit_testid: str = "",
    danger: bool = False,
):
    helper = FormHelper()
    extra = {"data_testid": submit_testid} if submit_testid else {}
    submit = Submit("submit", label, **extra)
    if danger:
        submit.field_classes = "btn btn-outline-danger"
    helper.add_input(submit)
    attrs = {}
    if testid:
        attrs["data-testid"] = testid
    if multipart:
        attrs["enctype"] = "multipart/form-data"
    helper.attrs = attrs
    if action:
        helper.form_action = action
    return helper


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise ValidationError(
                _("Upload at most %(n)s files at a time.")
                % {"n": MAX_FILES_PER_UPLOAD},
                code="too_many",
            )
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return list(files)


def _latest(rows, order: str):
    """The latest evidence rows of a unit, as a filterable queryset (choices)."""
    ids = list(
        rows.order_by(order, "-pk").values_list("pk", flat=True)[:EVIDENCE_CHOICES]
    )
    return rows.model.objects.filter(pk__in=ids).order_by(order, "-pk")


def _not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The date lies in the future; enter the day it happened."),
            code="future",
        )
    return value


def _after_today(value):
    if value and value <= timezone.localdate():
        raise ValidationError(
            _("The deadline must be after today."), code="deadline_past"
        )
    return value


def inspectors(campaign: Campaign):
    """Who inspects: the office and the leading group of the campaign's institute."""
    return (
        Person.objects.filter(
            is_active=True,
            roles__kind__in=(Role.Kind.OFFICE, Role.Kind.LEADER),
            roles__node__institute_id=campaign.scope.institute_id,
        )
        .distinct()
        .order_by("staff_no")
    )


def unit_people(unit: Organization):
    """People who may own a unit's rectification: its members and role holders."""
    return (
        Person.objects.filter(
            Q(branch=unit) | Q(roles__node=unit),
            is_active=True,
        )
        .distinct()
        .order_by("staff_no")
    )


def campaign_people(campaign: Campaign):
    """People of the campaign's institute holding a role: who may give help."""
    return (
        Person.objects.filter(
            is_active=True,
            institute_id=campaign.scope.institute_id,
            roles__isnull=False,
        )
        .distinct()
        .order_by("staff_no")
    )


# ---------------------------------------------------------------------------------------
# Rounds and spot checks


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
    sample_total = forms.IntegerField(
        label=_("Units to draw in total"),
        min_value=0,
        required=False,
        help_text=_("For a proportional sample: shared among the categories by size."),
    )

    def __init__(self, *args, strata: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.strata = strata
        for s in strata:
            self.fields[f"size_{s['code']}"] = forms.IntegerField(
                label=_("%(name)s: units to draw (of %(n)s)")
                % {"name": s["name"], "n": s["eligible"]},
                min_value=0,
                required=False,
            )
        self.helper = _helper(_("Save the spot check"), testid="sampling-form")

    def sizes(self) -> dict:
        return {
            s["code"]: self.cleaned_data.get(f"size_{s['code']}") or 0
            for s in self.strata
        }

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("sample_mode")
        if mode == InspectionRound.SampleMode.PROPORTIONAL:
            total = cleaned.get("sample_total") or 0
            available = sum(s["eligible"] for s in self.strata)
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
                not any(cleaned.get(f"size_{s['code']}") for s in self.strata)
                and not self.errors
            ):
                raise ValidationError(_("Ask for at least one unit in some category."))
            for s in self.strata:
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
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Names of those present at the draw (optional)."),
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


# ---------------------------------------------------------------------------------------
# Findings


class UnitChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Organization.objects.none())

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = inspected_units(campaign).order_by("path")
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        self.helper = _helper(_("Continue"), testid="finding-unit-form")
        self.helper.form_method = "get"


class FindingForm(forms.Form):
    """Record a finding (督查发现) on one unit."""

    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Finding.Rating.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What was found"),
        widget=forms.Textarea({"rows": 5}),
        error_messages={"required": _("Describe what the inspection found.")},
    )
    found_on = forms.DateField(label=_("Date"), widget=_date_widget())
    inspector = forms.ModelChoiceField(
        label=_("Inspector"), queryset=Person.objects.none(), required=False
    )
    record = forms.ModelChoiceField(
        label=_("Striving record"),
        queryset=ActivityRecord.objects.none(),
        required=False,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False
    )
    news = forms.ModelChoiceField(
        label=_("News report"), queryset=NewsReport.objects.none(), required=False
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(
        self,
        *args,
        campaign: Campaign,
        unit: Organization,
        action: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["inspector"].queryset = inspectors(campaign)
        since = campaign.phase1_start - datetime.timedelta(days=31)
        self.fields["record"].queryset = _latest(
            ActivityRecord.objects.filter(branch=unit, occurred_on__gte=since),
            "-occurred_on",
        )
        self.fields["meeting"].queryset = _latest(
            Meeting.objects.filter(branch=unit, held_on__gte=since), "-held_on"
        )
        self.fields["news"].queryset = _latest(
            NewsReport.objects.filter(branch=unit, published_on__gte=since),
            "-published_on",
        )
        for name in ("record", "meeting", "news"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose evidence of the unit this finding concerns."
            )
        self.fields["record"].label_from_instance = lambda r: (
            f"{r.occurred_on:%Y-%m-%d} {r.title}"
        )
        self.fields["meeting"].label_from_instance = lambda m: (
            f"{m.held_on:%Y-%m-%d} {m}"
        )
        self.fields["news"].label_from_instance = lambda n: (
            f"{n.published_on:%Y-%m-%d} {n.title}"
        )
        self.helper = _helper(
            _("Save the finding"), testid="finding-form", action=action, multipart=True
        )

    def clean_found_on(self):
        value = _not_future(self.cleaned_data.get("found_on"))
        if value and value < self.campaign.phase1_start:
            raise ValidationError(
                _("The date lies before the campaign began (%(day)s).")
                % {"day": self.campaign.phase1_start.isoformat()},
                code="before_campaign",
            )
        return value


# ---------------------------------------------------------------------------------------
# Rectification and help


class RectificationOpenForm(forms.Form):
    """Open a rectification item (督促整改) from a finding."""

    title = forms.CharField(
        label=_("What to rectify"),
        max_length=200,
        error_messages={"required": _("Say what the unit must rectify.")},
    )
    text = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea({"rows": 3})
    )
    evidence_required = forms.CharField(
        label=_("Evidence required"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("What the answer must show; the owner then has to attach files."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose who answers for the rectification.")},
    )
    deadline = forms.DateField(label=_("Deadline"), widget=_date_widget())

    def __init__(self, *args, unit: Organization, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = unit_people(unit)
        self.helper = _helper(
            _("Open the rectification"),
            testid="rectification-open",
            action=action,
            submit_testid="rectification-open-submit",
        )

    def clean_deadline(self):
        return _after_today(self.cleaned_data.get("deadline"))


class RectificationAnswerForm(forms.Form):
    """The owner's answer: what was done, with evidence files."""

    text = forms.CharField(
        label=_("What has been done"),
        widget=forms.Textarea({"rows": 4}),
        error_messages={"required": _("Say what the unit has done to rectify.")},
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        help_text=_("Images, PDF or Office documents; several at once."),
    )

    def __init__(self, *args, evidence_required: bool, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence_required = evidence_required
        self.helper = _helper(
            _("Send the answer"),
            testid="rectification-answer",
            action=action,
            multipart=True,
            submit_testid="rectification-answer-submit",
        )

    def clean(self):
        cleaned = super().clean()
        if self.evidence_required and not cleaned.get("files") and not self.errors:
            self.add_error(
                "files", _("This item asks for evidence: attach at least one file.")
            )
        return cleaned


class ReinspectForm(forms.Form):
    """Re-inspect an answered item: closes it, or re-opens it when poor."""

    round = forms.ModelChoiceField(
        label=_("Inspection round"),
        queryset=InspectionRound.objects.none(),
        error_messages={
            "required": _("Choose the open inspection round to record it in.")
        },
    )
    kind = forms.ChoiceField(label=_("Inspection kind"), choices=InspectionKind.choices)
    rating = forms.ChoiceField(
        label=_("Rating"), choices=Finding.Rating.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What the re-inspection found"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Describe what the re-inspection found.")},
    )
    found_on = forms.DateField(label=_("Date"), widget=_date_widget())
    inspector = forms.ModelChoiceField(
        label=_("Inspector"), queryset=Person.objects.none(), required=False
    )
    deadline = forms.DateField(
        label=_("New deadline (if poor)"), required=False, widget=_date_widget()
    )

    def __init__(self, *args, campaign: Campaign, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        rounds = InspectionRound.objects.filter(
            campaign=campaign, status=InspectionRound.Status.OPEN
        ).select_related("campaign")
        self.fields["round"].queryset = rounds
        if len(rounds) == 1:
            self.fields["round"].initial = rounds[0].pk
        self.fields["inspector"].queryset = inspectors(campaign)
        self.helper = _helper(
            _("Record the re-inspection"),
            testid="rectification-reinspect",
            action=action,
        )

    def clean_found_on(self):
        return _not_future(self.cleaned_data.get("found_on"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rating") == Finding.Rating.POOR:
            deadline = cleaned.get("deadline")
            if deadline is None:
                self.add_error(
                    "deadline",
                    _("A poor re-inspection re-opens the item: set a new deadline."),
                )
            elif deadline <= timezone.localdate():
                self.add_error("deadline", _("The deadline must be after today."))
        return cleaned


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why re-open it?"),
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Say why the item is re-opened.")},
    )
    deadline = forms.DateField(label=_("New deadline"), widget=_date_widget())

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            _("Re-open the item"), testid="rectification-reopen", action=action
        )

    def clean_deadline(self):
        return _after_today(self.cleaned_data.get("deadline"))


class HelpItemForm(forms.Form):
    """Plan help and guidance (帮助指导) for an average unit."""

    what = forms.CharField(
        label=_("What help"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Say what help the unit gets.")},
    )
    helper_person = forms.ModelChoiceField(
        label=_("Who helps"),
        queryset=Person.objects.none(),
        error_messages={"required": _("Choose who gives the help.")},
    )
    due_on = forms.DateField(label=_("By"), required=False, widget=_date_widget())

    def __init__(self, *args, campaign: Campaign, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helper_person"].queryset = campaign_people(campaign)
        self.helper = _helper(_("Plan the help"), testid="help-form", action=action)

    def clean_due_on(self):
        value = self.cleaned_data.get("due_on")
        if value and value < timezone.localdate():
            raise ValidationError(_("The date lies in the past."), code="past")
        return value


class HelpMoveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (HelpItem.Status.UNDERWAY, HelpItem.Status.UNDERWAY.label),
            (HelpItem.Status.DONE, HelpItem.Status.DONE.label),
        ],
    )
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"), testid="help-move", action=action)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == HelpItem.Status.DONE
            and not (cleaned.get("outcome") or "").strip()
        ):
            self.add_error("outcome", _("Say what the help achieved."))
        return cleaned


# ---------------------------------------------------------------------------------------
# Reviews


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
