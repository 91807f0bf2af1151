"""Scores (综合得分)."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core import versioned_cache
from core.views import flash_errors, paginate
from evaluations.models import Grade, Score
from evaluations.scoring import access, selectors, services
from evaluations.scoring.views.common import _campaign_nav
from organizations.access import scope_of

AUDIENCES = ("unit", "person")


@login_required
def ranking(request, pk):
    campaign = access.get_office_campaign_for(request.user, pk)
    scope = scope_of(request.user)
    audience = request.GET.get("audience", "unit")
    if audience not in AUDIENCES:
        audience = "unit"
    groups = selectors.ranking_groups(campaign=campaign, audience=audience)
    category = request.GET.get("category", "")
    if category not in {key for key, _label, _count in groups}:
        category = ""
    page = paginate(
        request,
        selectors.ranking(campaign=campaign, audience=audience, category=category),
    )
    # The rows are read only when the table is rendered, not when it is kept.
    rows = page.object_list
    page.object_list = SimpleLazyObject(lambda: _ranking_rows(campaign, rows))
    can_edit = access.is_office(scope, campaign)
    return render(
        request,
        "scoring/ranking.html",
        {
            **_campaign_nav(request, campaign, "scores"),
            "audience": audience,
            "groups": groups,
            "category": category,
            "page": page,
            "run": selectors.score_run(campaign),
            "can_edit": can_edit,
            # The same table for everyone who may open the page (the campaign's
            # offices and leaders see every score): kept until the scores change.
            "table_fragment": (
                versioned_cache.FIGURES,
                versioned_cache.ALL,
                ("ranking", campaign.pk, audience, category, page.number),
            ),
        },
    )


def _ranking_rows(campaign, rows) -> list[dict]:
    """The page's rows with their grade's name and breakdown's address, made here
    once rather than by a lookup and a reverse() per row in the template."""
    rows = list(rows)
    grades = dict(Grade.choices)
    base = reverse("scoring:ranking", args=[campaign.pk])
    for row in rows:
        row["grade_label"] = grades.get(row["grade"], row["grade"])
        if row["unit_id"]:
            row["url"] = f"{base}units/{row['unit_id']}/"
        else:
            row["url"] = f"{base}people/{row['person_id']}/"
    return rows


@login_required
def missing_sources(request, pk):
    """The office's warning before computing, loaded after the ranking page (htmx):
    it runs every unit's inputs through the arithmetic, which the ranking page itself
    should not wait for."""
    campaign = access.get_office_campaign_for(request.user, pk)
    if not access.is_office(scope_of(request.user), campaign):
        raise PermissionDenied
    missing = [
        (SOURCE_LABELS.get(source, source), names)
        for source, names in selectors.missing_sources(campaign=campaign)
    ]
    return render(request, "scoring/_missing_sources.html", {"missing": missing})


@require_POST
@login_required
def compute(request, pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    run = services.scores_compute(campaign=campaign, by=request.user)
    messages.success(
        request,
        _("Scores computed: %(n)s changed.") % {"n": run.changes},
    )
    return redirect("scoring:ranking", campaign.pk)


@require_POST
@login_required
def publish(request, pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    publish = request.POST.get("action") != "unpublish"
    try:
        services.scores_publish(campaign=campaign, by=request.user, publish=publish)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("Scores published.") if publish else _("Scores withdrawn from view."),
        )
    return redirect("scoring:ranking", campaign.pk)


@login_required
def verify(request, pk):
    """Recompute from the stored inputs and from the database; report per score."""
    campaign = access.get_office_campaign_for(request.user, pk)
    report = services.scores_verify(campaign=campaign)
    show = request.GET.get("show", "all")
    rows = [r for r in report if not r["equal"]] if show == "different" else report
    return render(
        request,
        "scoring/verify.html",
        {
            **_campaign_nav(request, campaign, "scores"),
            "page": paginate(request, rows),
            "show": show,
            "total": len(report),
            "equal": sum(1 for r in report if r["equal"]),
            "replay_errors": sum(
                1 for r in report if r["score"] and not r["replay_equal"]
            ),
        },
    )


SOURCE_LABELS = {
    "office": gettext_lazy("Office marks"),
    "self": gettext_lazy("Self-assessment"),
    "inspection": gettext_lazy("Inspection findings"),
    "mass": gettext_lazy("Mass evaluation"),
    "democratic": gettext_lazy("Democratic evaluation"),
    "daitou": gettext_lazy("五带头 assessment"),
    "bonus": gettext_lazy("Bonus and penalty"),
    "veto": gettext_lazy("Veto"),
    "total": gettext_lazy("Final score"),
}


NOTE_LABELS = {
    "missing": gettext_lazy("Missing input: left out, the other weights renormalised."),
    "renormalised": gettext_lazy("Weight renormalised over the inputs present."),
    "no_sheet": gettext_lazy("No scoring sheet yet."),
    "not_submitted": gettext_lazy("Not submitted yet."),
    "self_skipped": gettext_lazy("The branch did not self-assess."),
    "no_lines": gettext_lazy("The sheet has no scored lines."),
    "not_marked": gettext_lazy("Not marked: counts 0."),
    "no_weight": gettext_lazy("No weight: not counted."),
    "loose_lines_unweighted": gettext_lazy("Lines outside the items are not weighted."),
    "points": gettext_lazy("Points of all scored lines."),
    "penalty": gettext_lazy("Penalty."),
    "bonus_capped": gettext_lazy("Bonus capped at its limit."),
    "penalty_capped": gettext_lazy("Penalty capped at its limit."),
    "withheld": gettext_lazy("Fewer than k ballots: tally withheld."),
    "no_answers": gettext_lazy("No answers."),
    "not_rated": gettext_lazy("Not rated yet."),
    "no_inputs": gettext_lazy("No input at all: no score."),
}


RATING_LABELS = {
    "good": gettext_lazy("Good"),
    "fair": gettext_lazy("Fairly good"),
    "average": gettext_lazy("Average"),
    "poor": gettext_lazy("Poor"),
}


def _url(name, *args, anchor=""):
    try:
        return reverse(name, args=args) + anchor
    except NoReverseMatch:
        return ""


def _display(
    breakdown: list[dict], *, campaign, unit=None, person=None, reader=False
) -> list[dict]:
    """Breakdown rows with translated labels and links to each input (no queries)."""
    rows = []
    grades = dict(Grade.choices)
    for entry in breakdown:
        ref = entry.get("ref") or {}
        link = ""
        kind = ref.get("type")
        if kind in ("mark", "line") and unit is not None:
            link = _url(
                "scoring:sheet",
                campaign.pk,
                unit.pk,
                anchor=f"#line-{ref.get('line', ref.get('id'))}",
            )
        elif kind in ("tally", "question_tally") and reader and ref.get("round"):
            link = _url("evaluations:tallies", ref["round"])
        elif kind == "finding" and reader:
            link = _url("inspections:finding", ref["id"])
        elif kind == "rating" and person is not None and reader:
            link = _url("scoring:assessment", campaign.pk, person.pk)
        label = entry.get("label") or ""
        if kind == "finding":
            label = _finding_label(label)
        if entry["kind"] in ("source", "total"):
            label = SOURCE_LABELS.get(entry["source"], entry["source"])
        extra = []
        if entry.get("rating"):
            extra.append(str(RATING_LABELS.get(entry["rating"], entry["rating"])))
        if entry.get("inspection_kind"):
            extra.append(_kind_label(entry["inspection_kind"]))
        if entry.get("cap"):
            extra.append(
                _("grade at most %(grade)s")
                % {"grade": grades.get(entry["cap"], entry["cap"])}
            )
        if entry.get("ballots") is not None:
            extra.append(_("%(n)s ballots") % {"n": entry["ballots"]})
        if entry.get("counts"):
            extra.append(
                " · ".join(
                    f"{k}: {v}"
                    for k, v in sorted(entry["counts"].items(), reverse=True)
                )
            )
        if entry.get("poor"):
            extra.append(_("completed poorly"))
        if entry.get("uncapped_grade"):
            extra.append(
                _("capped by a veto from %(grade)s")
                % {"grade": grades.get(entry["uncapped_grade"], "")}
            )
        rows.append(
            {
                **entry,
                "label": label,
                "link": link,
                "note_text": NOTE_LABELS.get(entry.get("note"), ""),
                "extra": " · ".join(e for e in extra if e),
                "grade_label": grades.get(entry.get("grade"), ""),
                "indent": entry.get("level", 0),
            }
        )
    return rows


def _kind_label(value: str) -> str:
    from evaluations.models import InspectionKind

    try:
        return str(InspectionKind(value).label)
    except ValueError:
        return value


def _breakdown_page(request, campaign, score, *, unit=None, person=None, snapshot=None):
    scope = scope_of(request.user)
    reader = access.is_reader(scope, campaign)
    return render(
        request,
        "scoring/breakdown.html",
        {
            **_campaign_nav(request, campaign, "scores"),
            "score": score,
            "unit": unit,
            "person": person,
            "snapshot": snapshot,
            "rows": _display(
                score.breakdown if score else [],
                campaign=campaign,
                unit=unit,
                person=person,
                reader=reader,
            )
            if score
            else [],
            "is_reader": reader,
            "version": (score.inputs.get("sheet") or {}).get("version")
            if score and unit is not None
            else (score.inputs.get("daitou") or {}).get("version")
            if score
            else None,
        },
    )


@login_required
def unit_breakdown(request, pk, unit_pk):
    campaign, unit = access.get_unit_score_for(request.user, pk, unit_pk)
    score = Score.objects.filter(campaign=campaign, unit=unit).first()
    return _breakdown_page(request, campaign, score, unit=unit)


@login_required
def person_breakdown(request, pk, person_pk):
    campaign, person = access.get_person_score_for(request.user, pk, person_pk)
    score = Score.objects.filter(campaign=campaign, person=person).first()
    return _breakdown_page(request, campaign, score, person=person)


@login_required
def mine(request):
    """A member's own published score: the newest campaign's breakdown."""
    scope = scope_of(request.user)
    if scope.person is None:
        raise PermissionDenied
    score = selectors.published_campaigns_for(scope.person).first()
    if score is None:
        return render(request, "scoring/mine_none.html", {})
    return redirect("scoring:person_breakdown", score.campaign_id, scope.person.pk)


_STORED_FINDING_LABEL = re.compile(r"^Q(\d+) (\S+)$")


def _finding_label(stored: str) -> str:
    """A finding's label is kept in the score's inputs as ``Q<n> <date>`` (it is part
    of the inputs' digest, so it never changes); the page says it in the reader's
    language."""
    match = _STORED_FINDING_LABEL.match(stored)
    if not match:
        return stored
    return _("Quarter %(quarter)s · %(date)s") % {
        "quarter": match.group(1),
        "date": match.group(2),
    }
