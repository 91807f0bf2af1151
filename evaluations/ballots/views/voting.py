"""Voting (评议)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.views import apply_errors, paginate
from evaluations.ballots import access, selectors, services
from evaluations.ballots.forms import BallotForm, ReceiptCheckForm, SlipCodeForm
from evaluations.models import AlreadyVotedError

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
        request,
        # What the list shows, as plain rows (no Target or Round per row), by
        # queries compiled once for every voter of the same shape.
        selectors.VoterTargetRows(
            scope.person,
            voted,
            "pk",
            "round_id",
            "unit_id",
            "person_id",
            "name",
            "voted",
            round_title=F("round__title"),
            closes_on=F("round__closes_on"),
        ),
    )
    targets.object_list = _vote_rows(targets.object_list)
    closed = selectors.closed_rounds_for(voter=scope.person).values("pk", "title")[:5]
    return render(
        request,
        "evaluations/vote_list.html",
        {"page": targets, "show": show, "closed_rounds": list(closed)},
    )


def _vote_rows(targets) -> list[dict]:
    """The page's rows with what each shows made in one go, not per row in the
    template: the end date formatted once per round, the ballot's address put together
    from the list's own (``vote/<round>/<target>/``)."""
    rows = list(targets)
    base = reverse("evaluations:vote")
    shown = {}
    for row in rows:
        closes_on = row["closes_on"]
        if closes_on not in shown:
            shown[closes_on] = formats.localize(closes_on)
        row["closes_on_shown"] = shown[closes_on]
        row["key"] = str(row["pk"])
        row["url"] = f"{base}{row['round_id']}/{row['pk']}/"
    return rows


@never_cache
@login_required
def vote_ballot(request, round_pk, target_pk):
    """The questionnaire for one target; the answer to the POST shows the receipt."""
    round, target = access.get_target_for_voter(request.user, round_pk, target_pk)
    voter = access.require_voter(request.user).person
    questions = list(round.questions.all())
    # On a POST the cast itself refuses a second vote (the unique has-voted row).
    if request.method != "POST" and selectors.has_voted(
        round=round, voter=voter, target=target
    ):
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
                    "receipts": [_shown(target, receipt)],
                    "next_url": reverse("evaluations:vote") + "?show=todo",
                },
            )
    return render(
        request,
        "evaluations/ballot.html",
        {
            "round": round,
            "target": target,
            "form": form,
            "questionnaire_fragment": _questionnaire_fragment(round, form),
        },
    )


def _questionnaire_fragment(round, form) -> tuple | None:
    """Where the empty questionnaire's HTML is kept ({% shared_fragment %}): with no
    answer in it, it is the round's questions and scale, the same for every voter and
    target of the round. A filled one (a POST sent back with errors) holds this voter's
    answers and is never kept."""
    if form.is_bound:
        return None
    return (versioned_cache.FIGURES, round.institute_id, ("questionnaire", round.pk))


def _shown(target, receipt) -> dict:
    """What the receipt screen shows once, for this voter only (never stored)."""
    return {
        "target": target,
        "code": services.code_group(receipt, 5),
        "secret": services.code_group(receipt.secret, 5),
        "answers": services.answer_line(receipt.ratings),
    }


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
                        _shown(target, receipt) for target, receipt in receipts
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
    found = checks = None
    if request.method == "POST" and form.is_valid():
        code = services.code_normalise(form.cleaned_data["code"])
        found = services.receipt_find(code=code)
        checks = selectors.receipt_commitments(code=code, rounds=found)
    return render(
        request,
        "evaluations/receipt_check.html",
        {"form": form, "found": found, "checks": checks},
    )


RECEIPT_MATCHES_SHOWN = 50


@never_cache
@login_required
def round_receipts(request, pk):
    """The published receipt list (回执公示) of a closed round, searchable by code.

    The search is a POST: a receipt in a query string would land in every access log,
    proxy log and Referer next to the voter's address. A ``q`` in the URL is ignored.
    """
    round = access.get_round_for_voter(request.user, pk)
    query = ""
    if request.method == "POST":
        query = services.code_normalise(request.POST.get("q", ""))[:16]
    page = matches = None
    pending = False
    if round.is_closed:
        pending = selectors.mixing_pending(round=round)
        if query:
            matches = list(
                selectors.receipts(round=round, query=query)[
                    : RECEIPT_MATCHES_SHOWN + 1
                ]
            )
        else:
            page = paginate(request, selectors.receipts(round=round))
    return render(
        request,
        "evaluations/receipts.html",
        {
            "round": round,
            "page": page,
            "matches": matches[:RECEIPT_MATCHES_SHOWN] if matches else matches,
            "more": bool(matches) and len(matches) > RECEIPT_MATCHES_SHOWN,
            "query": query,
            "pending": pending,
        },
    )
