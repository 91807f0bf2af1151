"""The working list (office and leading group)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import CandidateAddForm, QuotaForm, ReasonForm
from evaluations.awards.views.common import _context
from evaluations.models import AwardCandidate, AwardList


@login_required
def award_list(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk)
    current = selectors.award_list_of(campaign)
    state = request.GET.get("state", "")
    if state not in AwardCandidate.State.values:
        state = ""
    page = None
    if current is not None:
        page = paginate(request, selectors.candidate_rows(current, state=state))
        selectors.attach_nominations(current, page)
    return render(
        request,
        "awards/list.html",
        _context(
            request,
            campaign,
            "list",
            award_list=current,
            status=current.status if current else AwardList.Status.DRAFT,
            status_label=current.get_status_display()
            if current
            else AwardList.Status.DRAFT.label,
            page=page,
            state=state,
            states=AwardCandidate.State.choices,
            counts=selectors.state_counts(current),
            groups=selectors.group_summary(current, campaign),
            scores=selectors.scores_state(campaign),
            missing_deeds=selectors.missing_deeds(current) if current else 0,
            adjustments=list(selectors.adjustments(current)[:20]) if current else [],
            days_left=(campaign.award_deadline - timezone.localdate()).days,
        ),
    )


@login_required
def quotas(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    form = QuotaForm(
        request.POST or None,
        groups=services.quota_groups(campaign),
        quotas=selectors.quotas(campaign),
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.quotas_set(
                campaign=campaign, by=request.user, counts=form.counts()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Quotas saved: %(n)s quota(s) set.") % {"n": count}
            )
            return redirect("awards:list", campaign.pk)
    return render(
        request,
        "awards/quotas.html",
        _context(request, campaign, "quotas", form=form, groups=form.bound_groups()),
    )


@require_POST
@login_required
def propose(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    try:
        result = services.awards_propose(campaign=campaign, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Winners proposed: %(n)s on the list.") % {"n": result.proposed_count},
        )
    return redirect("awards:list", campaign.pk)


@require_POST
@login_required
def submit(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    current = selectors.award_list_of(campaign)
    if current is None:
        messages.error(request, _("Propose the winners first."))
        return redirect("awards:list", campaign.pk)
    try:
        services.award_list_submit(award_list=current, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Submitted to the leading group for sign-off."))
    return redirect("awards:list", campaign.pk)


@require_POST
@login_required
def recall(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    current = selectors.award_list_of(campaign)
    if current is None:
        raise Http404
    try:
        services.award_list_recall(award_list=current, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The list is back with the office for changes."))
    return redirect("awards:list", campaign.pk)


@require_POST
@login_required
def publish(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    current = selectors.award_list_of(campaign)
    if current is None:
        raise Http404
    try:
        current = services.award_list_publish(
            award_list=current,
            by=request.user,
            override_reason=request.POST.get("override_reason", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if current.published_late:
            messages.warning(
                request,
                _("Published after the deadline %(date)s: the list is marked late.")
                % {"date": campaign.award_deadline},
            )
        else:
            messages.success(request, _("The commendation list is published."))
    return redirect("awards:list", campaign.pk)


def _editable_list(request, campaign):
    current = selectors.award_list_of(campaign)
    if current is None or not current.is_editable:
        messages.error(
            request, _("The award list can no longer be changed in its present state.")
        )
        return None
    return current


@login_required
def candidate_add(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    current = _editable_list(request, campaign)
    if current is None:
        return redirect("awards:list", campaign.pk)
    form = CandidateAddForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.candidate_add(
                award_list=current,
                criteria_set=data["criteria_set"],
                unit=data.get("unit"),
                person=data.get("person"),
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is on the list.") % {"name": candidate.name}
            )
            return redirect("awards:list", campaign.pk)
    return render(
        request,
        "awards/form.html",
        _context(
            request,
            campaign,
            "list",
            form=form,
            title=_("Add to the award list"),
            back=reverse("awards:list", args=[campaign.pk]),
        ),
    )


def _adjust(request, pk, cid, *, action: str):
    campaign, candidate = access.get_candidate_for(request.user, pk, cid)
    if _editable_list(request, campaign) is None:
        return redirect("awards:list", campaign.pk)
    remove = action == "remove"
    form = ReasonForm(
        request.POST or None,
        submit_label=_("Remove from the list") if remove else _("Put on the list"),
    )
    if request.method == "POST" and form.is_valid():
        service = services.candidate_remove if remove else services.candidate_include
        try:
            service(
                candidate=candidate, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                (_("%(name)s removed.") if remove else _("%(name)s is on the list."))
                % {"name": candidate.name},
            )
            return redirect("awards:list", campaign.pk)
    title = (
        _("Remove %(name)s from the list") if remove else _("Put %(name)s on the list")
    ) % {"name": candidate.name}
    return render(
        request,
        "awards/form.html",
        _context(
            request,
            campaign,
            "list",
            form=form,
            title=title,
            candidate=candidate,
            back=reverse("awards:list", args=[campaign.pk]),
        ),
    )


@login_required
def candidate_remove(request, pk, cid):
    return _adjust(request, pk, cid, action="remove")


@login_required
def candidate_include(request, pk, cid):
    return _adjust(request, pk, cid, action="include")
