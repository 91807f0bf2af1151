"""The office's rounds (评议管理)."""

from itertools import groupby

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, int_param, paginate
from evaluations.ballots import access, selectors, services
from evaluations.ballots.forms import (
    CancelForm,
    CopyCriteriaForm,
    QuestionForm,
    RoundForm,
    RuleForm,
    SlipForm,
    can_copy_criteria,
)
from evaluations.ballots.views.voting import slip_link
from evaluations.models import Question, Round, TargetRule
from organizations.models import Organization


def _electorate(scope_unit, kind, rules=None) -> dict | None:
    """The electorate panel: who can vote, party and not, and what is wrong with it."""
    if scope_unit is None:
        return None
    counts = selectors.electorate(scope=scope_unit, rules=rules)
    return {
        **counts,
        "scope": scope_unit,
        "has_rules": counts["eligible_party"] is not None,
        "problem": selectors.electorate_problem(kind=kind, counts=counts),
    }


def _form_electorate(form, round=None) -> dict | None:
    """The panel for a round form: the scope and kind chosen (or saved) so far."""
    scope_field = form["scope"]
    try:
        scope_unit = form.fields["scope"].clean(scope_field.value())
    except ValidationError:
        scope_unit = None
    kind = form["kind"].value() or (round.kind if round else "")
    return _electorate(scope_unit, kind, round.rules.all() if round else None)


def _round_context(request, round, **extra) -> dict:
    scope = access.scope_of(request.user)
    return {"round": round, "can_run": access.can_run(scope, round), **extra}


@login_required
def round_list(request):
    scope = access.require_round_office(request.user)
    rounds = selectors.rounds_for_office(
        institute_ids=access.readable_institute_ids(scope)
    )
    return render(
        request,
        "evaluations/round_list.html",
        {
            "page": paginate(request, rounds),
            "can_create": bool(access.office_institute_ids(scope))
            or scope.is_superuser,
        },
    )


@login_required
def round_create(request):
    scope = access.require_round_office(request.user)
    institute_ids = access.office_institute_ids(scope)
    if not institute_ids and not scope.is_superuser:
        raise PermissionDenied
    if scope.is_superuser and not institute_ids:
        institute_ids = set(
            Organization.objects.filter(kind=Organization.Kind.INSTITUTE).values_list(
                "pk", flat=True
            )
        )
    form = RoundForm(request.POST or None, institute_ids=institute_ids)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_create(**form.cleaned_data, created_by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Round created. Now add its rules and questions.")
            )
            return redirect(round)
    return render(
        request,
        "evaluations/round_form.html",
        {
            "form": form,
            "title": _("New evaluation round"),
            "electorate": _form_electorate(form),
        },
    )


@login_required
def round_electorate(request):
    """htmx: the electorate panel for the scope and kind chosen in the round form."""
    scope = access.require_round_office(request.user)
    institute_ids = access.office_institute_ids(scope)
    round = None
    if request.GET.get("round"):
        round = access.get_round_for(
            request.user, int_param(request.GET.get("round")) or 0, write=True
        )
        institute_ids = {round.institute_id}
    elif not institute_ids and not scope.is_superuser:
        raise PermissionDenied
    units = Organization.objects.filter(is_active=True)
    if institute_ids or not scope.is_superuser:
        units = units.filter(institute_id__in=institute_ids)
    scope_pk = int_param(request.GET.get("scope"))
    scope_unit = units.filter(pk=scope_pk).first() if scope_pk else None
    if scope_unit is None and round is not None:
        scope_unit = round.scope
    kind = request.GET.get("kind") or (round.kind if round else "")
    return render(
        request,
        "evaluations/_electorate.html",
        {
            "electorate": _electorate(
                scope_unit, kind, round.rules.all() if round else None
            )
        },
    )


