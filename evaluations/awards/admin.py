"""Admin of the awards and phases 3 to 5: read mostly; the product's pages do the work
(every change there is audited)."""

from django.contrib import admin

from evaluations.models import (
    AwardAdjustment,
    AwardCandidate,
    AwardList,
    AwardQuota,
    DutyReport,
    ExchangeFile,
    ExchangeSession,
    ModelPost,
    Nomination,
)
from organizations.admin_scope import ScopedAdmin, ScopedInlineMixin


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardQuota)
class AwardQuotaAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["campaign", "criteria_set", "category_label", "count"]
    list_filter = ["campaign"]


class AwardCandidateInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "award_list__campaign__scope__path"
    model = AwardCandidate
    extra = 0
    fields = ["criteria_set", "name", "category_label", "score", "grade", "state"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AwardList)
class AwardListAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = [
        "campaign",
        "status",
        "proposed_at",
        "signed_off_at",
        "published_at",
    ]
    list_filter = ["status"]
    inlines = [AwardCandidateInline]


@admin.register(AwardAdjustment)
class AwardAdjustmentAdmin(ReadOnlyAdmin):
    scope_filter = "award_list__campaign__scope__path"
    list_display = ["at", "award_list", "action", "name", "by"]
    list_filter = ["action"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    scope_filter = "award_list__campaign__scope__path"
    list_display = ["award_list", "criteria_set", "unit", "person", "updated_at"]
    raw_id_fields = ["unit", "person"]


@admin.register(DutyReport)
class DutyReportAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["person", "campaign", "role_label", "submitted_at"]
    list_filter = ["campaign"]


@admin.register(ModelPost)
class ModelPostAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["post_name", "person", "campaign", "since", "ended_on"]
    list_filter = ["campaign"]
    raw_id_fields = ["person", "campaign", "designated_by"]


class ExchangeFileInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "session__campaign__scope__path"
    model = ExchangeFile
    extra = 0
    fields = ["name", "content_type", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExchangeSession)
class ExchangeSessionAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["title", "held_on", "campaign"]
    list_filter = ["campaign"]
    raw_id_fields = ["campaign", "recorded_by"]
    filter_horizontal = ["units"]
    inlines = [ExchangeFileInline]
