"""The Django admin for the activity office, scoped like every other page."""

from django.contrib import admin
from django.db.models import Q

from organizations.access import scope_of
from organizations.admin_scope import ScopedAdmin
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


class OfficeAdmin(ScopedAdmin):
    """Open to the activity office (view, change, add), within its scope; deleting is
    for superusers."""

    scope_filter = "path"  # path lookup of the row's organisation

    def _office(self, request) -> bool:
        return request.user.is_active and scope_of(request.user).is_office

    def has_module_permission(self, request):
        return self._office(request)

    def has_view_permission(self, request, obj=None):
        return self._office(request) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._office(request) and self.in_scope(request, obj)

    def has_add_permission(self, request):
        return self._office(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class SuperuserAdmin(ScopedAdmin):
    """Open to superusers only (the office works through the product's pages)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organization)
class OrganizationAdmin(OfficeAdmin):
    list_display = ["name", "kind", "parent", "category", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    readonly_fields = ["path", "depth", "institute"]

    def save_model(self, request, obj, form, change):
        from organizations import services

        if change:
            super().save_model(request, obj, form, change)  # checks the scope
        else:
            created = services.organization_create(
                **{k: v for k, v in form.cleaned_data.items()}
            )
            obj.pk = created.pk
            self.ensure_in_scope(request, created)


@admin.register(BranchCategory)
class BranchCategoryAdmin(OfficeAdmin):
    scope_filter = "institute__path"
    list_display = ["name", "code", "institute"]


@admin.register(Person)
class PersonAdmin(OfficeAdmin):
    scope_filter = "institute__path"
    list_display = ["staff_no", "name", "department", "branch", "political_status"]
    list_filter = ["political_status", "is_active"]
    search_fields = ["name", "staff_no"]
    raw_id_fields = ["user"]


@admin.register(Role)
class RoleAdmin(OfficeAdmin):
    scope_filter = "node__path"
    list_display = ["person", "kind", "node", "title"]
    list_filter = ["kind"]


@admin.register(MassMembership)
class MassMembershipAdmin(OfficeAdmin):
    scope_filter = "unit__path"
    list_display = ["person", "unit", "since"]


@admin.register(User)
class UserAdmin(SuperuserAdmin):
    """Accounts are managed by superusers only; the office works through people."""

    scope_filter = "person__institute__path"

    list_display = ["username", "first_name", "is_active", "is_staff"]
    search_fields = ["username", "first_name"]


@admin.register(AuditEvent)
class AuditEventAdmin(OfficeAdmin):
    """The audit log, read-only, limited to the office's institutes."""

    @staticmethod
    def scope_filter(scope):
        # The event keeps its institute's bare id.
        return Q(
            institute_id__in=Organization.objects.filter(
                scope.path_q("path", write=True), kind=Organization.Kind.INSTITUTE
            ).values("pk")
        )

    list_display = ["at", "username", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(SuperuserAdmin):
    scope_filter = "recipient__institute__path"
    list_display = ["recipient", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]
