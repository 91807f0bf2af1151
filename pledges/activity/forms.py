"""Forms of records, meetings, reading, news and suggestions: validate and clean only."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization, Person, Role
from pledges.activity.services import MAX_FILES_PER_UPLOAD, branch_members
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    NewsReport,
    PlanMeasure,
    PledgeItem,
    ReadingBook,
    ReadingNote,
    Status,
)
from pledges.uploads import IMAGE_TYPES, check_upload, clean_filename

# Plans and pledges whose items a record may refer to: approved or published.
COMMITTED = (Status.APPROVED, Status.PUBLISHED)


def _helper(label, *, multipart: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    if multipart:
        helper.attrs = {"enctype": "multipart/form-data"}
    return helper


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content and size."""

    def __init__(self, *args, images_only: bool = False, **kwargs):
        self.images_only = images_only
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
                content_type = check_upload(upload)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if self.images_only and content_type not in IMAGE_TYPES:
                errors.append(
                    _(
                        "The file %(name)s is not an image. "
                        "Upload a PNG, JPEG or GIF picture."
                    )
                    % {"name": clean_filename(upload.name)}
                )
        if errors:
            raise ValidationError(errors)
        return list(files)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(
            _("The date lies in the future; enter the day it happened."),
            code="future",
        )
    return value


