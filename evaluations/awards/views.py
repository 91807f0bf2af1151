"""Pages of the award selection (评选表彰) and the rest of phases 3 to 5.

Office: quotas, the proposal with its exclusions and reasons, adjustments, nominations,
submit, publish; duty-report round; model posts; exchange sessions. Leaders: the
sign-off page. Staff: the published commendation list (printable), the winners'
先进事迹, submitted duty reports, model posts and exchange sessions.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import (
    CandidateAddForm,
    DutyReportForm,
    ExchangeForm,
    ModelPostForm,
    NominationForm,
    QuotaForm,
    ReasonForm,
    SignOffForm,
)
from evaluations.models import AwardCandidate, AwardList, DutyReport
from organizations.access import scope_of
from pledges.access import get_campaign_shown
from pledges.models import Campaign
from pledges.selectors import campaigns_for
from pledges.uploads import serve_upload


def _context(request, campaign: Campaign, tab: str, **extra) -> dict:
    scope = scope_of(request.user)
    return {
        "campaign": campaign,
        "tab": tab,
        "is_office": access.is_office(scope, campaign),
        "is_leader": access.is_leader(scope, campaign),
        "is_reader": access.is_reader(scope, campaign),
        **extra,
    }


# ---------------------------------------------------------------------------------------
# Index (表彰)


@login_required
def index(request):
    """The campaigns of one's institute with what one may open for each."""
    scope = scope_of(request.user)
    entries = []
    campaigns = list(campaigns_for(scope, running_first=True)[:5])
    lists = {a.campaign_id: a for a in AwardList.objects.filter(campaign__in=campaigns)}
    for campaign in campaigns:
        award_list = lists.get(campaign.pk)
        entries.append(
            {
                "campaign": campaign,
                "award_list": award_list,
                "office": access.is_office(scope, campaign),
                "leader": access.is_leader(scope, campaign),
                "reader": access.is_reader(scope, campaign),
                "nominations": access.sees_nominations(scope, campaign),
                "duty": access.files_duty_report(scope, campaign),
                "published": award_list is not None and award_list.is_published,
            }
        )
    return render(request, "awards/index.html", {"entries": entries})


# ---------------------------------------------------------------------------------------
# The working list (office and leading group)


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
        current = services.award_list_publish(award_list=current, by=request.user)
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


# ---------------------------------------------------------------------------------------
# Nominations (推荐表, 先进事迹)


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
            candidate.can_write = current.is_editable and access.writes_nomination(
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
    can_write = current.is_editable and access.writes_nomination(
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


# ---------------------------------------------------------------------------------------
# Sign-off (领导小组审定)


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
        ),
    )


# ---------------------------------------------------------------------------------------
# What staff see: the commendation list, the 先进事迹, the print view


