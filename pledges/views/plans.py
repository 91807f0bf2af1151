"""Plans."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.pk_urls import pk_url
from core.views import apply_errors, flash_errors, int_param, paginate
from organizations.access import get_unit_for, scope_of
from pledges import selectors, services
from pledges.access import get_campaign_shown, get_plan_for
from pledges.forms import (
    CommentForm,
    MeasureFormSet,
    MilestoneFormSet,
    PlanForm,
    ReturnForm,
)
from pledges.models import PLAN_UNIT_KINDS, ConflictError, Plan, Status


@login_required
def plan_list(request):
    scope = scope_of(request.user)
    if not scope.read_paths and not scope.is_superuser:
        raise PermissionDenied
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    reach = versioned_cache.reach_key(scope)
    # The count is the same for everyone of one reach (like the page's rows below).
    plans = versioned_cache.KeptCount(
        selectors.plans_for(scope, campaign, status=status, query=query),
        scope.institute_id,
        ("plans", reach, campaign.pk, status),
        searched=query,
    )
    page = paginate(request, plans)

    def table() -> str:
        rows = selectors.plan_rows(page.object_list)
        return render_to_string("pledges/_plan_table.html", {"rows": rows})

    # A page of plans is the same for everyone of one reach (plans_for reads the
    # scope's read paths): kept in the versioned cache until a write.
    html = versioned_cache.list_part(
        scope.institute_id,
        ("plans", reach, campaign.pk, status, page.number),
        table,
        searched=query,
    )

    def without_plan() -> list:
        return list(
            scope.units(write=True)
            .filter(
                kind__in=PLAN_UNIT_KINDS,
                is_active=True,
                path__startswith=campaign.scope.path,
            )
            .exclude(pk__in=Plan.objects.filter(campaign=campaign).values("unit_id"))
            .order_by("path")
            .only("pk", "name")[:50]
        )

    # The units one may start a plan for are those of one's write reach: kept for
    # everyone of it until a write (compiling the query was a tenth of the page).
    managed = versioned_cache.get_or_compute(
        versioned_cache.FIGURES,
        scope.institute_id,
        ("plans_to_start", reach, campaign.pk),
        without_plan,
    )
    awaiting = selectors.awaiting_approval(scope, campaign, pledges=False)
    plan_url = pk_url("pledges:plan")
    return render(
        request,
        "pledges/plan_list.html",
        {
            "campaign": campaign,
            "page": page,
            "table": html,
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "units_without_plan": managed,
            "awaiting": awaiting["plans"],
            # Each link reversed once for all (an office has dozens awaiting).
            "awaiting_links": [
                (plan_url(p.pk), p.unit.name, p.submitted_at) for p in awaiting["plans"]
            ],
        },
    )


@login_required
@require_POST
def plan_create(request, unit_pk):
    unit = get_unit_for(request.user, unit_pk)
    campaign = selectors.current_campaign(unit)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
    try:
        plan = services.plan_create(campaign=campaign, unit=unit, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("pledges:plans")
    messages.success(request, _("The plan was started from your category's template."))
    return redirect("pledges:plan_edit", plan.pk)


def _change_lines(change: dict | None) -> list[str]:
    """What a change held for approval says, line by line (texts, rows without ids)."""
    if not change:
        return []
    lines = []
    for value in change["content"].values():
        if isinstance(value, str):
            lines.append(value)
            continue
        for row in value:
            if not row.get("delete"):
                lines.append(
                    " · ".join(
                        str(v) for k, v in row.items() if isinstance(v, str) and v
                    )
                )
    return lines


def _filed_context(request, obj, kind):
    scope = scope_of(request.user)
    # Read only if shown (the pledge page keeps them rendered in the shared cache):
    # even building their querysets was a tenth of the page.
    comments = (
        SimpleLazyObject(lambda: list(selectors.comments_on(obj)))
        if obj.is_published
        else []
    )
    return {
        kind: obj,
        "obj": obj,
        "kind": kind,
        "can_edit": obj.can_edit(scope) and obj.is_editable,
        "can_approve": obj.can_approve(scope),
        "filer_may_not_approve": (
            obj.status == Status.SUBMITTED or obj.change_awaits_approval
        )
        and obj.is_filed_by(scope),
        "change_lines": _change_lines(obj.change),
        "can_answer": scope.can_manage_unit(obj.unit),
        "return_form": ReturnForm(),
        "comment_form": CommentForm(),
        "versions": SimpleLazyObject(
            lambda: selectors.versions_with_diffs(
                obj.versions.select_related("changed_by__person")
            )
        ),
        "comments": comments,
        "Status": Status,
    }


@login_required
def plan_detail(request, pk):
    plan = get_plan_for(request.user, pk)
    scope = scope_of(request.user)
    context = _filed_context(request, plan, "plan")
    context["approving_unit"] = plan.approving_unit
    context["measures"] = plan.measures.select_related("owner")
    context["milestones"] = plan.milestones.all()
    context["can_report_ids"] = {
        m.pk for m in context["measures"] if services.can_report(scope, m)
    }
    return render(request, "pledges/plan_detail.html", context)


def _conflict_data(request, form_prefix_revision: int):
    data = request.POST.copy()
    data["revision"] = str(form_prefix_revision)
    return data


def _after_save(request, obj, edit_url: str):
    """Save keeps the user on the form (with 已保存); finishing or submitting leaves it."""
    if "submit_now" in request.POST:
        kind = "plan" if isinstance(obj, Plan) else "pledge"
        submit = getattr(services, f"{kind}_submit")
        try:
            submit(**{kind: obj}, by=request.user)
            messages.success(request, _("Saved and submitted for approval."))
        except ValidationError as error:
            messages.success(request, _("Changes saved."))
            flash_errors(request, error)
        return redirect(obj)
    if obj.change_awaits_approval:
        messages.success(
            request,
            _(
                "Saved and sent for approval; the published version stays on the "
                "board until your change is approved."
            ),
        )
    else:
        messages.success(request, _("Changes saved."))
    if "finish" in request.POST:
        return redirect(obj)
    return redirect(edit_url)


def row_response(request, formset_class, prefix: str, form_kwargs: dict):
    """One more blank row of a formset, added in place (htmx): the row and the
    formset's new total, swapped out of band."""
    index = int_param(request.GET.get(f"{prefix}-TOTAL_FORMS"))
    if index is None or index < 0:
        index = 0
    if index >= formset_class.max_num:
        return render(
            request,
            "pledges/_row_limit.html",
            {"max": formset_class.max_num},
        )
    form = formset_class.form(
        prefix=f"{prefix}-{index}", use_required_attribute=False, **form_kwargs
    )
    return render(
        request,
        "pledges/_row_added.html",
        {"f": form, "index": index, "prefix": prefix, "total": index + 1},
    )


