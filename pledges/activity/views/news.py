"""News reports (通讯报道)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.views import apply_errors, int_param, paginate
from organizations.access import scope_of
from organizations.models import Organization
from pledges.activity import selectors, services
from pledges.activity.access import (
    can_write_branch,
    get_activity_branch_for,
    get_news_for,
    user_institute,
    writable_branches,
)
from pledges.activity.forms import NewsForm
from pledges.activity.views.common import PAGE_SIZE, _form_page, _year, _years
from pledges.uploads import serve_upload


@login_required
def news_list(request):
    institute = user_institute(request.user)
    scope = scope_of(request.user)
    branch = None
    branch_pk = int_param(request.GET.get("branch"))
    if branch_pk:
        branch = (
            Organization.objects.filter(pk=branch_pk, institute=institute)
            .only("pk", "name")
            .first()
        )
        if branch is None:
            raise Http404
    reports = selectors.news_for(scope, institute=institute, branch=branch)
    return render(
        request,
        "activity/news_list.html",
        {
            "page": paginate(request, reports),
            "branch": branch,
            "writable": list(writable_branches(scope)[:PAGE_SIZE]),
            "can_see_matrix": bool(scope.read_paths),
        },
    )


def _news_fields(form) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("title", "text", "channel", "published_on")} | {
        "images": data["images"]
    }


@login_required
def news_create(request, branch_pk):
    branch = get_activity_branch_for(request.user, branch_pk, write=True)
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.news_create(
                branch=branch, by=request.user, **_news_fields(form)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved: the news report is filed."))
            return redirect(report)
    return _form_page(
        request,
        form,
        _("New news report of %(branch)s") % {"branch": branch.name},
        back="activity:news_list",
    )


@login_required
def news_detail(request, pk):
    report = get_news_for(request.user, pk)
    return render(
        request,
        "activity/news_detail.html",
        {
            "report": report,
            "images": report.images.all(),
            "can_edit": can_write_branch(scope_of(request.user), report.branch),
        },
    )


@login_required
def news_edit(request, pk):
    report = get_news_for(request.user, pk, write=True)
    form = NewsForm(request.POST or None, request.FILES or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.news_update(report=report, **_news_fields(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved: the news report is changed."))
            return redirect(report)
    return _form_page(request, form, _("Change news report"), back=report)


@login_required
@require_POST
def news_delete(request, pk):
    report = get_news_for(request.user, pk, write=True)
    services.news_delete(report=report)
    messages.success(request, _("The news report was deleted."))
    return redirect("activity:news_list")


@login_required
def news_image(request, pk, image_pk):
    report = get_news_for(request.user, pk)
    image = get_object_or_404(report.images, pk=image_pk)
    return serve_upload(image.file, image.name, image.content_type)


@login_required
@require_POST
def news_image_delete(request, pk, image_pk):
    report = get_news_for(request.user, pk, write=True)
    image = get_object_or_404(report.images, pk=image_pk)
    services.attachment_remove(attachment=image)
    messages.success(request, _("The image was removed."))
    return redirect(report)


@login_required
def news_matrix(request):
    """Branch × month counts of news reports for a year; months due under the
    campaign and without a report in red, months not due in grey."""
    scope = scope_of(request.user)
    if not scope.read_paths:
        raise PermissionDenied
    year = _year(request)
    # A row shows the branch's name and link only; its path finds its campaign.
    branches = (
        selectors.matrix_branches(scope).select_related(None).only("pk", "name", "path")
    )
    page = paginate(request, branches)

    def table() -> str:
        branches = list(page.object_list)
        rows = selectors.news_matrix(
            branches,
            year=year,
            campaigns=selectors.reporting_campaigns(scope, branches, year),
        )
        return render_to_string(
            "activity/_news_matrix_table.html",
            {"rows": rows, "months": range(1, 13)},
        )

    # The same for everyone of one reach (the branches are those of the scope's read
    # paths), until a write makes it stale (a campaign's dates too) or the month
    # turns (the month just over becomes due).
    today = timezone.localdate()
    key = (
        "news_matrix",
        versioned_cache.reach_key(scope),
        year,
        page.number,
        (today.year, today.month),
    )
    return render(
        request,
        "activity/news_matrix.html",
        {
            "page": page,
            "table": versioned_cache.get_or_compute(
                versioned_cache.FIGURES, scope.institute_id, key, table
            ),
            "year": year,
            "years": _years(),
        },
    )
