"""One scope for every admin page (后台管理): rows, objects, history, reverts, choices.

Every ``ModelAdmin`` of the project derives from ``ScopedAdmin`` and every inline from
``ScopedInlineMixin``. Each names how its rows reach the organisation tree (a path lookup,
``scope_filter``); ``admin_scoped`` filters any queryset of a known model by the user's
managed subtrees, the same scope (``organizations.access.scope_of``) every other page uses.
So the list, the change, delete and history pages, the revert form, autocomplete, and the
choices a foreign key offers and accepts all see the same rows. A model no admin module
names is out of scope for everyone but superusers.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import router, transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from core.forms import IdsField
from organizations.access import scope_of

# model -> path lookups of its rows' organisation (any one in scope puts a row in scope)
# (a callable takes the Scope and returns a Q, for rows that hold a bare id)
LOOKUPS: dict[type[Model], tuple] = {}


def scope_register(model: type[Model], *lookups) -> None:
    """Name the path lookups through which ``model``'s rows reach the organisation tree."""
    if not lookups:
        raise ImproperlyConfigured(f"{model.__name__}: no scope lookup")
    LOOKUPS[model] = lookups


def admin_scoped(
    user, model: type[Model], queryset: QuerySet | None = None
) -> QuerySet:
    """The rows of ``model`` the user may manage in the admin (all for a superuser)."""
    qs = model._default_manager.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.is_superuser:
        return qs
    lookups = LOOKUPS.get(model)
    if not lookups or not scope.manage_paths:
        return qs.none()
    q = Q(pk__in=[])
    for lookup in lookups:
        q |= lookup(scope) if callable(lookup) else scope.path_q(lookup, write=True)
    return qs.filter(q)


def _lookups(admin_class) -> tuple:
    lookups = admin_class.scope_filter
    return tuple(lookups) if isinstance(lookups, tuple | list) else (lookups,)


def _is_id(value) -> bool:
    """A primary key PostgreSQL can hold (a bigint)."""
    return str(value).isascii() and str(value).isdigit() and int(value) < 2**63


def has_history(model: type[Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


class ScopedFieldsMixin:
    """Foreign keys and many-to-many fields offer and accept only rows in scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            base = self.get_field_queryset(None, db_field, request)
            kwargs["queryset"] = admin_scoped(
                request.user, db_field.related_model, base
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdsField)
        if "queryset" not in kwargs:
            base = self.get_field_queryset(None, db_field, request)
            kwargs["queryset"] = admin_scoped(
                request.user, db_field.related_model, base
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInlineMixin(ScopedFieldsMixin):
    """For inlines: their rows belong to the parent (checked by its admin); their
    foreign keys are scoped like the parent's, and other forms may point at them."""

    scope_filter = ()
    # At most this many forms are built, whatever TOTAL_FORMS claims (Django's default
    # builds two thousand); a count above it is refused with a message.
    max_num = 500
    absolute_max = 500

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", self.absolute_max)
        return super().get_formset(request, obj, **kwargs)


class ScopedAdmin(ScopedFieldsMixin, SimpleHistoryAdmin):
    """Scopes every view and object of one model; permissions stay the admin's own
    (superusers, or what a subclass grants), always within the scope."""

    scope_filter = ()  # a path lookup, a callable (Scope -> Q), or a tuple of them

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        scope_register(model, *_lookups(self))
        for inline in self.inlines:
            # Registered with the parent: other forms may point at inline rows.
            scope_register(inline.model, *_lookups(inline))
        if not has_history(model):
            # Django's own history (the admin's log) for models without change history.
            self.object_history_template = "admin/object_history.html"
            self.change_form_template = None

    def get_queryset(self, request):
        return admin_scoped(request.user, self.model, super().get_queryset(request))

    def in_scope(self, request, obj) -> bool:
        """Whether ``obj`` (a row, or a historical version of one) is in scope now."""
        if obj is None or request.user.is_superuser:
            return True
        if obj.pk is None:
            return False
        cache = request.__dict__.setdefault("_cx_admin_scope", {})
        key = (self.model, obj.pk)
        if key not in cache:
            cache[key] = self.get_queryset(request).filter(pk=obj.pk).exists()
        return cache[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.in_scope(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.in_scope(
            request, obj
        )

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # An object out of scope is a 404, as on every other page.
        raise Http404

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    def delete_view(self, request, object_id, extra_context=None):
        # Django asks for the permission first: a row out of scope is a 404, not a 403.
        self._object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not has_history(self.model):
            from django.contrib.admin import ModelAdmin

            return ModelAdmin.history_view(self, request, object_id, extra_context)
        if not request.user.is_superuser:
            # simple-history falls back to the last version of a row it cannot find:
            # a row out of scope must stay unseen.
            self._object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not has_history(self.model) or not _is_id(version_id):
            raise Http404
        if not request.user.is_superuser:
            self._object_or_404(request, object_id)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(
                request, object_id, version_id, extra_context
            )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.ensure_in_scope(request, obj)

    def ensure_in_scope(self, request, obj) -> None:
        """A save (or a revert) may not move a row out of the user's scope."""
        request.__dict__.pop("_cx_admin_scope", None)
        if not self.in_scope(request, obj):
            raise PermissionDenied
