"""Helpers the activity pages share: page size, the year asked for, the form page."""

from django.shortcuts import render
from django.utils import timezone

from core.views import int_param

PAGE_SIZE = 50


def _year(request) -> int:
    year = int_param(request.GET.get("year"))
    today = timezone.localdate()
    return year if year and 2000 <= year <= 2100 else today.year


def _form_page(request, form, title, *, back=None, note=None):
    return render(
        request,
        "activity/form.html",
        {"form": form, "title": title, "back": back, "note": note},
    )


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 5, -1))
