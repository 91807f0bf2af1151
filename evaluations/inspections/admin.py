"""Admin of inspections, spot checks, rectification, help and reviews.

Draws are read only: a draw is evidence and never changes (the product voids it with a
reason instead). The rest is editable for repairs; the product's pages are the way to
work, since they keep the audit log and the state rules.
"""

from django.contrib import admin

from evaluations.models import (
    Finding,
    FindingFile,
    HelpItem,
    InspectionRound,
    RectificationFile,
    RectificationItem,
    RectificationStep,
    Review,
    ReviewRound,
    SpotCheckDraw,
)
from organizations.admin_scope import ScopedAdmin, ScopedInlineMixin


class ReadOnlyInline(ScopedInlineMixin, admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DrawInline(ReadOnlyInline):
    scope_filter = "round__campaign__scope__path"
    model = SpotCheckDraw
    fields = ["seed", "seed_source", "fingerprint", "drawn_at", "voided_at"]


@admin.register(InspectionRound)
class InspectionRoundAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["__str__", "campaign", "quarter", "status", "sample_mode"]
    list_filter = ["status", "sample_mode"]
    list_select_related = ["campaign"]
    raw_id_fields = ["campaign", "opened_by", "closed_by"]
    readonly_fields = ["opened_at", "closed_at"]
    inlines = [DrawInline]


@admin.register(SpotCheckDraw)
class SpotCheckDrawAdmin(ScopedAdmin):
    scope_filter = "round__campaign__scope__path"
    list_display = ["round", "seed", "seed_source", "drawn_at", "voided_at"]
    list_select_related = ["round", "round__campaign"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FindingFileInline(ReadOnlyInline):
    scope_filter = "finding__unit__path"
    model = FindingFile
    fields = ["name", "content_type", "size", "uploaded_at"]


@admin.register(Finding)
class FindingAdmin(ScopedAdmin):
    scope_filter = "unit__path"
    list_display = ["unit", "round", "kind", "rating", "found_on"]
    list_filter = ["rating", "kind"]
    list_select_related = ["unit", "round", "round__campaign"]
    search_fields = ["unit__name", "text"]
    raw_id_fields = [
        "round",
        "unit",
        "inspector",
        "record",
        "meeting",
        "news",
        "reinspects",
        "recorded_by",
    ]
    inlines = [FindingFileInline]


class StepInline(ReadOnlyInline):
    scope_filter = "item__unit__path"
    model = RectificationStep
    fields = ["action", "text", "deadline", "finding", "by", "at"]


@admin.register(RectificationItem)
class RectificationItemAdmin(ScopedAdmin):
    scope_filter = "unit__path"
    list_display = ["title", "unit", "owner", "deadline", "status", "escalated_at"]
    list_filter = ["status", "source"]
    list_select_related = ["unit", "owner"]
    search_fields = ["title", "unit__name"]
    raw_id_fields = [
        "campaign",
        "unit",
        "finding",
        "owner",
        "opened_by",
        "closed_by_finding",
    ]
    readonly_fields = ["status", "escalated_at", "answered_at", "closed_at"]
    inlines = [StepInline]


@admin.register(RectificationFile)
class RectificationFileAdmin(ScopedAdmin):
    scope_filter = "step__item__unit__path"
    list_display = ["name", "step", "content_type", "size", "uploaded_at"]
    list_select_related = ["step", "step__item", "step__item__unit"]
    raw_id_fields = ["step"]


@admin.register(HelpItem)
class HelpItemAdmin(ScopedAdmin):
    scope_filter = "unit__path"
    list_display = ["unit", "helper", "status", "due_on"]
    list_filter = ["status"]
    list_select_related = ["unit", "helper"]
    raw_id_fields = ["campaign", "unit", "finding", "helper", "created_by"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["__str__", "campaign", "half", "status"]
    list_filter = ["status"]
    list_select_related = ["campaign"]
    raw_id_fields = ["campaign", "opened_by", "closed_by"]


@admin.register(Review)
class ReviewAdmin(ScopedAdmin):
    scope_filter = "round__campaign__scope__path"
    list_display = ["__str__", "reviewer", "written_at", "acknowledged_at"]
    list_select_related = ["round", "round__campaign", "unit", "person", "reviewer"]
    raw_id_fields = [
        "round",
        "unit",
        "person",
        "reviewer",
        "written_by",
        "acknowledged_by",
    ]
    readonly_fields = ["acknowledged_at", "acknowledged_by"]