class RecordForm(forms.ModelForm):
    """Register or change a striving record (纪实登记)."""

    files = MultipleFileField(
        label=_("Attachments"),
        help_text=_(
            "Images, PDF or Office documents; several at once. "
            "Files already attached stay."
        ),
    )

    class Meta:
        model = ActivityRecord
        fields = [
            "person",
            "kind",
            "occurred_on",
            "title",
            "text",
            "pledge_item",
            "plan_measure",
        ]
        widgets = {"occurred_on": _date_widget(), "text": forms.Textarea({"rows": 6})}

    def __init__(
        self, *args, branch: Organization, own_person: Person | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.branch = branch
        if own_person is not None:
            # A member files their own record: the member is fixed.
            del self.fields["person"]
            items = PledgeItem.objects.filter(
                pledge__unit=branch, pledge__person=own_person
            )
        else:
            self.fields["person"].queryset = branch_members(branch)
            self.fields["person"].label = _("Member (empty: the branch)")
            items = PledgeItem.objects.filter(pledge__unit=branch)
        # Only committed items of approved or published pledges (a draft or a
        # returned one may still change); a record keeps the item it already has.
        keep = (
            Q(pk=self.instance.pledge_item_id) if self.instance.pledge_item_id else Q()
        )
        items = items.filter(Q(pledge__status__in=COMMITTED) | keep)
        self.fields["pledge_item"].queryset = items.select_related(
            "pledge__person"
        ).order_by("-pledge__campaign__year", "pledge__person__staff_no", "order")
        self.fields["pledge_item"].label_from_instance = lambda i: (
            f"{i.pledge.person.name}：{i.text}"
        )
        keep = (
            Q(pk=self.instance.plan_measure_id)
            if self.instance.plan_measure_id
            else Q()
        )
        self.fields["plan_measure"].queryset = (
            PlanMeasure.objects.filter(plan__unit=branch)
            .filter(Q(plan__status__in=COMMITTED) | keep)
            .order_by("-plan__campaign__year", "order")
        )
        self.helper = _helper(_("Save"), multipart=True)

    def clean_occurred_on(self):
        return _not_future(self.cleaned_data.get("occurred_on"))

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        item = cleaned.get("pledge_item")
        if (
            item is not None
            and person is not None
            and item.pledge.person_id != (person.pk)
        ):
            self.add_error(
                "pledge_item", _("Choose a committed item of this record's member.")
            )
        return cleaned


class MeetingForm(forms.ModelForm):
    """Record a meeting of 三会一课 or a 党课."""

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "held_on",
            "topic",
            "speaker",
            "speaker_name",
            "place",
            "summary",
        ]
        widgets = {"held_on": _date_widget(), "summary": forms.Textarea({"rows": 5})}

    def __init__(self, *args, branch: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Speakers: the branch's members and anyone holding a role in the institute.
        self.fields["speaker"].queryset = (
            Person.objects.filter(institute_id=branch.institute_id, is_active=True)
            .filter(
                Q(branch=branch)
                | Q(
                    pk__in=Role.objects.filter(
                        node__institute_id=branch.institute_id
                    ).values("person_id")
                )
            )
            .order_by("staff_no")
        )
        self.helper = _helper(_("Save"))

    def clean_held_on(self):
        return _not_future(self.cleaned_data.get("held_on"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Meeting.Kind.LECTURE and not (
            cleaned.get("speaker") or (cleaned.get("speaker_name") or "").strip()
        ):
            self.add_error("speaker", _("Name who gave the party lecture."))
        return cleaned


NOT_EXPECTED = ""


class AttendanceForm(forms.Form):
    """Who was expected at a meeting and how each attended (应到/实到/缺席及原因)."""

    def __init__(self, *args, meeting: Meeting, people: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        rows = {a.person_id: a for a in meeting.attendance.all()}
        choices = [(NOT_EXPECTED, _("Not expected"))] + list(
            MeetingAttendance.Status.choices
        )
        self.people = people
        for person in people:
            row = rows.get(person.pk)
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.name,
                choices=choices,
                required=False,
                initial=row.status if row else NOT_EXPECTED,
            )
            self.fields[f"reason_{person.pk}"] = forms.CharField(
                label=_("Reason"),
                max_length=200,
                required=False,
                initial=row.reason if row else "",
            )

    def rows(self):
        """(person, status field, reason field) for the template."""
        return [
            (p, self[f"status_{p.pk}"], self[f"reason_{p.pk}"]) for p in self.people
        ]

    def clean(self):
        cleaned = super().clean()
        for person in self.people:
            status = cleaned.get(f"status_{person.pk}")
            reason = (cleaned.get(f"reason_{person.pk}") or "").strip()
            if status == MeetingAttendance.Status.EXCUSED and not reason:
                self.add_error(
                    f"reason_{person.pk}",
                    _("Give the reason why %(name)s was excused.")
                    % {"name": person.name},
                )
        return cleaned

    def attendance(self) -> list[tuple[Person, str, str]]:
        result = []
        for person in self.people:
            status = self.cleaned_data.get(f"status_{person.pk}")
            if status:
                reason = self.cleaned_data.get(f"reason_{person.pk}") or ""
                result.append((person, status, reason))
        return result


class BookForm(forms.ModelForm):
    """Add or change a book on the reading list (书目推荐)."""

    class Meta:
        model = ReadingBook
        fields = ["year", "title", "author", "note", "order"]
        widgets = {"note": forms.Textarea({"rows": 3})}

    def __init__(self, *args, institute: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.institute = institute
        self.fields["year"].initial = timezone.localdate().year
        self.helper = _helper(_("Save"))

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not 2000 <= year <= 2100:
            raise ValidationError(_("Enter a year between 2000 and 2100."))
        return year

    def clean(self):
        cleaned = super().clean()
        title = (cleaned.get("title") or "").strip()
        year = cleaned.get("year")
        if title and year:
            clash = ReadingBook.objects.filter(
                institute=self.institute, year=year, title=title
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("title", _("This book is already on the year's list."))
        return cleaned


class NoteForm(forms.ModelForm):
    """Write a reading note (读书笔记) on a listed book or another one."""

    class Meta:
        model = ReadingNote
        fields = ["book", "title", "written_on", "text"]
        widgets = {"written_on": _date_widget(), "text": forms.Textarea({"rows": 8})}

    def __init__(self, *args, institute: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        year = timezone.localdate().year
        self.fields["book"].queryset = ReadingBook.objects.filter(
            institute=institute, year__gte=year - 1
        ).order_by("-year", "order", "pk")
        self.fields["book"].label_from_instance = lambda b: (
            f"{b.year} 《{b.title}》 {b.author}"
        )
        self.fields["title"].help_text = _("Only if the book is not on the list.")
        self.fields["written_on"].initial = timezone.localdate()
        self.helper = _helper(_("Save"))

    def clean_written_on(self):
        return _not_future(self.cleaned_data.get("written_on"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("book") and not (cleaned.get("title") or "").strip():
            self.add_error(
                "title",
                _("Choose a book from the list or write the title of another."),
            )
        return cleaned


class PickForm(forms.Form):
    """The office picks a note for the yearly 读书笔记展评 (or takes it back)."""

    picked = forms.BooleanField(label=_("Picked for the show"), required=False)
    comment = forms.CharField(
        label=_("Office's comment"), required=False, widget=forms.Textarea({"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Save"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("picked") and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say in a sentence why this note is picked."))
        return cleaned


class NewsForm(forms.ModelForm):
    """File or change a news report (通讯报道)."""

    images = MultipleFileField(
        label=_("Images"),
        images_only=True,
        help_text=_("PNG, JPEG or GIF; several at once. Images already added stay."),
    )

    class Meta:
        model = NewsReport
        fields = ["title", "published_on", "channel", "text"]
        widgets = {
            "published_on": _date_widget(),
            "text": forms.Textarea({"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()
        self.helper = _helper(_("Save"), multipart=True)

    def clean_published_on(self):
        return _not_future(self.cleaned_data.get("published_on"))


OFFICE = "office"


class SuggestionForm(forms.Form):
    """File a suggestion (意见箱) to a branch or to the activity office."""

    to = forms.ChoiceField(label=_("To"))
    text = forms.CharField(
        label=_("Your suggestion"), widget=forms.Textarea({"rows": 6}), max_length=5000
    )
    anonymous = forms.BooleanField(
        label=_("File anonymously"),
        required=False,
        help_text=_(
            "Nothing will link the suggestion to you: not your name, not your "
            "account, not the time of day. Keep the receipt code to read the answer."
        ),
    )

    def __init__(self, *args, institute: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        branches = Organization.objects.filter(
            institute=institute,
            kind=Organization.Kind.BRANCH,
            is_active=True,
        ).order_by("path")
        self.branches = {str(b.pk): b for b in branches}
        self.fields["to"].choices = [(OFFICE, _("The activity office"))] + [
            (key, b.name) for key, b in self.branches.items()
        ]
        self.helper = _helper(_("Send"))

    def clean_text(self):
        text = self.cleaned_data.get("text", "").strip()
        if not text:
            raise ValidationError(_("Write your suggestion."))
        return text

    def branch(self) -> Organization | None:
        return self.branches.get(self.cleaned_data["to"])


class AnswerForm(forms.Form):
    """Answer a suggestion."""

    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea({"rows": 5}), max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Send answer"))

    def clean_answer(self):
        answer = self.cleaned_data.get("answer", "").strip()
        if not answer:
            raise ValidationError(_("Write the answer."))
        return answer


class ReceiptForm(forms.Form):
    """Look up an anonymous suggestion by its receipt code."""

    code = forms.CharField(label=_("Receipt code"), max_length=16)

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class InfoReportForm(forms.Form):
    """A mass unit's information report for one month (信息报送)."""

    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("Choose the unit reporting.")},
    )
    period = forms.CharField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=_("The month the report covers, e.g. 2026-03."),
        error_messages={"required": _("Choose the month the report covers.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Report content"),
        widget=forms.Textarea({"rows": 6}),
        error_messages={"required": _("Write what the unit reports.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.helper = _helper(_("File the report"))
        self.helper.attrs = {"data-testid": "info-form"}

    def clean_period(self):
        value = (self.cleaned_data.get("period") or "").strip()
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            raise ValidationError(_("Enter the month as year-month, e.g. 2026-03."))
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValidationError(_("Enter the month as year-month, e.g. 2026-03."))
        today = timezone.localdate()
        if (year, month) > (today.year, today.month):
            raise ValidationError(
                _("Report on the current month or a month before it.")
            )
        return year, month
