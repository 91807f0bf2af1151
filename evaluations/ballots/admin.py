"""Admin of the secret evaluation: set-up editable, ballots and votes read only.

Staged ballots are not shown at all: while staged they still sit next to their has-voted
rows; the office works through the product's pages, which never show them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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


class DraftOnlyInline(ScopedInlineMixin, admin.TabularInline):
    """Rules and questions change only while the round is a draft (as in the services):
    an open round's targets are fixed and its voters answer these questions."""

    scope_filter = "round__scope__path"
    extra = 0

    def _draft(self, obj) -> bool:
        return obj is None or obj.is_draft

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class TargetRuleInline(DraftOnlyInline):
    model = TargetRule
    raw_id_fields = ["unit", "person"]


class QuestionInline(DraftOnlyInline):
    model = Question


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
    """Below k the pages and the API show neither the count nor the mean; nor does this."""

    list_display = ["target", "round", "ballots_shown", "withheld", "mean_shown"]
    scope_filter = "round__scope__path"
    list_filter = ["round", "withheld"]
    fields = ["round", "target", "ballots_shown", "withheld", "mean_shown"]
    readonly_fields = fields

    @admin.display(description=_("ballots"))
    def ballots_shown(self, tally):
        return "—" if tally.withheld else tally.ballots

    @admin.display(description=_("mean score"))
    def mean_shown(self, tally):
        return "—" if tally.withheld or tally.mean is None else tally.mean
