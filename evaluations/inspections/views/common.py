"""Shared by the inspection pages: the form page and the campaign shown."""

from django.shortcuts import render

from organizations.access import scope_of
from pledges.selectors import campaign_for_scope


def _form_page(request, form, title, *, back=None, note=None, status=200):
    return render(
        request,
        "inspections/form.html",
        {"form": form, "title": title, "back": back, "note": note},
        status=status,
    )


def _campaign(request):
    scope = scope_of(request.user)
    return scope, campaign_for_scope(scope, request.GET.get("campaign"))
