"""The Django admin for the activity office, scoped like every other page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from organizations.access import office_institutes, scope_of
from organizations.models import (
    AuditEvent,
    BranchCategory,
    MassMembership,
    Notification,
    Organization,
    Person,
    Role,
    User,
)


class ScopedAdmin(SimpleHistoryAdmin):
    """Shows and edits only rows inside the office's scope; others see nothing."""

    scope_filter = "path"  # path lookup of the row's organisation

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        scope = scope_of(request.user)
        return qs.filter(scope.path_q(self.scope_filter, write=True))

    def _office(self, request) -> bool:
        return request.user.is_active and scope_of(request.user).is_office

    def has_module_permission(self, request):
        return self._office(request)

    def has_view_permission(self, request, obj=None):
        return self._office(request)

    def has_change_permission(self, request, obj=None):
        return self._office(request)

    def has_add_permission(self, request):
        return self._office(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Organization:
            kwargs["queryset"] = scope_of(request.user).units(write=True)
        elif db_field.related_model is Person:
            kwargs["queryset"] = scope_of(request.user).people(write=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Organization)
class OrganizationAdmin(ScopedAdmin):
    list_display = ["name", "kind", "parent", "category", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["path", "depth", "institute"]

    def save_model(self, request, obj, form, change):
        from organizations import services

        if change:
            super().save_model(request, obj, form, change)
        else:
            created = services.organization_create(
                **{k: v for k, v in form.cleaned_data.items()}
            )
            obj.pk = created.pk


@admin.register(BranchCategory)
class BranchCategoryAdmin(ScopedAdmin):
    scope_filter = "institute__path"
    list_display = ["name", "code", "institute"]


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    scope_filter = "institute__path"
    list_display = ["staff_no", "name", "department", "branch", "political_status"]
    list_filter = ["political_status", "is_active"]
    search_fields = ["name", "staff_no"]
    raw_id_fields = ["user"]


@admin.register(Role)
class RoleAdmin(ScopedAdmin):
    scope_filter = "node__path"
    list_display = ["person", "kind", "node", "title"]
    list_filter = ["kind"]


@admin.register(MassMembership)
class MassMembershipAdmin(ScopedAdmin):
    scope_filter = "unit__path"
    list_display = ["person", "unit", "since"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts are managed by superusers only; the office works through people."""

    list_display = ["username", "first_name", "is_active", "is_staff"]
    search_fields = ["username", "first_name"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only, limited to the office's institutes."""

    list_display = ["at", "username", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(institute_id__in=office_institutes(request.user).values("pk"))

    def has_module_permission(self, request):
        return request.user.is_active and scope_of(request.user).is_office

    has_view_permission = ScopedAdmin.has_view_permission
    _office = ScopedAdmin._office

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
