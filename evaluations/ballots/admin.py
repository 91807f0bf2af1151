"""Admin of the secret evaluation: set-up editable, ballots and votes read only.

Staged ballots are not shown at all: while staged they still sit next to their has-voted
rows; the office works through the product's pages, which never show them.
"""

from django.contrib import admin

from evaluations.models import (
    Participation,
    Question,
    Round,
    Slip,
    Target,
    TargetRule,
    TargetTally,
)
from organizations.admin_scope import ScopedAdmin, ScopedInlineMixin


class ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TargetRuleInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "round__scope__path"
    model = TargetRule
    extra = 0
    raw_id_fields = ["unit", "person"]


class QuestionInline(ScopedInlineMixin, admin.TabularInline):
    scope_filter = "round__scope__path"
    model = Question
    extra = 0


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    scope_filter = "scope__path"
    list_display = ["title", "kind", "scope", "opens_on", "closes_on", "status", "k"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    raw_id_fields = ["scope", "campaign", "created_by"]
    readonly_fields = ["status", "tallied_on", "published_on"]
    inlines = [TargetRuleInline, QuestionInline]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    scope_filter = "round__scope__path"
    list_display = ["name", "round"]
    list_filter = ["round"]
    search_fields = ["name"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    scope_filter = "round__scope__path"
    list_display = ["voter", "target", "round", "voted_on"]
    list_filter = ["round"]
    list_select_related = ["voter", "target", "round"]


@admin.register(Slip)
class SlipAdmin(ReadOnlyAdmin):
    scope_filter = "round__scope__path"
    list_display = ["round", "unit", "used"]
    list_filter = ["round", "used"]
    exclude = ["code_hash"]


@admin.register(TargetTally)
class TargetTallyAdmin(ReadOnlyAdmin):
    scope_filter = "round__scope__path"
    list_display = ["target", "round", "ballots", "withheld", "mean"]
    list_filter = ["round", "withheld"]
