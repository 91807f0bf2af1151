"""Experience-exchange sessions (经验交流)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import ExchangeForm
from evaluations.awards.views.common import _campaign_from_query, _context
from organizations.access import scope_of
from pledges.uploads import serve_upload


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
