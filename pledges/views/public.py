"""The public board (公开承诺, 接受群众监督)."""

from io import BytesIO

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.views import flash_errors, int_param, paginate
from organizations.access import scope_of
from pledges import selectors, services
from pledges.access import (
    board_key,
    get_board_unit_for,
    get_campaign_shown,
    get_comment_for,
    get_plan_for,
    get_pledge_for,
    reaches,
)
from pledges.forms import AnswerForm, CommentForm


@login_required
def board(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise PermissionDenied
    campaign = get_campaign_shown(scope_of(request.user), request.GET.get("campaign"))
    show = "plans" if request.GET.get("show") == "plans" else "pledges"
    query = request.GET.get("q", "").strip()[:100]
    unit_id = int_param(request.GET.get("unit"))
    category_id = int_param(request.GET.get("category"))
    criterion_id = int_param(request.GET.get("criterion"))

    def make_rows():
        if show == "plans":
            return selectors.board_plans(
                scope, campaign, query=query, unit_id=unit_id, category_id=category_id
            )
        return selectors.board_pledges(
            scope,
            campaign,
            query=query,
            unit_id=unit_id,
            category_id=category_id,
            criterion_id=criterion_id,
        )

    figures, institute = versioned_cache.FIGURES, campaign.scope.institute_id
    # The count and each page's rows are the same for everyone whose board is the
    # same (pledges.access.board_key): kept until a write, but for a search.
    rows = versioned_cache.KeptRows(
        make_rows,
        institute,
        ("board", board_key(scope), campaign.pk, show, unit_id, category_id)
        + (criterion_id,),
        searched=query,
    )
    page = paginate(request, rows)
    if show == "pledges":
        rows, rows_fragment = _pledge_rows(campaign, "board", page)
    else:
        rows, rows_fragment = _plan_rows(campaign, page)
    choices = selectors.board_filter_choices(scope, campaign)
    # The filter's options, kept rendered in the shared cache: the units by the ids
    # the user's board reaches (and the one chosen), the categories and 带头 by the
    # campaign (the same for everyone).
    units = tuple(unit["pk"] for unit in choices["units"])
    filters = (show, category_id, criterion_id)
    units_fragment = (figures, institute, ("board_units", units, unit_id))
    filters_fragment = (figures, institute, ("board_filters", campaign.pk, *filters))
    versioned_cache.read_ahead_fragments(
        rows_fragment, units_fragment, filters_fragment
    )
    return render(
        request,
        "pledges/board.html",
        {
            "campaign": campaign,
            "page": page,
            "rows": rows,
            "rows_fragment": rows_fragment,
            "show": show,
            "query": query,
            "unit_id": unit_id,
            "category_id": category_id,
            "criterion_id": criterion_id,
            "choices": choices,
            "units_fragment": units_fragment,
            "filters_fragment": filters_fragment,
        },
    )


def _pledge_rows(campaign, kind: str, page) -> tuple:
    """A page of pledge rows (``selectors.pledge_rows``: their items are read only if
    they are rendered) and the spec of their rendering in the shared cache
    (``shared_fragment``). The rows show nothing of the reader's own, and who may see
    them was settled by the query that chose them: their ids name the fragment."""
    rows = list(page.object_list)
    if not rows:
        return [], None
    spec = (
        versioned_cache.FIGURES,
        campaign.scope.institute_id,
        (kind, tuple(row["pk"] for row in rows)),
    )
    return SimpleLazyObject(lambda: selectors.pledge_rows(rows)), spec


def _plan_rows(campaign, page) -> tuple:
    """A page of plans on the board, read only if rendered, and the spec of their
    rendering in the shared cache (as :func:`_pledge_rows`)."""
    ids = list(page.object_list)
    if not ids:
        return [], None
    spec = (
        versioned_cache.FIGURES,
        campaign.scope.institute_id,
        ("board_plans", tuple(ids)),
    )
    return SimpleLazyObject(lambda: selectors.board_plan_rows(ids)), spec


def _unit_board_context(request, unit):
    scope = scope_of(request.user)
    campaign = selectors.campaign_for_scope(scope, request.GET.get("campaign"))
    if campaign is None or not unit.is_within(campaign.scope):
        campaign = selectors.current_campaign(unit)
    if campaign is None:
        raise Http404(_("No campaign is set up yet."))
    return scope, campaign


@login_required
def board_unit(request, pk):
    unit = get_board_unit_for(request.user, pk, related=("category",))
    scope, campaign = _unit_board_context(request, unit)
    page = paginate(request, selectors.unit_pledge_rows(campaign, unit))
    pledges, pledges_fragment = _pledge_rows(campaign, "board_unit", page)
    return render(
        request,
        "pledges/board_unit.html",
        {
            "unit": unit,
            "campaign": campaign,
            "plan": selectors.unit_plan_shown(campaign, unit),
            "page": page,
            "pledges": pledges,
            "pledges_fragment": pledges_fragment,
            "can_print": True,
            "reaches": reaches(scope, unit),
        },
    )


def qr_svg(url: str) -> str:
    """An inline SVG QR code for ``url`` (no external image, prints sharply)."""
    buffer = BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=4, border=2, omitsize=False
    )
    return buffer.getvalue().decode()


@login_required
def board_print(request, pk):
    unit = get_board_unit_for(request.user, pk)
    scope, campaign = _unit_board_context(request, unit)
    url = settings.SITE_URL + reverse("pledges:board_unit", args=[unit.pk])
    return render(
        request,
        "pledges/board_print.html",
        {
            "unit": unit,
            "campaign": campaign,
            "plan": selectors.unit_plan(campaign, unit),
            "pledges": selectors.unit_pledges(campaign, unit)[:200],
            "qr": mark_safe(qr_svg(url)),  # noqa: S308  # nosec B308 B703 - segno's SVG
            "url": url,
        },
    )


@login_required
@require_POST
def comment_add(request, kind, pk):
    if kind == "plan":
        target = get_plan_for(request.user, pk)
    elif kind == "pledge":
        target = get_pledge_for(request.user, pk)
    else:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                target=target,
                by=request.user,
                text=form.cleaned_data["text"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Thank you: your comment was passed on."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(target.get_absolute_url() + "#comments")


@login_required
@require_POST
def comment_answer(request, pk):
    comment = get_comment_for(request.user, pk, write=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.comment_answer(
                comment=comment, by=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Answer saved."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(comment.target.get_absolute_url() + "#comments")