def _public(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    current = selectors.award_list_of(campaign)
    visible = current is not None and access.published_or_reader(
        scope, campaign, current
    )
    return campaign, current, visible


@login_required
def commendations(request, pk):
    campaign, current, visible = _public(request, pk)
    page = paginate(request, selectors.winners(current)) if visible else None
    return render(
        request,
        "awards/commendations.html",
        _context(request, campaign, "commendations", award_list=current, page=page),
    )


@login_required
def deeds(request, pk):
    campaign, current, visible = _public(request, pk)
    page = None
    if visible:
        page = paginate(request, selectors.winners(current))
        selectors.attach_nominations(current, page)
    return render(
        request,
        "awards/deeds.html",
        _context(request, campaign, "deeds", award_list=current, page=page),
    )


PRINT_LIMIT = 2000


@login_required
def print_view(request, pk):
    campaign, current, visible = _public(request, pk)
    rows = list(selectors.winners(current)[:PRINT_LIMIT]) if visible else []
    return render(
        request,
        "awards/print.html",
        {
            "campaign": campaign,
            "award_list": current,
            "rows": rows,
            "visible": visible,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------------------------------
# Duty reports (述职述廉)


@login_required
def duty_reports(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    reader = access.is_reader(scope, campaign)
    own = (
        DutyReport.objects.filter(campaign=campaign, person=scope.person).first()
        if scope.person
        else None
    )
    return render(
        request,
        "awards/duty_reports.html",
        _context(
            request,
            campaign,
            "duty",
            page=paginate(
                request, selectors.duty_reports(campaign, scope, reader=reader)
            ),
            own=own,
            files=access.files_duty_report(scope, campaign),
            round=selectors.duty_round_of(campaign),
            locked=services.duty_reports_locked(campaign),
        ),
    )


@login_required
def duty_report(request, pk, report_pk):
    campaign, report = access.get_duty_report_for(request.user, pk, report_pk)
    scope = scope_of(request.user)
    return render(
        request,
        "awards/duty_report.html",
        _context(
            request,
            campaign,
            "duty",
            report=report,
            own=scope.person is not None and scope.person.pk == report.person_id,
            locked=services.duty_reports_locked(campaign),
        ),
    )


@login_required
def duty_report_edit(request, pk):
    campaign, scope = access.require_duty_reporter(request.user, pk)
    report = DutyReport.objects.filter(campaign=campaign, person=scope.person).first()
    locked = services.duty_reports_locked(campaign)
    form = DutyReportForm(
        request.POST or None, initial={"text": report.text if report else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.duty_report_save(
                campaign=campaign,
                person=scope.person,
                by=request.user,
                text=form.cleaned_data["text"],
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Report submitted.") if report.is_submitted else _("Report saved."),
            )
            return redirect("awards:duty_report", campaign.pk, report.pk)
    return render(
        request,
        "awards/duty_report_edit.html",
        _context(request, campaign, "duty", form=form, report=report, locked=locked),
    )


@require_POST
@login_required
def duty_round(request, pk):
    campaign = access.get_award_campaign_for(request.user, pk, write=True)
    try:
        round = services.duty_round_sync(campaign=campaign, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("awards:duty_reports", campaign.pk)
    messages.success(
        request,
        _("The rating round has %(n)s reporter(s) as targets.")
        % {"n": round.targets.count()},
    )
    return redirect("evaluations:round", round.pk)


# ---------------------------------------------------------------------------------------
# Member model posts (党员示范岗)


def _campaign_from_query(request):
    scope = scope_of(request.user)
    return scope, get_campaign_shown(scope, request.GET.get("campaign"))


@login_required
def model_posts(request):
    scope, campaign = _campaign_from_query(request)
    return render(
        request,
        "awards/model_posts.html",
        _context(
            request,
            campaign,
            "posts",
            page=paginate(request, selectors.model_posts(campaign)),
            can_edit=access.is_office(scope, campaign),
        ),
    )


def _model_post_form(request, campaign, post=None):
    initial = {}
    if post is not None:
        initial = {
            "staff_no": post.person.staff_no,
            "post_name": post.post_name,
            "description": post.description,
            "since": post.since,
            "ended_on": post.ended_on,
        }
    form = ModelPostForm(request.POST or None, campaign=campaign, initial=initial)
    back = reverse("awards:model_posts") + f"?campaign={campaign.pk}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.model_post_save(
                campaign=campaign,
                by=request.user,
                post=post,
                person=data["person"],
                post_name=data["post_name"],
                description=data["description"],
                since=data["since"],
                ended_on=data["ended_on"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "person" in error.error_dict:
                error.error_dict["staff_no"] = error.error_dict.pop("person")
            apply_errors(form, error)
        else:
            messages.success(request, _("Model post saved."))
            return redirect(back)
    return render(
        request,
        "awards/form.html",
        _context(
            request,
            campaign,
            "posts",
            form=form,
            title=_("Edit the model post")
            if post
            else _("Designate a member model post"),
            back=back,
        ),
    )


@login_required
def model_post_create(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    if not access.is_office(scope_of(request.user), campaign):
        raise PermissionDenied
    return _model_post_form(request, campaign)


@login_required
def model_post_edit(request, post_pk):
    campaign, post = access.get_model_post_for(request.user, post_pk)
    return _model_post_form(request, campaign, post)


# ---------------------------------------------------------------------------------------
# Experience-exchange sessions (经验交流)


@login_required
def exchanges(request):
    scope, campaign = _campaign_from_query(request)
    return render(
        request,
        "awards/exchanges.html",
        _context(
            request,
            campaign,
            "exchanges",
            page=paginate(request, selectors.exchanges(campaign)),
            can_edit=access.is_office(scope, campaign),
        ),
    )


@login_required
def exchange(request, pk):
    session = access.get_exchange_for(request.user, pk)
    scope = scope_of(request.user)
    return render(
        request,
        "awards/exchange.html",
        _context(
            request,
            session.campaign,
            "exchanges",
            session=session,
            units=list(session.units.order_by("path")),
            files=list(session.files.all()),
            can_edit=access.is_office(scope, session.campaign),
        ),
    )


def _exchange_form(request, campaign, session=None):
    initial = {}
    if session is not None:
        initial = {
            "held_on": session.held_on,
            "title": session.title,
            "summary": session.summary,
            "units": list(session.units.values_list("pk", flat=True)),
        }
    form = ExchangeForm(
        request.POST or None,
        request.FILES or None,
        campaign=campaign,
        session=session,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.exchange_save(
                campaign=campaign,
                by=request.user,
                session=session,
                held_on=data["held_on"],
                title=data["title"],
                summary=data["summary"],
                units=data["units"],
                files=data["files"],
                remove_files=[f.pk for f in data.get("remove_files") or []],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Exchange session saved."))
            return redirect("awards:exchange", session.pk)
    back = (
        reverse("awards:exchange", args=[session.pk])
        if session
        else reverse("awards:exchanges") + f"?campaign={campaign.pk}"
    )
    return render(
        request,
        "awards/form.html",
        _context(
            request,
            campaign,
            "exchanges",
            form=form,
            title=_("Edit the exchange session")
            if session
            else _("Record an exchange session"),
            back=back,
            multipart=True,
        ),
    )


@login_required
def exchange_create(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    if not access.is_office(scope_of(request.user), campaign):
        raise PermissionDenied
    return _exchange_form(request, campaign)


@login_required
def exchange_edit(request, pk):
    session = access.get_exchange_for(request.user, pk, write=True)
    return _exchange_form(request, session.campaign, session)


@login_required
def exchange_file(request, pk, file_pk):
    session = access.get_exchange_for(request.user, pk)
    stored = get_object_or_404(session.files, pk=file_pk)
    return serve_upload(stored.file, stored.name, stored.content_type)
