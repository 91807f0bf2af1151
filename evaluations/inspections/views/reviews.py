"""Half-year reviews (半年点评)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.inspections import access, selectors, services
from evaluations.inspections.forms import ReviewForm
from evaluations.inspections.views.common import _campaign
from evaluations.models import Finding
from organizations.access import scope_of
from pledges.selectors import campaigns_for


@login_required
def review_round_list(request):
    scope, campaign = _campaign(request)
    rounds = {r.half: r for r in selectors.review_rounds(campaign)} if campaign else {}
    halves = (
        [
            {"half": 1, "on": campaign.review1_on, "round": rounds.get(1)},
            {"half": 2, "on": campaign.review2_on, "round": rounds.get(2)},
        ]
        if campaign
        else []
    )
    return render(
        request,
        "inspections/review_round_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "halves": halves,
            "is_office": bool(campaign and access.is_office_for(scope, campaign)),
            "reads_progress": bool(
                campaign and access.reads_review_progress(scope, campaign)
            ),
            "to_acknowledge": list(selectors.reviews_to_acknowledge(scope)[:20]),
        },
    )


@login_required
@require_POST
def review_round_open(request, campaign_pk, half):
    campaign = access.get_inspection_campaign_for(request.user, campaign_pk, write=True)
    try:
        round = services.review_round_open(
            campaign=campaign, half=half, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(reverse("inspections:reviews") + f"?campaign={campaign.pk}")
    messages.success(request, _("The half-year review round is open."))
    return redirect(round)


@login_required
@require_POST
def review_round_close(request, pk):
    round = access.get_review_round_for(request.user, pk, write=True)
    services.review_round_close(round=round, by=request.user)
    messages.success(request, _("The half-year review round is closed."))
    return redirect(round)


@login_required
@require_POST
def review_round_reopen(request, pk):
    round = access.get_review_round_for(request.user, pk, write=True)
    try:
        services.review_round_reopen(round=round, by=request.user)
        messages.success(request, _("The half-year review round is open again."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(round)


@login_required
def review_round_detail(request, pk):
    """Progress: who has been reviewed, who not yet (filter), branches or members."""
    round = access.get_review_round_for(request.user, pk)
    scope = scope_of(request.user)
    what = request.GET.get("what", "branches")
    if what not in ("branches", "members"):
        what = "branches"
    state = request.GET.get("state", "all")
    if state not in selectors.REVIEW_STATES:
        state = "all"
    rows = (
        selectors.review_branches(round, scope, state=state)
        if what == "branches"
        else selectors.review_members(round, scope, state=state)
    )
    is_office = access.is_office_for(scope, round.campaign)
    return render(
        request,
        "inspections/review_round_detail.html",
        {
            "round": round,
            "campaign": round.campaign,
            "what": what,
            "state": state,
            "page": paginate(request, rows),
            "progress": selectors.review_progress(round, scope),
            "is_office": is_office,
            "writes_branches": is_office,
            "writes_members": is_office
            or bool(scope.roles_of(*access.SECRETARY_KINDS)),
            "own_person_id": scope.person.pk if scope.person else None,
        },
    )


def _review_write(request, round, *, unit=None, person=None):
    review = round.reviews.filter(
        **({"unit": unit} if unit is not None else {"person": person})
    ).first()
    if review is not None and review.is_acknowledged:
        raise PermissionDenied
    initial = (
        {
            "achievements": review.achievements,
            "problems": review.problems,
            "direction": review.direction,
        }
        if review
        else {}
    )
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_write(
                round=round,
                by=request.user,
                unit=unit,
                person=person,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The review is saved."))
            return redirect(review)
    if not round.is_open and request.method == "GET":
        messages.warning(
            request, _("This review round is closed; reviews no longer change.")
        )
    subject = unit.name if unit is not None else person.name
    return render(
        request,
        "inspections/review_form.html",
        {
            "form": form,
            "title": _("Half-year review of %(subject)s") % {"subject": subject},
            "round": round,
            "unit": unit,
            "person": person,
            "facts": selectors.review_facts(round, unit=unit, person=person),
            "ratings": dict(Finding.Rating.choices),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def review_write_unit(request, round_pk, unit_pk):
    round = access.get_review_round_for(request.user, round_pk)
    unit = access.get_review_unit_for(request.user, round, unit_pk)
    return _review_write(request, round, unit=unit)


@login_required
def review_write_person(request, round_pk, person_pk):
    round = access.get_review_round_for(request.user, round_pk)
    person = access.get_review_person_for(request.user, round, person_pk)
    return _review_write(request, round, person=person)


@login_required
def review_detail(request, pk):
    review = access.get_review_for(request.user, pk)
    scope = scope_of(request.user)
    return render(
        request,
        "inspections/review_detail.html",
        {
            "review": review,
            "can_acknowledge": not review.is_acknowledged
            and access.can_acknowledge_review(scope, review),
            "can_edit": not review.is_acknowledged
            and review.round.is_open
            and access.can_write_review_of(
                scope, review.round.campaign, unit=review.unit, person=review.person
            ),
        },
    )


@login_required
@require_POST
def review_acknowledge(request, pk):
    review = access.get_review_for(request.user, pk, action="acknowledge")
    try:
        services.review_acknowledge(
            review=review, by=request.user, response=request.POST.get("response", "")
        )
        messages.success(request, _("You have acknowledged the review."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(review)


@login_required
def review_history_unit(request, pk):
    unit = access.get_history_unit_for(request.user, pk)
    return render(
        request,
        "inspections/review_history.html",
        {
            "subject": unit,
            "subject_name": unit.name,
            "page": paginate(request, selectors.review_history(unit=unit)),
        },
    )


@login_required
def review_history_person(request, pk):
    person = access.get_history_person_for(request.user, pk)
    return render(
        request,
        "inspections/review_history.html",
        {
            "subject": person,
            "subject_name": person.name,
            "page": paginate(request, selectors.review_history(person=person)),
        },
    )


@login_required
def my_reviews(request):
    scope = scope_of(request.user)
    if scope.person is None and not scope.is_superuser:
        raise Http404
    return render(
        request,
        "inspections/my_reviews.html",
        {"page": paginate(request, selectors.my_reviews(scope))},
    )
