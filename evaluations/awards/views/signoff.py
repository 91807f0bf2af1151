"""Sign-off (领导小组审定)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import ReasonForm, SignOffForm
from evaluations.awards.views.common import _context
from evaluations.models import AwardCandidate


@login_required
def signoff(request, pk):
    campaign = access.get_signoff_campaign_for(request.user, pk)
    current = selectors.award_list_of(campaign)
    sign_form = SignOffForm(
        request.POST if request.POST.get("action") == "sign_off" else None
    )
    return_form = ReasonForm(
        request.POST if request.POST.get("action") == "return" else None
    )
    if request.method == "POST":
        if current is None:
            raise Http404
        action = request.POST.get("action")
        if action == "sign_off" and sign_form.is_valid():
            try:
                services.award_list_sign_off(
                    award_list=current,
                    by=request.user,
                    note=sign_form.cleaned_data["note"],
                    declare_conflict=sign_form.cleaned_data["declare_conflict"],
                )
            except ValidationError as error:
                apply_errors(sign_form, error)
            else:
                messages.success(request, _("You signed off the award list."))
                return redirect("awards:signoff", campaign.pk)
        elif action == "return" and return_form.is_valid():
            try:
                services.award_list_return(
                    award_list=current,
                    by=request.user,
                    reason=return_form.cleaned_data["reason"],
                )
            except ValidationError as error:
                apply_errors(return_form, error)
            else:
                messages.success(request, _("The list was returned to the office."))
                return redirect("awards:signoff", campaign.pk)
        elif action not in ("sign_off", "return"):
            raise Http404
    page = None
    if current is not None:
        page = paginate(
            request,
            selectors.candidate_rows(current, state=AwardCandidate.State.SELECTED),
        )
        selectors.attach_nominations(current, page)
    return render(
        request,
        "awards/signoff.html",
        _context(
            request,
            campaign,
            "signoff",
            award_list=current,
            page=page,
            groups=selectors.group_summary(current, campaign),
            counts=selectors.state_counts(current),
            sign_form=sign_form,
            return_form=return_form,
            can_sign=current is not None and current.can("sign_off"),
            conflicts=selectors.conflicts_of_interest(current, request.user)
            if current is not None and current.can("sign_off")
            else [],
        ),
    )