def _not_editable(request, obj):
    """Back to the plan or pledge, saying why its form cannot be opened now."""
    messages.error(
        request,
        _(
            "It is %(status)s and cannot be changed now; the approver can return it to you."
        )
        % {"status": obj.get_status_display()},
    )
    return redirect(obj)


def _editable_or_404(obj):
    if not obj.is_editable:
        raise Http404(_("It cannot be changed now."))


@login_required
def plan_row(request, pk, prefix):
    plan = get_plan_for(request.user, pk, write=True)
    _editable_or_404(plan)
    if prefix == "measures":
        people = selectors.unit_members(plan.unit).order_by("staff_no")
        return row_response(request, MeasureFormSet, prefix, {"people": people})
    if prefix == "milestones":
        return row_response(request, MilestoneFormSet, prefix, {})
    raise Http404


@login_required
def plan_edit(request, pk):
    plan = get_plan_for(request.user, pk, write=True)
    if not plan.is_editable:
        return _not_editable(request, plan)
    people = selectors.unit_members(plan.unit).order_by("staff_no")
    data = request.POST if request.method == "POST" else None
    # A published plan with a change held for approval is edited from that change.
    content = services.plan_content(plan)
    form = PlanForm(
        data,
        initial={
            "revision": plan.revision,
            "focus": content["focus"],
            "targets": content["targets"],
        },
    )
    measures = MeasureFormSet(
        data,
        prefix="measures",
        form_kwargs={"people": people},
        initial=[row for row in content["measures"] if not row.get("delete")],
    )
    milestones = MilestoneFormSet(
        data,
        prefix="milestones",
        initial=[row for row in content["milestones"] if not row.get("delete")],
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and measures.is_valid()
        and milestones.is_valid()
    ):
        try:
            services.plan_update(
                plan=plan,
                by=request.user,
                revision=form.cleaned_data["revision"],
                focus=form.cleaned_data["focus"],
                targets=form.cleaned_data["targets"],
                measures=measures.rows(),
                milestones=milestones.rows(),
            )
        except ConflictError as error:
            plan.refresh_from_db()
            form = PlanForm(_conflict_data(request, plan.revision))
            form.is_valid()
            apply_errors(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _after_save(request, plan, request.path)
    return render(
        request,
        "pledges/plan_edit.html",
        {
            "plan": plan,
            "obj": plan,
            "form": form,
            "measures": measures,
            "milestones": milestones,
        },
    )


STEPS = (
    "submit",
    "return",
    "approve",
    "publish",
    "approve_publish",
    "approve_change",
    "return_change",
)


def _run_step(request, obj, kind, step):
    fn = {
        s: getattr(services, f"{kind}_{s}")
        for s in ("submit", "return", "approve", "publish", "change_approve")
    }
    fn["return_change"] = getattr(services, f"{kind}_change_return")
    scope = scope_of(request.user)
    if step == "submit":
        allowed = obj.can_edit(scope)
    else:
        allowed = obj.can_approve(scope)
    if not allowed:
        raise PermissionDenied
    try:
        if step in ("return", "return_change"):
            form = ReturnForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for e in errors:
                        messages.error(request, e)
                return
            fn[step](**{kind: obj}, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Returned with your reason."))
        elif step == "approve_change":
            fn["change_approve"](**{kind: obj}, by=request.user)
            messages.success(
                request, _("The change is approved and published as a new version.")
            )
        elif step == "approve_publish":
            fn["approve"](**{kind: obj}, by=request.user)
            fn["publish"](**{kind: obj}, by=request.user)
            messages.success(request, _("Approved and published on the board."))
        else:
            fn[step](**{kind: obj}, by=request.user)
            messages.success(
                request,
                {
                    "submit": _("Submitted for approval."),
                    "approve": _("Approved."),
                    "publish": _("Published on the board."),
                }[step],
            )
    except ValidationError as error:
        flash_errors(request, error)


@login_required
@require_POST
def plan_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    plan = get_plan_for(request.user, pk)
    _run_step(request, plan, "plan", step)
    return redirect(plan)
