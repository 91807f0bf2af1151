"""The suggestion box (意见箱)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from organizations.access import scope_of
from pledges.activity import selectors, services
from pledges.activity.access import can_answer_suggestion, get_suggestion_for
from pledges.activity.forms import AnswerForm, ReceiptForm, SuggestionForm
from pledges.activity.views.common import _form_page
from pledges.models import Suggestion


@login_required
def suggestion_home(request):
    scope = scope_of(request.user)
    return render(
        request,
        "activity/suggestions.html",
        {
            "page": paginate(request, selectors.suggestions_mine(scope)),
            "has_inbox": bool(scope.read_paths) or scope.is_office,
            "is_liaison": bool(scope.roles_of("liaison")),
            "receipt_form": ReceiptForm(),
        },
    )


@login_required
def suggestion_create(request):
    scope = scope_of(request.user)
    if scope.person is None:
        raise PermissionDenied
    institute = scope.person.institute
    form = SuggestionForm(request.POST or None, institute=institute)
    if request.method == "POST" and form.is_valid():
        anonymous = form.cleaned_data["anonymous"]
        try:
            suggestion = services.suggestion_file(
                institute=institute,
                branch=form.branch(),
                text=form.cleaned_data["text"],
                author=scope.person,
                anonymous=anonymous,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if anonymous:
                # Shown once, in this response only: no redirect puts it in a URL.
                return render(
                    request,
                    "activity/suggestion_filed.html",
                    {"receipt": suggestion.receipt},
                )
            messages.success(request, _("Your suggestion was sent."))
            return redirect(suggestion)
    return _form_page(request, form, _("New suggestion"), back="activity:suggestions")


@login_required
def suggestion_inbox(request):
    scope = scope_of(request.user)
    if not (scope.read_paths or scope.is_office):
        raise PermissionDenied
    status = request.GET.get("status", "")
    suggestions = selectors.suggestions_inbox(scope)
    if status in Suggestion.Status.values:
        suggestions = suggestions.filter(status=status)
    return render(
        request,
        "activity/suggestion_inbox.html",
        {
            "page": paginate(request, suggestions),
            "status": status,
            "statuses": Suggestion.Status.choices,
        },
    )


@login_required
def suggestion_detail(request, pk):
    suggestion = get_suggestion_for(request.user, pk)
    scope = scope_of(request.user)
    can_answer = can_answer_suggestion(scope, suggestion)
    form = None
    if can_answer:
        form = AnswerForm(
            request.POST or None,
            initial={"answer": suggestion.answer},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.suggestion_answer(
                    suggestion=suggestion,
                    answer=form.cleaned_data["answer"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The answer was sent."))
                return redirect(suggestion)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "activity/suggestion_detail.html",
        {"suggestion": suggestion, "form": form},
    )


@login_required
def suggestion_receipt(request):
    """Read an anonymous suggestion and its answer by its receipt code (POST only)."""
    form = ReceiptForm(request.POST or None)
    suggestion = None
    if request.method == "POST" and form.is_valid():
        suggestion = (
            Suggestion.objects.select_related("branch")
            .filter(receipt=form.cleaned_data["code"])
            .first()
        )
        if suggestion is None:
            form.add_error("code", _("No suggestion has this receipt code."))
    return render(
        request,
        "activity/suggestion_receipt.html",
        {"form": form, "suggestion": suggestion},
    )


@login_required
def liaison(request):
    """A leader's liaison branches (联系点): suggestions and how the branches progress."""
    scope = scope_of(request.user)
    if not scope.roles_of("liaison"):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "activity/liaison.html",
        {
            "branches": selectors.liaison_branches(scope, year=today.year),
            "page": paginate(request, selectors.liaison_suggestions(scope)),
            "year": today.year,
        },
    )
