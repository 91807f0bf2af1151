"""One body's assessment: its achievements, the marks form and the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.views import apply_errors
from evaluations.assessment import access, services
from evaluations.assessment.forms import AchievementsForm, MarksForm
from organizations.access import scope_of


@login_required
def body(request, pk, body_pk):
    """GET: the body's page; POST: the office's or leading group's marks."""
    campaign, row = access.get_body_for(request.user, pk, body_pk)
    scope = scope_of(request.user)
    assessment = row.assessment
    items = list(assessment.items.all())
    marker = access.marks(scope, campaign)
    form = None
    if marker and not assessment.is_published:
        form = MarksForm(request.POST or None, items=items, marks=row.marks)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.marks_save(row=row, by=request.user, marks=form.marks())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Marks saved; the result is computed."))
                return redirect("assessment:body", campaign.pk, row.body_id)
    own = access.holds_body(scope, row.body)
    return render(
        request,
        "assessment/body.html",
        {
            "campaign": campaign,
            "assessment": assessment,
            "row": row,
            "form": form,
            "own": own,
            "writes": (own or access.is_office(scope, campaign))
            and not assessment.is_published,
            "is_reader": access.is_reader(scope, campaign),
            "result_shown": access.sees_result(scope, campaign, row),
            "notes": NOTES,
        },
    )


@login_required
def achievements(request, pk, body_pk):
    campaign, row = access.get_body_for(request.user, pk, body_pk, write="achievements")
    form = AchievementsForm(
        request.POST or None, initial={"achievements": row.achievements}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.achievements_save(
                row=row,
                by=request.user,
                text=form.cleaned_data["achievements"],
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Achievements submitted.")
                if row.is_submitted
                else _("Achievements saved."),
            )
            return redirect("assessment:body", campaign.pk, row.body_id)
    return render(
        request,
        "assessment/achievements.html",
        {"campaign": campaign, "row": row, "form": form},
    )


# Why an item has no value, as the breakdown stores it (a code) and the page says it.
NOTES = {
    "not_marked": gettext_lazy("not marked yet"),
    "no_reporter": gettext_lazy("the body has no secretary to report"),
    "no_tally": gettext_lazy("no published satisfaction tally targets this body"),
    "withheld": gettext_lazy("withheld: fewer ballots than the minimum"),
    "no_pledges": gettext_lazy("no approved plan measures or pledge items yet"),
}
