"""Admin of scoring: lines and rules editable; marks, scores and snapshots read only.

Scores and snapshots are stored computations: changing one by hand would break the
promise that each recomputes from its inputs, so the admin only shows them.
"""

from django.contrib import admin

from evaluations.models import (
    CriteriaVersion,
    DaitouRating,
    Score,
    ScoreRun,
    ScoreSheet,
    ScoreSnapshot,
    ScoringLine,
    ScoringRule,
    SheetMark,
    SnapshotScore,
)
from organizations.admin_scope import ScopedAdmin, ScopedInlineMixin


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScoringLine)
class ScoringLineAdmin(ScopedAdmin):
    scope_filter = "criteria_set__campaign__scope__path"
    list_display = [
        "text",
        "kind",
        "criterion",
        "max_points",
        "grade_cap",
        "criteria_set",
    ]
    list_filter = ["kind"]
    search_fields = ["text"]
    raw_id_fields = ["criteria_set", "criterion"]


@admin.register(ScoringRule)
class ScoringRuleAdmin(ScopedAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["campaign", "audience", "excellent_min", "good_min", "average_min"]
    raw_id_fields = ["campaign", "updated_by"]


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnlyAdmin):
    scope_filter = "criteria_set__campaign__scope__path"
    list_display = ["criteria_set", "number", "frozen_at", "reopened_at"]


class SheetMarkInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "sheet__unit__path"
    model = SheetMark
    extra = 0
    fields = ["line", "source", "points", "triggered", "poor", "comment", "marked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReadOnlyAdmin):
    scope_filter = "unit__path"
    list_display = ["unit", "campaign", "status", "submitted_at", "marked_at"]
    list_filter = ["status"]
    list_select_related = ["unit", "campaign"]
    search_fields = ["unit__name"]
    inlines = [SheetMarkInline]


@admin.register(DaitouRating)
class DaitouRatingAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["person", "criterion", "rating", "rated_at"]
    list_filter = ["rating"]
    list_select_related = ["person", "criterion"]


@admin.register(ScoreRun)
class ScoreRunAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["campaign", "computed_at", "changed", "published_at"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["name", "campaign", "category_label", "score", "grade", "rank"]
    list_filter = ["grade", "vetoed"]
    search_fields = ["name"]
    exclude = ["inputs"]


@admin.register(ScoreSnapshot)
class ScoreSnapshotAdmin(ReadOnlyAdmin):
    scope_filter = "campaign__scope__path"
    list_display = ["label", "campaign", "taken_at", "count"]


@admin.register(SnapshotScore)
class SnapshotScoreAdmin(ReadOnlyAdmin):
    scope_filter = "snapshot__campaign__scope__path"
    list_display = ["name", "snapshot", "score", "grade", "rank"]
    exclude = ["inputs"]
