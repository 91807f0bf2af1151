"""Help items (帮助指导)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.inspections import access, selectors, services
from evaluations.inspections.forms import HelpItemForm, HelpMoveForm
from evaluations.inspections.views.common import _campaign, _form_page
from evaluations.models import HelpItem
from organizations.access import scope_of
from pledges.selectors import campaigns_for


@login_required
def help_list(request):
    scope, campaign = _campaign(request)
    status = request.GET.get("status", "")
    if status not in HelpItem.Status.values:
        status = ""
    rows = (
        selectors.help_items_for(scope, campaign, status=status)
        if campaign
        else HelpItem.objects.none()
    )
    return render(
        request,
        "inspections/help_list.html",
        {
            "campaign": campaign,
            "campaigns": campaigns_for(scope),
            "page": paginate(request, rows),
            "status": status,
            "statuses": HelpItem.Status.choices,
        },
    )


@login_required
def help_create(request, finding_pk):
    finding = access.get_finding_for(request.user, finding_pk, write=True)
    form = HelpItemForm(request.POST or None, campaign=finding.round.campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.help_item_create(
                unit=finding.unit,
                finding=finding,
                what=data["what"],
                helper=data["helper_person"],
                due_on=data.get("due_on"),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help is planned."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Help for %(unit)s") % {"unit": finding.unit.name},
        back=finding,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def help_detail(request, pk):
    item = access.get_help_item_for(request.user, pk)
    scope = scope_of(request.user)
    context = {"item": item}
    if item.status != HelpItem.Status.DONE and access.can_move_help_item(scope, item):
        context["move_form"] = HelpMoveForm(
            action=reverse("inspections:help_move", args=[item.pk])
        )
    return render(request, "inspections/help_detail.html", context)


@login_required
def help_move(request, pk):
    item = access.get_help_item_for(request.user, pk, write=True)
    form = HelpMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_item_move(
                item=item,
                status=form.cleaned_data["status"],
                outcome=form.cleaned_data["outcome"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The help item is saved."))
            return redirect(item)
    return _form_page(
        request,
        form,
        _("Help for %(unit)s") % {"unit": item.unit.name},
        back=item,
        status=400 if request.method == "POST" else 200,
    )
