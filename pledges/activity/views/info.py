"""Information reports (信息报送): mass units file monthly; the office sees who is late."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from organizations.access import scope_of
from pledges.activity import selectors, services
from pledges.activity.access import (
    get_info_report_for,
    info_reports_visible,
    info_units,
)
from pledges.activity.forms import InfoReportForm
from pledges.activity.views.common import _year, _years


def _reads_info(scope, units) -> bool:
    return scope.is_superuser or bool(scope.read_paths) or units.exists()


@login_required
def info_home(request):
    """A mass unit files its report for a month; everyone here reads the reports in
    reach (the office: its institute's)."""
    scope = scope_of(request.user)
    units = info_units(scope).order_by("path")
    if not _reads_info(scope, units):
        raise PermissionDenied
    form = None
    if units.exists():
        today = timezone.localdate()
        form = InfoReportForm(
            request.POST or None,
            units=units,
            initial={"period": f"{today.year}-{today.month:02d}"},
        )
        if request.method == "POST" and form.is_valid():
            year, month = form.cleaned_data["period"]
            try:
                report = services.info_report_file(
                    unit=form.cleaned_data["unit"],
                    year=year,
                    month=month,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The information report is filed."))
                return redirect(report)
    elif request.method == "POST":
        raise PermissionDenied
    year = _year(request)
    rows = (
        info_reports_visible(scope)
        .filter(year=year)
        .select_related("unit")
        .order_by("-month", "unit__path", "pk")
    )
    return render(
        request,
        "activity/info_home.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "year": year,
            "years": _years(),
        },
    )


@login_required
def info_report(request, pk):
    report = get_info_report_for(request.user, pk)
    return render(request, "activity/info_report.html", {"report": report})


@login_required
def info_matrix(request):
    """Mass unit × month: who filed, who is late (months due under the campaign
    without a report)."""
    scope = scope_of(request.user)
    if not (scope.is_superuser or scope.read_paths):
        raise PermissionDenied
    year = _year(request)
    page = paginate(request, selectors.info_matrix_units(scope))
    units = list(page.object_list)
    campaigns = selectors.reporting_campaigns(scope, units, year)
    return render(
        request,
        "activity/info_matrix.html",
        {
            "page": page,
            "rows": selectors.info_matrix(units, year=year, campaigns=campaigns),
            "year": year,
            "years": _years(),
            "months": range(1, 13),
        },
    )
