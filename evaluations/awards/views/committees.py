"""A mass committee proposes its own candidates (群团组织推荐) and submits them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors
from evaluations.awards import access, access_levels, levels, selectors
from evaluations.awards.forms_levels import ProposalForm
from evaluations.awards.services import proposals
from evaluations.awards.views.common import _context
from evaluations.models import AwardCandidate, NominationFile, Score
from organizations.access import scope_of
from pledges.access import get_campaign_for
from pledges.uploads import serve_upload

SCORED_LIMIT = 50


def _initial(request) -> dict:
    initial = {}
    for name in ("criteria_set", "unit"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = int(value)
    return initial


@login_required
def committee(request, pk, unit_pk):
    campaign, unit, writes = access_levels.get_committee_for(request.user, pk, unit_pk)
    current = selectors.award_list_of(campaign)
    submission = proposals.committee_submission(current, unit)
    open_ = writes and submission is None and (current is None or current.is_editable)
    form = None
    if open_:
        form = ProposalForm(
            request.POST or None,
            request.FILES or None,
            campaign=campaign,
            committee=unit,
            initial=_initial(request),
        )
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = proposals.committee_propose(
                campaign=campaign,
                committee=unit,
                criteria_set=data["criteria_set"],
                unit=data.get("unit"),
                person=data.get("person"),
                deeds=data["deeds"],
                files=data.get("files") or (),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is proposed.") % {"name": candidate.name}
            )
            return redirect("awards:committee", campaign.pk, unit.pk)
    titles = list(levels.committee_titles(campaign, unit))
    candidates = []
    if current is not None:
        candidates = list(
            current.candidates.filter(committee=unit)
            .select_related("criteria_set", "unit", "person", "person__department")
            .order_by("criteria_set__order", "position", "pk")
        )
        selectors.attach_nominations(current, candidates)
        selectors.attach_nomination_files(candidates)
    taken = {}
    for c in candidates:
        if c.is_selected:
            taken[c.criteria_set_id] = taken.get(c.criteria_set_id, 0) + 1
    for title in titles:
        title.quota = proposals.title_quota(campaign, title)
        title.taken = taken.get(title.pk, 0)
    scored = (
        Score.objects.filter(
            campaign=campaign,
            unit__path__startswith=unit.path,
            unit__is_active=True,
        )
        .select_related("unit")
        .order_by("category_key", "rank", "-score", "name")[:SCORED_LIMIT]
    )
    unit_title = next((t for t in titles if t.audience == "unit"), None)
    return render(
        request,
        "awards/committee.html",
        _context(
            request,
            campaign,
            "committee",
            award_list=current,
            committee=unit,
            writes=writes,
            open=open_,
            submission=submission,
            titles=titles,
            candidates=candidates,
            scored=scored,
            unit_title=unit_title,
            form=form,
        ),
    )


@require_POST
@login_required
def committee_withdraw(request, pk, unit_pk, cid):
    campaign, unit, _w = access_levels.get_committee_for(
        request.user, pk, unit_pk, write=True
    )
    candidate = AwardCandidate.objects.filter(
        pk=cid, award_list__campaign=campaign, committee=unit
    ).first()
    if candidate is None:
        raise Http404
    try:
        proposals.committee_withdraw(
            candidate=candidate, committee=unit, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Proposal withdrawn."))
    return redirect("awards:committee", campaign.pk, unit.pk)


@require_POST
@login_required
def committee_submit(request, pk, unit_pk):
    campaign, unit, _w = access_levels.get_committee_for(
        request.user, pk, unit_pk, write=True
    )
    try:
        proposals.committee_submit(campaign=campaign, committee=unit, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Submitted to the activity office."))
    return redirect("awards:committee", campaign.pk, unit.pk)


@login_required
def nomination_file(request, pk, file_pk):
    """An attachment of a nomination: whoever may read the nomination."""
    campaign = get_campaign_for(request.user, pk)
    stored = (
        NominationFile.objects.select_related("nomination", "nomination__award_list")
        .filter(pk=file_pk, nomination__award_list__campaign=campaign)
        .first()
    )
    if stored is None:
        raise Http404
    nomination = stored.nomination
    scope = scope_of(request.user)
    allowed = access.is_reader(scope, campaign) or nomination.award_list.is_published
    if not allowed:
        candidate = (
            AwardCandidate.objects.filter(
                award_list=nomination.award_list,
                criteria_set_id=nomination.criteria_set_id,
                unit_id=nomination.unit_id,
                person_id=nomination.person_id,
            )
            .select_related("committee", "unit", "person", "person__branch")
            .first()
        )
        allowed = candidate is not None and (
            (
                candidate.committee_id
                and access.scoring_access.writes_for(scope, candidate.committee)
            )
            or access.reads_nomination(scope, campaign, candidate)
        )
    if not allowed:
        raise Http404
    return serve_upload(stored.file, stored.name, stored.content_type)
