"""Pledges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.views import apply_errors, flash_errors, int_param, paginate
from organizations.access import scope_of
from organizations.models import Organization
from pledges import selectors, services
from pledges.access import get_campaign_shown, get_pledge_filing_for, get_pledge_for
from pledges.forms import PledgeForm, PledgeItemFormSet
from pledges.models import PLAN_UNIT_KINDS, ConflictError, Criterion, Pledge, Status
from pledges.views.plans import (
    STEPS,
    _after_save,
    _conflict_data,
    _editable_or_404,
    _filed_context,
    _not_editable,
    _run_step,
    row_response,
)


@login_required
def pledge_list(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise PermissionDenied
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    query = request.GET.get("q", "").strip()
    pledges = selectors.pledges_for(scope, campaign, status=status, query=query)
    # Units the user files in: own branch and mass units, and those they look after.
    own_units = []
    if scope.person is not None:
        own_ids = scope.own_unit_ids
        candidates = Organization.objects.filter(
            pk__in=own_ids, kind__in=PLAN_UNIT_KINDS
        ).order_by("path")
        filed = set(
            Pledge.objects.filter(campaign=campaign, person=scope.person).values_list(
                "unit_id", flat=True
            )
        )
        own_units = [
            u
            for u in candidates
            if u.pk not in filed and services.is_member_of(scope.person, u)
        ]
    managed = list(
        scope.units(write=True)
        .filter(
            kind__in=PLAN_UNIT_KINDS,
            is_active=True,
            path__startswith=campaign.scope.path,
        )
        .order_by("path")[:20]
    )
    missing = selectors.members_without_pledge_in(campaign, managed)
    return render(
        request,
        "pledges/pledge_list.html",
        {
            "campaign": campaign,
            "page": paginate(request, pledges),
            "status": status,
            "query": query,
            "statuses": Status.choices,
            "own_units": own_units,
            "missing": missing,
            "awaiting": selectors.awaiting_approval(scope, campaign, plans=False)[
                "pledges"
            ],
        },
    )


@login_required
@require_POST
def pledge_create(request):
    unit, person = get_pledge_filing_for(
        request.user,
        int_param(request.POST.get("unit")) or 0,
        int_param(request.POST.get("person")),
    )
    campaign = selectors.current_campaign(unit)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
    try:
        pledge = services.pledge_create(
            campaign=campaign, unit=unit, person=person, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("pledges:pledges")
    messages.success(request, _("Pledge started; add your committed items."))
    return redirect("pledges:pledge_edit", pledge.pk)


@login_required
def pledge_detail(request, pk):
    # The page shows the unit, the member and the campaign: joining the unit's parent,
    # category and department, the campaign's scope and the criteria set as well
    # doubled what the pledge cost to load.
    pledge = get_pledge_for(request.user, pk, related=("campaign", "unit", "person"))
    scope = scope_of(request.user)
    context = _filed_context(request, pledge, "pledge")
    # Read only if shown (kept rendered in the shared cache with the pledge's text).
    context["items"] = SimpleLazyObject(
        lambda: list(pledge.items.select_related("criterion"))
    )
    # The member and whoever manages the unit report on every item of the pledge.
    context["can_report"] = pledge.can_edit(scope)
    fragments = _shared_fragments(pledge, context)
    context.update(fragments)
    versioned_cache.read_ahead_fragments(*fragments.values())
    return render(request, "pledges/pledge_detail.html", context)


def _shared_fragments(pledge, context) -> dict:
    """The parts of a pledge's page kept rendered in the shared cache, each named by
    what it shows besides the pledge's data: its text and items (whether the reader
    reports on them, the day: overdue), the comments (unless the reader answers
    them: forms with their token), its versions, the empty comment form."""
    figures, institute = versioned_cache.FIGURES, pledge.unit.institute_id
    body = ("pledge_body", pledge.pk, context["can_report"], timezone.localdate())
    return {
        "body_fragment": (figures, institute, body),
        "comments_fragment": None
        if context["can_answer"]
        else (figures, institute, ("pledge_comments", pledge.pk)),
        "versions_fragment": (figures, institute, ("pledge_versions", pledge.pk)),
        "comment_form_fragment": (figures, versioned_cache.ALL, ("comment_form",)),
    }


def _pledge_criteria(pledge):
    return Criterion.objects.filter(
        criteria_set_id=pledge.criteria_set_id, parent__isnull=True
    ).order_by("order")


@login_required
def pledge_row(request, pk):
    pledge = get_pledge_for(request.user, pk, write=True)
    _editable_or_404(pledge)
    return row_response(
        request, PledgeItemFormSet, "items", {"criteria": _pledge_criteria(pledge)}
    )


@login_required
def pledge_edit(request, pk):
    pledge = get_pledge_for(request.user, pk, write=True)
    if not pledge.is_editable:
        return _not_editable(request, pledge)
    criteria = _pledge_criteria(pledge)
    data = request.POST if request.method == "POST" else None
    # A published pledge with a change held for approval is edited from that change.
    content = services.pledge_content(pledge)
    form = PledgeForm(
        data,
        initial={
            "revision": pledge.revision,
            "plans": content["plans"],
            "direction": content["direction"],
        },
    )
    items = PledgeItemFormSet(
        data,
        prefix="items",
        form_kwargs={"criteria": criteria},
        initial=[row for row in content["items"] if not row.get("delete")],
    )
    if request.method == "POST" and form.is_valid() and items.is_valid():
        try:
            services.pledge_update(
                pledge=pledge,
                by=request.user,
                revision=form.cleaned_data["revision"],
                plans=form.cleaned_data["plans"],
                direction=form.cleaned_data["direction"],
                items=items.rows(),
            )
        except ConflictError as error:
            pledge.refresh_from_db()
            form = PledgeForm(_conflict_data(request, pledge.revision))
            form.is_valid()
            apply_errors(form, error)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _after_save(request, pledge, request.path)
    return render(
        request,
        "pledges/pledge_edit.html",
        {"pledge": pledge, "obj": pledge, "form": form, "items": items},
    )


@login_required
@require_POST
def pledge_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    pledge = get_pledge_for(request.user, pk)
    _run_step(request, pledge, "pledge", step)
    return redirect(pledge)
