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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AwardQuota)
class AwardQuotaAdmin(ReadOnlyAdmin):
    list_display = ["campaign", "criteria_set", "category_label", "count"]
    list_filter = ["campaign"]


class AwardCandidateInline(admin.TabularInline):
    model = AwardCandidate
    extra = 0
    fields = ["criteria_set", "name", "category_label", "score", "grade", "state"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AwardList)
class AwardListAdmin(ReadOnlyAdmin):
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
    list_display = ["at", "award_list", "action", "name", "by"]
    list_filter = ["action"]


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["award_list", "criteria_set", "unit", "person", "updated_at"]
    raw_id_fields = ["unit", "person"]


@admin.register(DutyReport)
class DutyReportAdmin(ReadOnlyAdmin):
    list_display = ["person", "campaign", "role_label", "submitted_at"]
    list_filter = ["campaign"]


@admin.register(ModelPost)
class ModelPostAdmin(admin.ModelAdmin):
    list_display = ["post_name", "person", "campaign", "since", "ended_on"]
    list_filter = ["campaign"]
    raw_id_fields = ["person", "campaign", "designated_by"]


class ExchangeFileInline(admin.TabularInline):
    model = ExchangeFile
    extra = 0
    fields = ["name", "content_type", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ExchangeSession)
class ExchangeSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "campaign"]
    list_filter = ["campaign"]
    raw_id_fields = ["campaign", "recorded_by"]
    filter_horizontal = ["units"]
    inlines = [ExchangeFileInline]
