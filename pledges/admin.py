from django.contrib import admin

from organizations.admin_scope import ScopedAdmin, ScopedInlineMixin
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
class CampaignAdmin(ScopedAdmin):
    scope_filter = "scope__path"
    list_display = ["year", "theme", "scope", "phase1_start", "phase5_end", "is_active"]
    list_filter = ["is_active", "year"]
    raw_id_fields = ["scope", "copied_from", "created_by"]


class CriterionInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "criteria_set__campaign__scope__path"
    model = Criterion
    raw_id_fields = ["parent"]
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["name", "campaign", "family", "audience", "order"]
    list_filter = ["family", "audience"]
    inlines = [CriterionInline]


class TemplateMeasureInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "template__campaign__scope__path"
    model = TemplateMeasure
    extra = 0


@admin.register(PlanTemplate)
class PlanTemplateAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["__str__", "campaign", "family"]
    inlines = [TemplateMeasureInline]


class PlanMeasureInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "plan__unit__path"
    model = PlanMeasure
    raw_id_fields = ["owner"]
    extra = 0


class PlanMilestoneInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "plan__unit__path"
    model = PlanMilestone
    extra = 0


@admin.register(Plan)
class PlanAdmin(ScopedAdmin):
    scope_filter = "unit__path"
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


class PledgeItemInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "pledge__unit__path"
    model = PledgeItem
    raw_id_fields = ["criterion"]
    extra = 0


@admin.register(Pledge)
class PledgeAdmin(ScopedAdmin):
    scope_filter = "unit__path"
    list_display = ["person", "unit", "campaign", "status", "on_behalf", "updated_at"]
    list_filter = ["status", "on_behalf"]
    raw_id_fields = ["unit", "campaign", "person", "criteria_set"]
    readonly_fields = PlanAdmin.readonly_fields
    inlines = [PledgeItemInline]


class VersionAdmin(ScopedAdmin):
    list_display = ["__str__", "number", "changed_by", "changed_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanVersion)
class PlanVersionAdmin(VersionAdmin):
    scope_filter = "plan__unit__path"


@admin.register(PledgeVersion)
class PledgeVersionAdmin(VersionAdmin):
    scope_filter = "pledge__unit__path"


@admin.register(SupervisionComment)
class SupervisionCommentAdmin(ScopedAdmin):
    scope_filter = ("plan__unit__path", "pledge__unit__path")
    list_display = ["__str__", "created_on", "is_anonymous", "answered_at"]
    readonly_fields = ["author", "is_anonymous", "created_on"]


class EvidenceInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = (
        "update__item__pledge__unit__path",
        "update__measure__plan__unit__path",
    )
    model = Evidence
    readonly_fields = ["name", "content_type", "size", "uploaded_by"]
    exclude = ["file"]
    extra = 0


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ScopedAdmin):
    scope_filter = ("item__pledge__unit__path", "measure__plan__unit__path")
    list_display = ["__str__", "item", "measure", "reported_at"]
    raw_id_fields = ["item", "measure"]
    inlines = [EvidenceInline]
