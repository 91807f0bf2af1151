"""Sheets (考核评分表)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.models import ScoreSheet, SheetMark
from evaluations.scoring import access, selectors, services
from evaluations.scoring.forms import MarksForm
from evaluations.scoring.views.common import _campaign_nav
from organizations.access import scope_of


@login_required
def sheets(request, pk):
    """Every scored unit with its sheet status; filter marked / not yet marked."""
    campaign = access.get_office_campaign_for(request.user, pk)
    status = request.GET.get("status", "all")
    if status not in selectors.SHEET_FILTERS:
        status = "all"
    query = request.GET.get("q", "").strip()[:50]
    page = paginate(
        request, selectors.sheet_rows(campaign=campaign, status=status, query=query)
    )
    return render(
        request,
        "scoring/sheets.html",
        {
            **_campaign_nav(request, campaign, "sheets"),
            "page": page,
            "status": status,
            "query": query,
            "counts": selectors.sheet_status_counts(campaign=campaign),
            "filters": [
                ("all", _("All")),
                ("unmarked", _("Not yet marked")),
                ("marked", _("Marked")),
                *ScoreSheet.Status.choices,
            ],
        },
    )


def _sheet_context(request, campaign, unit):
    scope = scope_of(request.user)
    sheet = (
        ScoreSheet.objects.filter(campaign=campaign, unit=unit)
        .select_related("criteria_set", "submitted_by__person", "marked_by__person")
        .first()
    )
    criteria_set = (
        sheet.criteria_set if sheet else selectors.unit_criteria_set(campaign, unit)
    )
    office = access.is_office(scope, campaign)
    writer = access.writes_for(scope, unit)
    status = sheet.status if sheet else ScoreSheet.Status.NOT_STARTED
    steps = []
    if writer and status == ScoreSheet.Status.NOT_STARTED:
        steps.append(("submit", _("Submit the self-assessment")))
    if office:
        for step, label in (
            ("skip", _("Go on without a self-assessment")),
            ("return", _("Return to the branch")),
            ("mark", _("Submit the office's marks")),
            ("finish", _("Finish")),
            ("reopen", _("Reopen")),
        ):
            if status in ScoreSheet.TRANSITIONS[step][0]:
                steps.append((step, label))
    return {
        **_campaign_nav(request, campaign, "sheets"),
        "unit": unit,
        "sheet": sheet,
        "status": status,
        "status_label": ScoreSheet.Status(status).label,
        "criteria_set": criteria_set,
        "layout": selectors.sheet_layout(criteria_set=criteria_set, sheet=sheet)
        if criteria_set
        else None,
        "can_self": writer and status == ScoreSheet.Status.NOT_STARTED,
        "can_office": office and status == ScoreSheet.Status.SELF_ASSESSED,
        "is_office": office,
        "is_reader": access.is_reader(scope, campaign),
        "steps": steps,
    }


@login_required
def sheet(request, pk, unit_pk):
    campaign, unit = access.get_sheet_for(request.user, pk, unit_pk)
    return render(
        request, "scoring/sheet.html", _sheet_context(request, campaign, unit)
    )


def _sheet_or_unsaved(request, campaign, unit) -> ScoreSheet:
    """The unit's sheet; a GET shows a sheet not yet started without saving it."""
    if request.method == "POST":
        return services.sheet_for(campaign=campaign, unit=unit)
    sheet = ScoreSheet.objects.filter(campaign=campaign, unit=unit).first()
    if sheet is not None:
        return sheet
    criteria_set = selectors.unit_criteria_set(campaign, unit)
    if criteria_set is None:
        raise ValidationError(_("The campaign has no criteria for units of this kind."))
    return ScoreSheet(campaign=campaign, unit=unit, criteria_set=criteria_set)


@login_required
def sheet_marks(request, pk, unit_pk, source):
    """The branch's self-assessment (source self) or the office's marks (office)."""
    campaign, unit = access.get_sheet_for(request.user, pk, unit_pk)
    scope = scope_of(request.user)
    if source == SheetMark.Source.SELF:
        if not access.writes_for(scope, unit):
            raise PermissionDenied
    elif source == SheetMark.Source.OFFICE:
        if not access.is_office(scope, campaign):
            raise PermissionDenied
    else:
        raise Http404
    try:
        sheet = _sheet_or_unsaved(request, campaign, unit)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("scoring:sheet", campaign.pk, unit.pk)
    open_ = sheet.self_open if source == SheetMark.Source.SELF else sheet.office_open
    if not open_:
        messages.error(
            request,
            _("This sheet is %(status)s: these marks cannot change now.")
            % {"status": sheet.get_status_display()},
        )
        return redirect("scoring:sheet", campaign.pk, unit.pk)
    layout = selectors.sheet_layout(criteria_set=sheet.criteria_set, sheet=sheet)
    lines = [lv.line for lv in layout["all_lines"]]
    marks = {
        lv.line.pk: (
            lv.self_mark if source == SheetMark.Source.SELF else lv.office_mark
        )
        for lv in layout["all_lines"]
    }
    form = MarksForm(
        request.POST or None,
        lines=lines,
        source=source,
        evidence_choices=selectors.evidence_choices(campaign=campaign, unit=unit),
        marks=marks,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_marks_save(
                sheet=sheet, source=source, entries=form.entries(), by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Marks saved."))
            return redirect("scoring:sheet", campaign.pk, unit.pk)
    return render(
        request,
        "scoring/sheet_marks.html",
        {
            **_campaign_nav(request, campaign, "sheets"),
            "unit": unit,
            "sheet": sheet,
            "source": source,
            "form": form,
            "layout": layout,
        },
    )


@require_POST
@login_required
def sheet_step(request, pk, unit_pk, step):
    campaign, unit = access.get_sheet_for(request.user, pk, unit_pk)
    scope = scope_of(request.user)
    if step not in ScoreSheet.TRANSITIONS:
        raise Http404
    allowed = (
        access.writes_for(scope, unit)
        if step == "submit"
        else access.is_office(scope, campaign)
    )
    if not allowed:
        raise PermissionDenied
    try:
        sheet = services.sheet_for(campaign=campaign, unit=unit)
        services.sheet_step(sheet=sheet, step=step, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Sheet updated."))
    return redirect("scoring:sheet", campaign.pk, unit.pk)
