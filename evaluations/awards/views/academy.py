"""Academy recommendations (院级推荐): quotas per institute, an institute's office
recommends up and submits, the academy's office sees them side by side and receives
them into its own award list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors
from evaluations.awards import access_levels, levels
from evaluations.awards.forms_levels import RecommendationQuotaForm, RecommendForm
from evaluations.awards.selectors import academy as academy_selectors
from evaluations.awards.services import academy as academy_services
from evaluations.awards.views.common import _context
from evaluations.models import Recommendation, RecommendationQuota


@login_required
def recommend(request, pk, institute_pk):
    campaign, institute = access_levels.get_recommending_for(
        request.user, pk, institute_pk
    )
    submission = academy_services.recommendation_submission(campaign, institute)
    form = None
    if submission is None:
        form = RecommendForm(
            request.POST or None, campaign=campaign, institute=institute
        )
    elif request.method == "POST":
        messages.error(
            request, _("The recommendations have been sent to the academy already.")
        )
        return redirect("awards:recommend", campaign.pk, institute.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rec = academy_services.recommend(
                campaign=campaign,
                institute=institute,
                criteria_set=data["criteria_set"],
                unit=data.get("unit"),
                person=data.get("person"),
                deeds=data["deeds"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is recommended.") % {"name": rec.name}
            )
            return redirect("awards:recommend", campaign.pk, institute.pk)
    quotas = academy_selectors.institute_quotas(campaign, institute)
    rows = list(academy_selectors.institute_recommendations(campaign, institute))
    titles = list(campaign.criteria_sets.filter(pk__in=quotas).order_by("order"))
    for title in titles:
        title.quota = quotas.get(title.pk, 0)
        title.taken = sum(1 for r in rows if r.criteria_set_id == title.pk)
    return render(
        request,
        "awards/recommend.html",
        _context(
            request,
            campaign,
            "recommend",
            institute=institute,
            submission=submission,
            titles=titles,
            rows=rows,
            form=form,
        ),
    )


@require_POST
@login_required
def recommend_withdraw(request, pk, institute_pk, rid):
    campaign, institute = access_levels.get_recommending_for(
        request.user, pk, institute_pk
    )
    rec = Recommendation.objects.filter(
        pk=rid, campaign=campaign, institute=institute
    ).first()
    if rec is None:
        raise Http404
    try:
        academy_services.recommendation_withdraw(recommendation=rec, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Recommendation withdrawn."))
    return redirect("awards:recommend", campaign.pk, institute.pk)


@require_POST
@login_required
def recommend_submit(request, pk, institute_pk):
    campaign, institute = access_levels.get_recommending_for(
        request.user, pk, institute_pk
    )
    try:
        academy_services.recommendations_submit(
            campaign=campaign, institute=institute, by=request.user
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Sent to the academy."))
    return redirect("awards:recommend", campaign.pk, institute.pk)


@login_required
def recommendations(request, pk):
    campaign = access_levels.get_academy_office_for(request.user, pk)
    columns = academy_selectors.received_side_by_side(campaign)
    pending = sum(
        1 for col in columns for rec in col["rows"] if rec.candidate_id is None
    )
    return render(
        request,
        "awards/recommendations.html",
        _context(
            request, campaign, "recommendations", columns=columns, pending=pending
        ),
    )


@login_required
def recommendation_quotas(request, pk):
    campaign = access_levels.get_academy_office_for(request.user, pk)
    form = RecommendationQuotaForm(
        request.POST or None,
        institutes=list(levels.academy_institutes(campaign)),
        titles=campaign.criteria_sets.order_by("order", "pk"),
        quotas=RecommendationQuota.objects.filter(campaign=campaign),
    )
    if request.method == "POST" and form.is_valid():
        try:
            academy_services.recommendation_quotas_set(
                campaign=campaign, by=request.user, counts=form.counts()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recommendation quotas saved."))
            return redirect("awards:recommendations", campaign.pk)
    return render(
        request,
        "awards/recommendation_quotas.html",
        _context(request, campaign, "recommendations", form=form),
    )


@require_POST
@login_required
def recommendations_receive(request, pk):
    campaign = access_levels.get_academy_office_for(request.user, pk)
    try:
        n = academy_services.recommendations_receive(campaign=campaign, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("awards:recommendations", campaign.pk)
    messages.success(
        request,
        _("%(n)s recommendations received onto the award list.") % {"n": n},
    )
    return redirect("awards:list", campaign.pk)
