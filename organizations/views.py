"""Pages of the organisation tree, the roster and each role's home."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.views import apply_errors, int_param, paginate
from organizations import selectors, services
from organizations.access import get_person_for, get_unit_for, scope_of
from organizations.campaign_office import academy_seat_ids
from organizations.forms import MergeForm, MoveForm, PersonForm, RoleForm, UnitForm
from organizations.homes import home_for
from organizations.models import Organization, Role


@login_required
def home(request):
    """Each role lands on its own home page; the academy's activity office on the
    academy overview (it holds no role in an institute's tree)."""
    scope = scope_of(request.user)
    if not (scope.is_superuser or scope.is_office) and academy_seat_ids(scope):
        return redirect("academy:overview")
    template, context = home_for(request.user)
    return render(request, template, context)


@login_required
def tree(request):
    scope = scope_of(request.user)
    if not (scope.read_paths or scope.is_superuser):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    show_inactive = bool(request.GET.get("all"))

    def table() -> str:
        rows = selectors.tree_rows(scope, query=query, show_inactive=show_inactive)
        return render_to_string("organizations/_tree_table.html", {"units": rows})

    # The whole tree is the same for everyone of one reach: kept in the versioned
    # cache, which every write to units, people or roles makes stale.
    html = versioned_cache.list_part(
        scope.institute_id,
        ("org_tree", _reach(scope), show_inactive),
        table,
        searched=query,
    )
    return render(request, "organizations/tree.html", {"table": html, "query": query})


def _reach(scope) -> tuple:
    """What decides which units and people a scope reads: its reach, and one's own
    units and oneself where they may lie outside it (:meth:`Scope.units`,
    :meth:`Scope.people`)."""
    own = None if scope._reads_own_institute() else scope.user_id
    return (versioned_cache.reach_key(scope), own)


@login_required
def unit_detail(request, pk):
    unit = get_unit_for(request.user, pk)
    scope = scope_of(request.user)
    can_manage = scope.can_manage_unit(unit)
    people = paginate(request, selectors.people_for(scope, unit=unit), 30)
    children = list(unit.children.select_related("category").order_by("order", "name"))
    roles = list(unit.roles.select_related("person").order_by("order", "pk"))
    merged_from = list(unit.merged_from.all())
    # A link only where the user may follow it (a secretary reads no unit above the
    # branch: its parent is a name, not a link that answers 404).
    linked = [unit.parent, unit.led_by, unit.merged_into, *children, *merged_from]
    readable_units = {u.pk for u in linked if u is not None and scope.can_read_unit(u)}
    readable_people = set(
        scope.people()
        .filter(pk__in=[role.person_id for role in roles])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "can_manage": can_manage,
            "children": children,
            "roles": roles,
            "people": people,
            "history": unit.history.select_related("history_user", "parent")[:20],
            "merged_from": merged_from,
            "readable_units": readable_units,
            "readable_people": readable_people,
        },
    )


@login_required
def unit_create(request, parent_pk):
    parent = get_unit_for(request.user, parent_pk, write=True)
    form = UnitForm(
        request.POST or None, institute=parent.institute or parent, parent=parent
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.organization_create(
                parent=parent,
                **{k: v for k, v in form.cleaned_data.items()},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect(unit)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "title": _("New unit under %(name)s") % {"name": parent.name}},
    )


@login_required
def unit_edit(request, pk):
    unit = get_unit_for(request.user, pk, write=True)
    form = UnitForm(
        request.POST or None, instance=unit, institute=unit.institute or unit
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            services.organization_update(unit=unit, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(unit)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": unit.name}},
    )


@login_required
def unit_move(request, pk):
    unit = get_unit_for(request.user, pk, write=True)
    scope = scope_of(request.user)
    candidates = (
        scope.units(write=True)
        .filter(institute_id=unit.institute_id, is_active=True)
        .exclude(path__startswith=unit.path)
    )
    form = MoveForm(request.POST or None, units=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_move(
                unit=unit, new_parent=form.cleaned_data["new_parent"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Unit moved; its history keeps the old place."))
            return redirect(unit)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Move %(name)s") % {"name": unit.name}},
    )


@login_required
def unit_merge(request, pk):
    unit = get_unit_for(request.user, pk, write=True)
    scope = scope_of(request.user)
    candidates = (
        scope.units(write=True)
        .filter(institute_id=unit.institute_id, kind=unit.kind, is_active=True)
        .exclude(pk=unit.pk)
    )
    form = MergeForm(request.POST or None, units=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.organization_merge(
                source=unit, target=form.cleaned_data["target"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(source)s was merged into %(target)s.")
                % {"source": unit.name, "target": target.name},
            )
            return redirect(target)
    return render(
        request,
        "organizations/form.html",
        {
            "form": form,
            "title": _("Merge %(name)s into another unit") % {"name": unit.name},
        },
    )


@login_required
def role_add(request, pk):
    unit = get_unit_for(request.user, pk, write=True)
    form = RoleForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_grant(node=unit, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Role added."))
            return redirect(unit)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Add a role at %(name)s") % {"name": unit.name}},
    )


@login_required
@require_POST
def role_remove(request, pk, role_pk):
    unit = get_unit_for(request.user, pk, write=True)
    role = get_object_or_404(Role, pk=role_pk, node=unit)
    try:
        services.role_revoke(role=role)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Role removed."))
    return redirect(unit)


@login_required
def people(request):
    scope = scope_of(request.user)
    if not scope.read_paths:
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    unit_id = int_param(request.GET.get("unit"))
    unit = get_unit_for(request.user, unit_id) if unit_id is not None else None
    rows = versioned_cache.KeptCount(
        selectors.people_for(scope, query=query, unit=unit),
        scope.institute_id,
        ("roster", _reach(scope), unit_id),
        searched=query,
    )
    page = paginate(request, rows)

    def table() -> str:
        rows = selectors.roster_rows(page.object_list)
        return render_to_string("organizations/_people_table.html", {"rows": rows})

    # A page of the roster is the same for everyone of one reach: kept in the
    # versioned cache, which every write to people or units makes stale.
    html = versioned_cache.list_part(
        scope.institute_id,
        ("roster", _reach(scope), unit_id, page.number),
        table,
        searched=query,
    )
    return render(
        request,
        "organizations/people.html",
        {
            "page": page,
            "table": html,
            "query": query,
            "unit": unit,
            "can_import": scope.is_office,
        },
    )


@login_required
def person_detail(request, pk):
    person = get_person_for(request.user, pk)
    scope = scope_of(request.user)
    can_edit = scope.people(write=True).filter(pk=pk).exists()
    return render(
        request,
        "organizations/person_detail.html",
        {
            "person": person,
            "can_edit": can_edit,
            "roles": person.roles.select_related("node"),
            "mass_units": person.mass_units.all(),
            "history": person.history.select_related("history_user")[:20],
        },
    )


@login_required
def person_edit(request, pk):
    person = get_person_for(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, institute=person.institute)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect(person)
    return render(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Edit %(name)s") % {"name": person.name}},
    )


__all__ = ["Organization"]
