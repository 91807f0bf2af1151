"""The Django admin of records, meetings, reading, news and suggestions (office only)."""

from django.contrib import admin

from organizations.admin import OfficeAdmin
from organizations.admin_scope import ScopedInlineMixin
from pledges.models import (
    ActivityRecord,
    Meeting,
    MeetingAttendance,
    NewsImage,
    NewsReport,
    ReadingBook,
    ReadingNote,
    RecordAttachment,
    Suggestion,
)


class ActivityAdmin(OfficeAdmin):
    """Open to the office like the organisation's pages; these models keep no change
    history (the admin's log stands in)."""


class RecordAttachmentInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "record__branch__path"
    model = RecordAttachment
    fields = ["name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(ActivityRecord)
class ActivityRecordAdmin(ActivityAdmin):
    scope_filter = "branch__path"
    list_display = ["occurred_on", "title", "kind", "branch", "person"]
    list_filter = ["kind"]
    search_fields = ["title", "text"]
    date_hierarchy = "occurred_on"
    raw_id_fields = ["person", "pledge_item", "plan_measure"]
    readonly_fields = ["created_by"]
    list_select_related = ["branch", "person"]
    inlines = [RecordAttachmentInline]


class AttendanceInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "meeting__branch__path"
    model = MeetingAttendance
    raw_id_fields = ["person"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ActivityAdmin):
    scope_filter = "branch__path"
    list_display = ["held_on", "kind", "topic", "branch", "speaker"]
    list_filter = ["kind"]
    search_fields = ["topic"]
    date_hierarchy = "held_on"
    raw_id_fields = ["speaker"]
    readonly_fields = ["created_by"]
    list_select_related = ["branch", "speaker"]
    inlines = [AttendanceInline]


@admin.register(ReadingBook)
class ReadingBookAdmin(ActivityAdmin):
    scope_filter = "institute__path"
    list_display = ["year", "title", "author", "institute"]
    list_filter = ["year"]
    search_fields = ["title", "author"]


@admin.register(ReadingNote)
class ReadingNoteAdmin(ActivityAdmin):
    scope_filter = "institute__path"
    list_display = ["written_on", "person", "book", "title", "picked"]
    list_filter = ["picked"]
    raw_id_fields = ["person", "book"]
    readonly_fields = ["picked_by", "picked_at"]
    list_select_related = ["person", "book"]


class NewsImageInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "report__branch__path"
    model = NewsImage
    fields = ["name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(NewsReport)
class NewsReportAdmin(ActivityAdmin):
    scope_filter = "branch__path"
    list_display = ["published_on", "title", "branch", "channel"]
    list_filter = ["channel"]
    search_fields = ["title"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_by"]
    list_select_related = ["branch"]
    inlines = [NewsImageInline]


@admin.register(Suggestion)
class SuggestionAdmin(ActivityAdmin):
    """Suggestions are answered in the product; the admin only reads them."""

    scope_filter = "institute__path"
    list_display = ["filed_on", "branch", "status", "is_anonymous"]
    list_filter = ["status", "is_anonymous"]
    fields = ["institute", "branch", "filed_on", "is_anonymous", "text", "status"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
