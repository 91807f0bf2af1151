from django.contrib import admin

from pledges.activity import admin as activity_admin  # noqa: F401  (registers the records' admin)
from pledges.models import (
    Campaign,
    CriteriaSet,
    Criterion,
    Evidence,
    Plan,
    PlanMeasure,
    PlanMilestone,
    PlanTemplate,
    PlanVersion,
    Pledge,
    PledgeItem,
    PledgeVersion,
    ProgressUpdate,
    SupervisionComment,
    TemplateMeasure,
)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["year", "theme", "scope", "phase1_start", "phase5_end", "is_active"]
    list_filter = ["is_active", "year"]
    raw_id_fields = ["scope", "copied_from", "created_by"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    raw_id_fields = ["parent"]
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "family", "audience", "order"]
    list_filter = ["family", "audience"]
    inlines = [CriterionInline]


class TemplateMeasureInline(admin.TabularInline):
    model = TemplateMeasure
    extra = 0


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "campaign", "family"]
    inlines = [TemplateMeasureInline]


class PlanMeasureInline(admin.TabularInline):
    model = PlanMeasure
    raw_id_fields = ["owner"]
    extra = 0


class PlanMilestoneInline(admin.TabularInline):
    model = PlanMilestone
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "status", "version", "updated_at"]
    list_filter = ["status"]
    raw_id_fields = ["unit", "campaign", "criteria_set"]
    readonly_fields = [
        "revision",
        "version",
        "created_by",
        "updated_by",
        "approved_by",
        "published_by",
        "returned_by",
    ]
    inlines = [PlanMeasureInline, PlanMilestoneInline]


class PledgeItemInline(admin.TabularInline):
    model = PledgeItem
    raw_id_fields = ["criterion"]
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(admin.ModelAdmin):
    list_display = ["person", "unit", "campaign", "status", "on_behalf", "updated_at"]
    list_filter = ["status", "on_behalf"]
    raw_id_fields = ["unit", "campaign", "person", "criteria_set"]
    readonly_fields = PlanAdmin.readonly_fields
    inlines = [PledgeItemInline]


@admin.register(PlanVersion, PledgeVersion)
class VersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "changed_by", "changed_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SupervisionComment)
class SupervisionCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_on", "is_anonymous", "answered_at"]
    readonly_fields = ["author", "is_anonymous", "created_on"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    readonly_fields = ["name", "content_type", "size", "uploaded_by"]
    exclude = ["file"]
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "item", "measure", "reported_at"]
    raw_id_fields = ["item", "measure"]
    inlines = [EvidenceInline]
