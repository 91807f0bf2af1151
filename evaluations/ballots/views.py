"""Pages of the secret evaluation: voting, paper slips, receipts and the office's rounds.

Nothing here logs a request body, and no code travels in a URL path: the QR code on a
slip links to ``/vote/slip/#<code>``; the fragment never reaches the server, and
``static/js/ballot.js`` moves it into a form that is POSTed. Receipts are rendered in
the response to the cast itself and stored nowhere else (not in the session, not in a
message), so a page reload cannot show them again.
"""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.ballots import access, selectors, services
from evaluations.ballots.forms import (
    BallotForm,
    CopyCriteriaForm,
    QuestionForm,
    ReceiptCheckForm,
    RoundForm,
    RuleForm,
    SlipCodeForm,
    SlipForm,
    can_copy_criteria,
)
from evaluations.models import AlreadyVotedError, Question, TargetRule
from organizations.models import Organization

# ---------------------------------------------------------------------------------------
# Voting (评议)

SHOW_CHOICES = ("all", "todo", "done")


@login_required
def vote_list(request):
    """Open rounds and the targets I rate, with a voted / not yet voted filter."""
    scope = access.require_voter(request.user)
    show = request.GET.get("show", "all")
    if show not in SHOW_CHOICES:
        show = "all"
    voted = {"all": None, "todo": False, "done": True}[show]
    targets = paginate(
        request, selectors.voter_targets(voter=scope.person, voted=voted)
    )
    closed = list(selectors.closed_rounds_for(voter=scope.person)[:5])
    return render(
        request,
        "evaluations/vote_list.html",
        {"page": targets, "show": show, "closed_rounds": closed},
    )


@never_cache
@login_required
def vote_ballot(request, round_pk, target_pk):
    """The questionnaire for one target; the answer to the POST shows the receipt."""
    round, target = access.get_target_for_voter(request.user, round_pk, target_pk)
    voter = access.require_voter(request.user).person
    questions = list(round.questions.all())
    if selectors.has_voted(round=round, voter=voter, target=target):
        return render(
            request,
            "evaluations/already_voted.html",
            {"round": round, "target": target},
        )
    form = BallotForm(request.POST or None, round=round, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = services.ballot_cast(
                round=round,
                voter=voter,
                target=target,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )
        except AlreadyVotedError:
            return render(
                request,
                "evaluations/already_voted.html",
                {"round": round, "target": target},
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(
                request,
                "evaluations/cast_done.html",
                {
                    "round": round,
                    "receipts": [(target, services.code_group(receipt, 5))],
                    "next_url": reverse("evaluations:vote") + "?show=todo",
                },
            )
    return render(
        request,
        "evaluations/ballot.html",
        {"round": round, "target": target, "form": form},
    )


def slip_link(code: str) -> str:
    """The QR code's address: the code rides in the fragment, which no server logs."""
    url = settings.SITE_URL + reverse("evaluations:slip")
    return f"{url}#{code}" if code else url


@never_cache
def slip_start(request):
    """Paper-slip voting, step 1: the code (typed, or moved from the QR link's #)."""
    form = SlipCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            slip = services.slip_find(code=form.cleaned_data["code"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _slip_ballots(request, slip, form.cleaned_data["code"], bound=False)
    return render(request, "evaluations/slip_start.html", {"form": form})


@never_cache
@require_POST
def slip_cast(request):
    """Paper-slip voting, step 2: every target's questionnaire, cast at once."""
    code_form = SlipCodeForm(request.POST)
    if not code_form.is_valid():
        return render(request, "evaluations/slip_start.html", {"form": code_form})
    code = code_form.cleaned_data["code"]
    try:
        slip = services.slip_find(code=code)
    except ValidationError as error:
        apply_errors(code_form, error)
        return render(request, "evaluations/slip_start.html", {"form": code_form})
    return _slip_ballots(request, slip, code, bound=True)


def _slip_ballots(request, slip, code, *, bound: bool):
    round = slip.round
    questions = list(round.questions.all())
    targets = list(
        selectors.slip_targets(round=round, unit=slip.unit).order_by("name", "pk")
    )
    forms = [
        (
            target,
            BallotForm(
                request.POST if bound else None,
                round=round,
                questions=questions,
                prefix=f"t{target.pk}",
            ),
        )
        for target in targets
    ]
    error = None
    if bound and all(form.is_valid() for _t, form in forms):
        try:
            receipts = services.slip_cast(
                code=code,
                ballots=[
                    (target, form.answers(), form.cleaned_data["comment"])
                    for target, form in forms
                ],
            )
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return render(
                request,
                "evaluations/cast_done.html",
                {
                    "round": round,
                    "receipts": [
                        (target, services.code_group(receipt, 5))
                        for target, receipt in receipts
                    ],
                    "slip": True,
                },
            )
    elif bound:
        error = _("Some questions have no rating yet. They are marked below.")
    return render(
        request,
        "evaluations/slip_ballots.html",
        {
            "round": round,
            "unit": slip.unit,
            "forms": forms,
            "code": code,
            "error": error,
        },
    )


@never_cache
def receipt_check(request):
    """Anyone (also a slip voter without an account) checks a receipt was counted."""
    form = ReceiptCheckForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = services.receipt_find(code=form.cleaned_data["code"])
    return render(
        request, "evaluations/receipt_check.html", {"form": form, "found": found}
    )


@login_required
def round_receipts(request, pk):
    """The published receipt list (回执公示) of a closed round, searchable by code."""
    round = access.get_round_for_voter(request.user, pk)
    query = services.code_normalise(request.GET.get("q", ""))[:16]
    page = None
    pending = False
    if round.is_closed:
        pending = selectors.mixing_pending(round=round)
        page = paginate(request, selectors.receipts(round=round, query=query))
    return render(
        request,
        "evaluations/receipts.html",
        {"round": round, "page": page, "query": query, "pending": pending},
    )


# ---------------------------------------------------------------------------------------
# The office's rounds (评议管理)


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
        "evaluations/form.html",
        {"form": form, "title": _("New evaluation round")},
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
        "evaluations/form.html",
        {
            "form": form,
            "round": round,
            "title": _("Edit %(title)s") % {"title": round.title},
        },
    )


@login_required
def round_detail(request, pk):
    round = access.get_round_for(request.user, pk)
    return render(
        request,
        "evaluations/round_detail.html",
        _round_context(
            request,
            round,
            rules=round.rules.select_related("unit", "person"),
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
        criteria = form.cleaned_data["criteria_set"].criteria.order_by(
            "parent_id", "order", "code"
        )
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
    "open": (services.round_open, _("The round is open for voting.")),
    "close": (
        services.round_close,
        _("The round is closed and its ballots are mixed."),
    ),
    "mix": (None, None),
    "tally": (services.round_tally, _("The ballots are counted.")),
    "publish": (services.round_publish, _("The results are published.")),
}


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
            codes = services.slips_generate(
                round=round,
                unit=unit,
                count=form.cleaned_data["count"],
                by=request.user,
            )
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
    questions = []
    if round.has_tallies:
        page = paginate(request, selectors.round_tallies(round=round))
        questions = list(round.questions.all())
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
            request, round, page=page, questions=questions, scale=round.scale
        ),
    )
