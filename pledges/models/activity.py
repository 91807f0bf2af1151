"""Records of what branches and members do (纪实登记, 三会一课, 读书, 通讯报道, 意见箱)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.pk_urls import url_for
from pledges.uploads import IMAGE_TYPES, RandomPath

__all__ = [
    "ActivityRecord",
    "RecordAttachment",
    "Meeting",
    "MeetingAttendance",
    "ReadingBook",
    "ReadingNote",
    "NewsReport",
    "NewsImage",
    "Suggestion",
]


class StoredFile(models.Model):
    """An uploaded file checked by content, kept under MEDIA_ROOT with a random name."""

    name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type in IMAGE_TYPES


class ActivityRecord(models.Model):
    """Striving record (纪实登记): a dated entry of a branch or one of its members."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("Process")
        MAJOR = "major", _("Major event")
        EFFECT = "effect", _("Actual effect")

    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="activity_records",
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_records",
        help_text=_("Leave empty for a record of the branch as a whole."),
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.PROCESS
    )
    occurred_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what happened"))
    pledge_item = models.ForeignKey(
        "pledges.PledgeItem",
        verbose_name=_("committed item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    plan_measure = models.ForeignKey(
        "pledges.PlanMeasure",
        verbose_name=_("plan measure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("striving record")
        verbose_name_plural = _("striving records")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["branch", "occurred_on"]),
            models.Index(fields=["person", "occurred_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("activity:record", self.pk)


class RecordAttachment(StoredFile):
    """Attachment of a striving record (纪实材料)."""

    record = models.ForeignKey(
        ActivityRecord, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("activity/records"), max_length=255
    )

    class Meta:
        verbose_name = _("record attachment")
        verbose_name_plural = _("record attachments")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("activity:record_file", self.record_id, self.pk)


class Meeting(models.Model):
    """Meeting of 三会一课: branch general meeting, committee, party group or 党课."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Branch general meeting")
        COMMITTEE = "committee", _("Branch committee meeting")
        GROUP = "group", _("Party group meeting")
        LECTURE = "lecture", _("Party lecture")

    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    speaker = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("speaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who chaired the meeting or gave the lecture."),
    )
    speaker_name = models.CharField(
        _("speaker from outside"),
        max_length=100,
        blank=True,
        help_text=_("Only for a speaker who is not in the roster."),
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["branch", "kind", "held_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.topic}"

    def get_absolute_url(self):
        return url_for("activity:meeting", self.pk)

    @property
    def speaker_display(self) -> str:
        if self.speaker_id:
            return self.speaker.name
        return self.speaker_name


class MeetingAttendance(models.Model):
    """Attendance of one expected participant at a meeting (应到/实到/缺席)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("attendance"), max_length=8, choices=Status.choices, default=Status.PRESENT
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__staff_no"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="uniq_attendance_per_meeting"
            )
        ]

    def __str__(self):
        return f"{self.person.name} · {self.get_status_display()}"


class ReadingBook(models.Model):
    """Recommended book (书目推荐) on the office's reading list of a year."""

    institute = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="reading_books",
        limit_choices_to={"kind": "institute"},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=100, blank=True)
    note = models.TextField(_("why we recommend it"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("recommended book")
        verbose_name_plural = _("recommended books")
        ordering = ["-year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "year", "title"], name="uniq_book_per_year"
            )
        ]

    def __str__(self):
        return f"《{self.title}》"


class ReadingNote(models.Model):
    """Reading note (读书笔记) of a member; the office may pick it for the yearly show."""

    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="reading_notes",
    )
    institute = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reading_notes",
        help_text=_("The author's branch when the note was written."),
    )
    book = models.ForeignKey(
        ReadingBook,
        verbose_name=_("book from the reading list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes",
    )
    title = models.CharField(_("other book"), max_length=200, blank=True)
    text = models.TextField(_("note"))
    written_on = models.DateField(_("date"))
    picked = models.BooleanField(_("picked for the show"), default=False)
    pick_comment = models.TextField(_("office's comment"), blank=True)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    picked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reading note")
        verbose_name_plural = _("reading notes")
        ordering = ["-written_on", "-pk"]
        indexes = [
            models.Index(fields=["institute", "written_on"]),
            models.Index(fields=["branch", "written_on"]),
        ]

    def __str__(self):
        return f"{self.person.name} · {self.book_title}"

    def get_absolute_url(self):
        return url_for("activity:note", self.pk)

    @property
    def book_title(self) -> str:
        return self.book.title if self.book_id else self.title


class NewsReport(models.Model):
    """Monthly news report (通讯报道): each branch files at least one a month."""

    class Channel(models.TextChoices):
        NEWSLETTER = "newsletter", _("Institute newsletter")
        PARTY_SITE = "party_site", _("Party committee website")
        SHOWCASE = "showcase", _("Publicity window")
        PUBLIC_SITE = "public_site", _("External website")
        OTHER = "other", _("Other")

    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("branch"),
        on_delete=models.PROTECT,
        related_name="news_reports",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    channel = models.CharField(
        pgettext_lazy("news channel", "published on"),
        max_length=12,
        choices=Channel.choices,
        default=Channel.NEWSLETTER,
    )
    published_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("news report")
        verbose_name_plural = _("news reports")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["branch", "published_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return url_for("activity:news", self.pk)


class NewsImage(StoredFile):
    """Image of a news report (通讯报道图片)."""

    report = models.ForeignKey(
        NewsReport, on_delete=models.CASCADE, related_name="images"
    )
    file = models.FileField(
        _("file"), upload_to=RandomPath("activity/news"), max_length=255
    )

    class Meta:
        verbose_name = _("news image")
        verbose_name_plural = _("news images")
        ordering = ["pk"]

    def get_absolute_url(self):
        return url_for("activity:news_image", self.report_id, self.pk)


def _receipt() -> str:
    return secrets.token_hex(6).upper()


class Suggestion(models.Model):
    """Suggestion (意见箱) to a branch or to the activity office.

    An anonymous suggestion keeps no link to whoever filed it: no author, no address, no
    time finer than the day; its key is random so that it cannot be ordered against the
    filing of named ones. The receipt code lets its author read the answer.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting answer")
        ANSWERED = "answered", _("Answered")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    institute = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("to branch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
        help_text=_("Empty: to the activity office."),
    )
    text = models.TextField(_("suggestion"))
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    author = models.ForeignKey(
        "organizations.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_on = models.DateField(_("filed on"))
    receipt = models.CharField(
        _("receipt code"), max_length=16, unique=True, default=_receipt
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-filed_on", "status"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True),
                name="anonymous_suggestion_has_no_author",
            )
        ]
        indexes = [models.Index(fields=["institute", "branch", "filed_on"])]

    def __str__(self):
        return self.text[:30]

    def get_absolute_url(self):
        return url_for("activity:suggestion", self.pk)
