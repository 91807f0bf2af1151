"""五带头 assessment (五带头专项考核)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.models import DaitouRating
from evaluations.scoring import access, selectors, services
from evaluations.scoring.forms import DaitouForm
from evaluations.scoring.views.common import _campaign_nav
from organizations.access import scope_of


@login_required
def assessments(request, pk):
    campaign, scope = access.require_assessor(request.user, pk)
    show = request.GET.get("show", "all")
    if show not in ("all", "rated", "unrated"):
        show = "all"
    page = paginate(
        request, selectors.assessment_rows(campaign=campaign, scope=scope, show=show)
    )
    return render(
        request,
        "scoring/assessments.html",
        {
            **_campaign_nav(request, campaign, "assessments"),
            "page": page,
            "show": show,
            "items": len(selectors.daitou_items(campaign)),
        },
    )


@login_required
def assessment(request, pk, person_pk):
    campaign, person = access.get_assessment_for(
        request.user, pk, person_pk, write=request.method == "POST"
    )
    scope = scope_of(request.user)
    detail = selectors.assessment_detail(campaign=campaign, person=person)
    can_rate = access.can_rate(scope, campaign, person)
    items = [r["item"] for r in detail["rows"]]
    ratings = {r["item"].pk: r["rating"] for r in detail["rows"] if r["rating"]}
    form = (
        DaitouForm(request.POST or None, items=items, ratings=ratings)
        if can_rate
        else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.daitou_rate(
                campaign=campaign,
                person=person,
                entries=form.entries(),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("五带头 ratings saved."))
            return redirect("scoring:assessment", campaign.pk, person.pk)
    fields = form.field_pairs() if form is not None else {}
    for row in detail["rows"]:
        row["fields"] = fields.get(row["item"].pk)
    return render(
        request,
        "scoring/assessment.html",
        {
            **_campaign_nav(request, campaign, "assessments"),
            "person": person,
            "detail": detail,
            "form": form,
            "ratings": DaitouRating.Rating,
        },
    )
