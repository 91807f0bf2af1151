"""Nominations (推荐表, 先进事迹)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import NominationForm
from evaluations.awards.views.common import _context
from organizations.access import scope_of


@login_required
def nominations(request, pk):
    campaign, scope = access.require_nominations(request.user, pk)
    current = selectors.award_list_of(campaign)
    page = None
    if current is not None:
        page = paginate(
            request,
            selectors.nomination_candidates(
                current, scope, reader=access.is_reader(scope, campaign)
            ),
        )
        selectors.attach_nominations(current, page)
        for candidate in page:
            candidate.can_write = current.deeds_open and access.writes_nomination(
                scope, campaign, candidate
            )
    return render(
        request,
        "awards/nominations.html",
        _context(request, campaign, "nominations", award_list=current, page=page),
    )


@login_required
def nomination(request, pk, cid):
    campaign, candidate = access.get_nomination_candidate_for(request.user, pk, cid)
    scope = scope_of(request.user)
    current = candidate.award_list
    found = selectors.nominations_for(current, [candidate]).get(candidate.pk)
    can_write = current.deeds_open and access.writes_nomination(
        scope, campaign, candidate
    )
    form = None
    if can_write:
        form = NominationForm(
            request.POST or None,
            initial={
                "deeds": found.deeds if found else "",
                "recommendation": found.recommendation if found else "",
            },
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_save(
                candidate=candidate,
                by=request.user,
                deeds=form.cleaned_data["deeds"],
                recommendation=form.cleaned_data["recommendation"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Nomination saved."))
            return redirect("awards:nominations", campaign.pk)
    return render(
        request,
        "awards/nomination.html",
        _context(
            request,
            campaign,
            "nominations",
            candidate=candidate,
            nomination=found,
            form=form,
        ),
    )
