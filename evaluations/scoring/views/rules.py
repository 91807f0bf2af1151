"""Rules: weights, thresholds, points (评分办法)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import apply_errors
from evaluations.models import ScoringRule
from evaluations.scoring import access, selectors, services
from evaluations.scoring.forms import RuleForm
from evaluations.scoring.views.common import _campaign_nav
from organizations.access import scope_of


@login_required
def rules(request, pk):
    campaign = access.get_office_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    rules = [
        selectors.rule_or_default(campaign, audience)
        for audience in ScoringRule.Audience.values
    ]
    return render(
        request,
        "scoring/rules.html",
        {
            **_campaign_nav(request, campaign, "rules"),
            "rules": rules,
            "can_edit": access.is_office(scope, campaign),
        },
    )


@login_required
def rule_edit(request, pk, audience):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    if audience not in ScoringRule.Audience.values:
        raise Http404
    # A GET shows the defaults without saving them; the rule is made on saving.
    rule = (
        services.rule_for(campaign=campaign, audience=audience)
        if request.method == "POST"
        else selectors.rule_or_default(campaign, audience)
    )
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_update(rule=rule, by=request.user, **form.changes())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Scoring rule saved."))
            return redirect("scoring:rules", campaign.pk)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "rules"),
            "form": form,
            "title": _("Scoring rule: %(audience)s")
            % {"audience": rule.get_audience_display()},
            "back": reverse("scoring:rules", args=[campaign.pk]),
        },
    )