@login_required
def round_edit(request, pk):
    round = access.get_round_for(request.user, pk, write=True)
    form = RoundForm(
        request.POST or None, instance=round, institute_ids=[round.institute_id]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(round=round, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(round)
    return render(
        request,
        "evaluations/round_form.html",
        {
            "form": form,
            "round": round,
            "title": _("Edit %(title)s") % {"title": round.title},
            "electorate": _form_electorate(form, round),
        },
    )


@login_required
def round_detail(request, pk):
    round = access.get_round_for(request.user, pk)
    rules = list(round.rules.select_related("unit", "person"))
    correctable = round.status in (Round.Status.DRAFT, Round.Status.OPEN)
    return render(
        request,
        "evaluations/round_detail.html",
        _round_context(
            request,
            round,
            rules=rules,
            electorate=_electorate(round.scope, round.kind, rules)
            if correctable
            else None,
            has_ballots=correctable and services.has_ballots(round),
            questions=round.questions.all(),
            target_count=round.targets.count(),
            totals=selectors.turnout_totals(round=round),
            can_copy=can_copy_criteria(),
        ),
    )


@login_required
def target_list(request, pk):
    round = access.get_round_for(request.user, pk)
    targets = round.targets.select_related("unit", "person").order_by("name", "pk")
    return render(
        request,
        "evaluations/targets.html",
        _round_context(request, round, page=paginate(request, targets)),
    )


@login_required
def rule_create(request, pk):
    round = access.get_round_for(request.user, pk, write=True)
    form = RuleForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rule_add(
                round=round,
                kind=data["kind"],
                voters=data["voters"],
                unit=data.get("unit"),
                person=data.get("person"),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Rule added; the targets were updated."))
            return redirect(round)
    return render(
        request,
        "evaluations/form.html",
        {"form": form, "round": round, "title": _("Who rates whom")},
    )


@require_POST
@login_required
def rule_delete(request, pk, rule_pk):
    round = access.get_round_for(request.user, pk, write=True)
    rule = get_object_or_404(TargetRule, pk=rule_pk, round=round)
    try:
        services.rule_remove(rule=rule, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Rule removed; the targets were updated."))
    return redirect(round)


@login_required
def question_create(request, pk):
    round = access.get_round_for(request.user, pk, write=True)
    next_order = (round.questions.order_by("-order").first() or Question(order=0)).order
    form = QuestionForm(
        request.POST or None, round=round, initial={"order": next_order + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(round=round, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(round)
    return render(
        request,
        "evaluations/form.html",
        {"form": form, "round": round, "title": _("New question")},
    )


@login_required
def question_edit(request, pk, question_pk):
    round = access.get_round_for(request.user, pk, write=True)
    question = get_object_or_404(Question, pk=question_pk, round=round)
    form = QuestionForm(request.POST or None, instance=question, round=round)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_update(
                question=question, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(round)
    return render(
        request,
        "evaluations/form.html",
        {"form": form, "round": round, "title": _("Edit question")},
    )


@require_POST
@login_required
def question_delete(request, pk, question_pk):
    round = access.get_round_for(request.user, pk, write=True)
    question = get_object_or_404(Question, pk=question_pk, round=round)
    try:
        services.question_remove(question=question, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Question removed."))
    return redirect(round)


@login_required
def questions_copy(request, pk):
    round = access.get_round_for(request.user, pk, write=True)
    form = CopyCriteriaForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        criteria = form.cleaned_data["criteria_set"].criteria.order_by("order", "code")
        try:
            added = services.questions_copy(
                round=round, criteria=criteria, by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(n)s questions copied in.") % {"n": added})
            return redirect(round)
    return render(
        request,
        "evaluations/form.html",
        {
            "form": form,
            "round": round,
            "title": _("Copy questions from a criteria set"),
        },
    )


STEPS = {
    "open": (services.round_open, gettext_lazy("The round is open for voting.")),
    "close": (
        services.round_close,
        gettext_lazy("The round is closed and its ballots are mixed."),
    ),
    "mix": (None, None),
    "tally": (services.round_tally, gettext_lazy("The ballots are counted.")),
    "publish": (services.round_publish, gettext_lazy("The results are published.")),
    "reopen": (
        services.round_reopen_draft,
        gettext_lazy("The round is back to draft: correct it, then open it again."),
    ),
}


@login_required
def round_cancel(request, pk):
    """Cancel a round before any ballot, with a reason (撤销评议)."""
    round = access.get_round_for(request.user, pk, write=True)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_cancel(
                round=round, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The round is cancelled; nobody is asked to vote in it.")
            )
            return redirect(round)
    return render(
        request,
        "evaluations/round_cancel.html",
        {
            "form": form,
            "round": round,
            "has_ballots": services.has_ballots(round),
            "title": _("Cancel %(title)s") % {"title": round.title},
        },
    )


@require_POST
@login_required
def round_step(request, pk, step):
    """The office's buttons: open, close, mix, tally, publish."""
    if step not in STEPS:
        raise Http404
    round = access.get_round_for(request.user, pk, write=True)
    try:
        if step == "mix":
            moved = services.round_mix(round=round)
            message = _("%(n)s ballots mixed.") % {"n": moved}
        else:
            service, message = STEPS[step]
            service(round=round, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, message)
    return redirect(round)


@login_required
def round_turnout(request, pk):
    """Turnout (参评率) per department or per branch, counted from has-voted rows."""
    round = access.get_round_for(request.user, pk)
    by = "branch" if request.GET.get("by") == "branch" else "department"
    rows = (
        selectors.turnout_by_branch(round=round)
        if by == "branch"
        else selectors.turnout_by_department(round=round)
    )
    return render(
        request,
        "evaluations/turnout.html",
        _round_context(
            request,
            round,
            by=by,
            page=paginate(request, rows),
            totals=selectors.turnout_totals(round=round),
        ),
    )


@never_cache
@login_required
def round_slips(request, pk):
    """Generate paper slips; the answer to the POST is the printable sheet, once."""
    round = access.get_round_for(request.user, pk, write=True)
    form = SlipForm(request.POST or None, round=round)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            codes = services.slips_generate(round=round, unit=unit, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            slips = [
                {
                    "code": services.code_group(code),
                    "qr": segno.make(slip_link(code), error="m").svg_inline(
                        scale=3, border=1
                    ),
                }
                for code in codes
            ]
            return render(
                request,
                "evaluations/slips_print.html",
                {
                    "round": round,
                    "unit": unit,
                    "slips": slips,
                    "vote_url": slip_link(""),
                },
            )
    counts = (
        round.slips.order_by()
        .values("unit__name", "unit__path")
        .annotate(total=Count("pk"), used=Count("pk", filter=Q(used=True)))
        .order_by("unit__path")
    )
    return render(
        request,
        "evaluations/slips.html",
        {"round": round, "form": form, "page": paginate(request, counts)},
    )


@login_required
def round_tallies(request, pk):
    """Tallies per target (评议结果) after the count; below k nothing is shown."""
    round = access.get_round_for(request.user, pk)
    page = None
    questions, sections = [], []
    if round.has_tallies:
        page = paginate(request, selectors.round_tallies(round=round))
        questions = list(round.questions.all())
        sections = [
            (section, len(list(group)))
            for section, group in groupby(questions, key=lambda q: q.section)
        ]
        if not any(section for section, _n in sections):
            sections = []
        labels = [(str(level["value"]), level["label"]) for level in round.scale]
        for tally in page.object_list:
            by_question = {row.question_id: row for row in tally.questions.all()}
            tally.cells = [
                {
                    "mean": by_question[q.pk].mean,
                    "counts": [
                        (label, by_question[q.pk].counts.get(value, 0))
                        for value, label in labels
                    ],
                }
                if q.pk in by_question
                else {"mean": "", "counts": []}
                for q in questions
            ]
    return render(
        request,
        "evaluations/tallies.html",
        _round_context(
            request,
            round,
            page=page,
            questions=questions,
            sections=sections,
            scale=round.scale,
        ),
    )


@login_required
def round_opinions(request, pk):
    """Written opinions (意见建议), per target whose tally is shown, in random order."""
    round = access.get_round_for(request.user, pk)
    page = paginate(request, selectors.opinions(round=round))
    rows, previous = [], None
    for name, comment in page.object_list:
        rows.append({"target": name if name != previous else "", "comment": comment})
        previous = name
    return render(
        request,
        "evaluations/opinions.html",
        _round_context(request, round, page=page, rows=rows),
    )
