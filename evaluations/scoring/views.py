"""Pages of the scoring sheet, the scores and the 五带头 assessment.

Office: rules, scoring lines, freeze, the sheets of all units, compute, ranking,
breakdowns, verify, publish and snapshots. Secretaries: their unit's self-assessment,
their members' 五带头 ratings, and, once published, their unit's score. Members: their
own breakdown once published.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.views import apply_errors, flash_errors, paginate
from evaluations.models import (
    DaitouRating,
    Grade,
    Score,
    ScoreSheet,
    ScoreSnapshot,
    ScoringLine,
    ScoringRule,
    SheetMark,
    SnapshotScore,
)
from evaluations.scoring import access, selectors, services
from evaluations.scoring.forms import (
    CriterionPointsForm,
    DaitouForm,
    LineForm,
    MarksForm,
    ReopenForm,
    RuleForm,
    SnapshotForm,
)
from evaluations.scoring.services import plain
from organizations.access import scope_of
from organizations.models import Organization
from pledges import selectors as pledge_selectors
from pledges.models import Campaign, CriteriaSet, Criterion


def _campaign_nav(request, campaign: Campaign, tab: str) -> dict:
    """The campaign, the active tab, and whether the office's tabs show."""
    return {
        "campaign": campaign,
        "tab": tab,
        "show_tabs": access.is_reader(scope_of(request.user), campaign),
    }


# ---------------------------------------------------------------------------------------
# Index (考核评分)


@login_required
def index(request):
    """What the user may do in the campaigns of their institute."""
    scope = scope_of(request.user)
    campaigns = list(pledge_selectors.campaigns_for(scope, running_first=True)[:5])
    entries = []
    for campaign in campaigns:
        entry = {
            "campaign": campaign,
            "office": access.is_office(scope, campaign),
            "reader": access.is_reader(scope, campaign),
            "published": access.is_published(campaign),
        }
        if not entry["reader"]:
            entry["units"] = list(
                selectors.scored_units(campaign)
                .filter(scope.path_q("path"))
                .order_by("path")[:50]
            )
            entry["own_units"] = [
                u for u in entry["units"] if access.writes_for(scope, u)
            ]
            entry["assess"] = bool(entry["units"]) and any(
                u.kind == Organization.Kind.BRANCH for u in entry["units"]
            )
            entry["member"] = (
                scope.person is not None
                and scope.person.is_party_member
                and selectors.scored_members(campaign)
                .filter(pk=scope.person.pk)
                .exists()
            )
        entries.append(entry)
    return render(request, "scoring/index.html", {"entries": entries})


# ---------------------------------------------------------------------------------------
# Rules: weights, thresholds, points (评分办法)


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


# ---------------------------------------------------------------------------------------
# Criteria sets and scoring lines (评分细则)


@login_required
def criteria(request, pk):
    campaign = access.get_office_campaign_for(request.user, pk)
    sets = selectors.criteria_sets_overview(campaign)
    return render(
        request,
        "scoring/criteria.html",
        {**_campaign_nav(request, campaign, "criteria"), "sets": sets},
    )


def _criteria_set(campaign, set_pk) -> CriteriaSet:
    return get_object_or_404(CriteriaSet, pk=set_pk, campaign=campaign)


@login_required
def lines(request, pk, set_pk):
    campaign = access.get_office_campaign_for(request.user, pk)
    criteria_set = _criteria_set(campaign, set_pk)
    scope = scope_of(request.user)
    version = services.criteria_set_version(criteria_set)
    return render(
        request,
        "scoring/lines.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "criteria_set": criteria_set,
            "layout": selectors.sheet_layout(criteria_set=criteria_set),
            "version": version,
            "versions": list(
                criteria_set.versions.select_related("frozen_by", "reopened_by")
            ),
            "frozen": version is not None and version.is_frozen,
            "can_edit": access.is_office(scope, campaign),
            "for_units": criteria_set.audience == CriteriaSet.Audience.UNIT,
            "editing": access.is_office(scope, campaign)
            and not (version is not None and version.is_frozen),
        },
    )


@login_required
def line_edit(request, pk, set_pk, line_pk=None):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    if criteria_set.audience != CriteriaSet.Audience.UNIT:
        raise Http404  # a person's criteria are rated per item, not scored by lines
    line = (
        get_object_or_404(ScoringLine, pk=line_pk, criteria_set=criteria_set)
        if line_pk
        else None
    )
    initial = {}
    if line is not None:
        initial = {
            "kind": line.kind,
            "criterion": line.criterion_id,
            "text": line.text,
            "rubric": line.rubric,
            "max_points": plain(line.max_points) if line.max_points else "",
            "grade_cap": line.grade_cap,
            "order": line.order,
        }
    else:
        initial = {
            "kind": request.GET.get("kind") or ScoringLine.Kind.REGULAR,
            "criterion": request.GET.get("criterion"),
        }
    form = LineForm(request.POST or None, criteria_set=criteria_set, initial=initial)
    back = reverse("scoring:lines", args=[campaign.pk, criteria_set.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.line_save(
                criteria_set=criteria_set,
                by=request.user,
                line=line,
                kind=data["kind"],
                criterion=data["criterion"],
                text=data["text"],
                rubric=data["rubric"],
                max_points=data["max_points"],
                grade_cap=data["grade_cap"],
                order=data["order"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Scoring line saved."))
            return redirect(back)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "form": form,
            "title": _("Edit scoring line") if line else _("New scoring line"),
            "back": back,
        },
    )


@require_POST
@login_required
def line_delete(request, pk, set_pk, line_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    line = get_object_or_404(ScoringLine, pk=line_pk, criteria_set=criteria_set)
    try:
        services.line_delete(line=line, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Scoring line removed."))
    return redirect("scoring:lines", campaign.pk, criteria_set.pk)


@login_required
def criterion_edit(request, pk, set_pk, criterion_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    criterion = get_object_or_404(Criterion, pk=criterion_pk, criteria_set=criteria_set)
    form = CriterionPointsForm(
        request.POST or None,
        initial={
            "max_points": plain(criterion.max_points) if criterion.max_points else "",
            "weight": plain(criterion.weight) if criterion.weight is not None else "",
        },
    )
    back = reverse("scoring:lines", args=[campaign.pk, criteria_set.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_points_set(
                criterion=criterion, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect(back)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "form": form,
            "title": f"{criterion.code} {criterion.name}",
            "back": back,
        },
    )


@require_POST
@login_required
def criteria_freeze(request, pk, set_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    version = services.criteria_set_freeze(criteria_set=criteria_set, by=request.user)
    messages.success(
        request, _("Frozen as version %(number)s.") % {"number": version.number}
    )
    return redirect("scoring:lines", campaign.pk, criteria_set.pk)


@login_required
def criteria_reopen(request, pk, set_pk):
    campaign = access.get_office_campaign_for(request.user, pk, write=True)
    criteria_set = _criteria_set(campaign, set_pk)
    form = ReopenForm(request.POST or None)
    back = reverse("scoring:lines", args=[campaign.pk, criteria_set.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_set_reopen(
                criteria_set=criteria_set,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The set can be edited again."))
            return redirect(back)
    return render(
        request,
        "scoring/form.html",
        {
            **_campaign_nav(request, campaign, "criteria"),
            "form": form,
            "title": _("Reopen %(name)s") % {"name": criteria_set.name},
            "back": back,
        },
    )


# ---------------------------------------------------------------------------------------
# Sheets (考核评分表)


@login_required
def sheets(request, pk):
    """Every scored unit with its sheet status; filter marked / not yet marked."""
    campaign = access.get_office_campaign_for(request.user, pk)
    status = request.GET.get("status", "all")
    if status not in selectors.SHEET_FILTERS:
        status = "all"
    query = request.GET.get("q", "").strip()[:50]
    page = paginate(
        request, selectors.sheet_rows(campaign=campaign, status=status, query=query)
    )
    return render(
        request,
        "scoring/sheets.html",
        {
            **_campaign_nav(request, campaign, "sheets"),
            "page": page,
            "status": status,
            "query": query,
            "counts": selectors.sheet_status_counts(campaign=campaign),
            "filters": [
                ("all", _("All")),
                ("unmarked", _("Not yet marked")),
                ("marked", _("Marked")),
                *ScoreSheet.Status.choices,
            ],
        },
    )


def _sheet_context(request, campaign, unit):
    scope = scope_of(request.user)
    sheet = (
        ScoreSheet.objects.filter(campaign=campaign, unit=unit)
        .select_related("criteria_set", "submitted_by__person", "marked_by__person")
        .first()
    )
    criteria_set = (
        sheet.criteria_set if sheet else selectors.unit_criteria_set(campaign, unit)
    )
    office = access.is_office(scope, campaign)
    writer = access.writes_for(scope, unit)
    status = sheet.status if sheet else ScoreSheet.Status.NOT_STARTED
    steps = []
    if writer and status == ScoreSheet.Status.NOT_STARTED:
        steps.append(("submit", _("Submit the self-assessment")))
    if office:
        for step, label in (
            ("skip", _("Go on without a self-assessment")),
            ("return", _("Return to the branch")),
            ("mark", _("Submit the office's marks")),
            ("finish", _("Finish")),
            ("reopen", _("Reopen")),
        ):
            if status in ScoreSheet.TRANSITIONS[step][0]:
                steps.append((step, label))
    return {
        **_campaign_nav(request, campaign, "sheets"),
        "unit": unit,
        "sheet": sheet,
        "status": status,
        "status_label": ScoreSheet.Status(status).label,
        "criteria_set": criteria_set,
        "layout": selectors.sheet_layout(criteria_set=criteria_set, sheet=sheet)
        if criteria_set
        else None,
        "can_self": writer and status == ScoreSheet.Status.NOT_STARTED,
        "can_office": office and status == ScoreSheet.Status.SELF_ASSESSED,
        "is_office": office,
        "is_reader": access.is_reader(scope, campaign),
        "steps": steps,
    }


@login_required
def sheet(request, pk, unit_pk):
    campaign, unit = access.get_sheet_for(request.user, pk, unit_pk)
    return render(
        request, "scoring/sheet.html", _sheet_context(request, campaign, unit)
    )


def _sheet_or_unsaved(request, campaign, unit) -> ScoreSheet:
    """The unit's sheet; a GET shows a sheet not yet started without saving it."""
    if request.method == "POST":
        return services.sheet_for(campaign=campaign, unit=unit)
    sheet = ScoreSheet.objects.filter(campaign=campaign, unit=unit).first()
    if sheet is not None:
        return sheet
    criteria_set = selectors.unit_criteria_set(campaign, unit)
    if criteria_set is None:
        raise ValidationError(_("The campaign has no criteria for units of this kind."))
    return ScoreSheet(campaign=campaign, unit=unit, criteria_set=criteria_set)


@login_required
def sheet_marks(request, pk, unit_pk, source):
    """The branch's self-assessment (source self) or the office's marks (office)."""
    campaign, unit = access.get_sheet_for(request.user, pk, unit_pk)
    scope = scope_of(request.user)
    if source == SheetMark.Source.SELF:
        if not access.writes_for(scope, unit):
            raise PermissionDenied
    elif source == SheetMark.Source.OFFICE:
        if not access.is_office(scope, campaign):
            raise PermissionDenied
    else:
        raise Http404
    try:
        sheet = _sheet_or_unsaved(request, campaign, unit)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("scoring:sheet", campaign.pk, unit.pk)
    open_ = sheet.self_open if source == SheetMark.Source.SELF else sheet.office_open
    if not open_:
        messages.error(
            request,
            _("This sheet is %(status)s: these marks cannot change now.")
            % {"status": sheet.get_status_display()},
        )
        return redirect("scoring:sheet", campaign.pk, unit.pk)
    layout = selectors.sheet_layout(criteria_set=sheet.criteria_set, sheet=sheet)
    lines = [lv.line for lv in layout["all_lines"]]
    marks = {
        lv.line.pk: (
            lv.self_mark if source == SheetMark.Source.SELF else lv.office_mark
        )
        for lv in layout["all_lines"]
    }
    form = MarksForm(
        request.POST or None,
        lines=lines,
        source=source,
        evidence_choices=selectors.evidence_choices(campaign=campaign, unit=unit),
        marks=marks,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.sheet_marks_save(
                sheet=sheet, source=source, entries=form.entries(), by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Marks saved."))
            return redirect("scoring:sheet", campaign.pk, unit.pk)
    return render(
        request,
        "scoring/sheet_marks.html",
        {
            **_campaign_nav(request, campaign, "sheets"),
            "unit": unit,
            "sheet": sheet,
            "source": source,
            "form": form,
            "layout": layout,
        },
    )


@require_POST
@login_required
def sheet_step(request, pk, unit_pk, step):
    campaign, unit = access.get_sheet_for(request.user, pk, unit_pk)
    scope = scope_of(request.user)
    if step not in ScoreSheet.TRANSITIONS:
        raise Http404
    allowed = (
        access.writes_for(scope, unit)
        if step == "submit"
        else access.is_office(scope, campaign)
    )
    if not allowed:
        raise PermissionDenied
    try:
        sheet = services.sheet_for(campaign=campaign, unit=unit)
        services.sheet_step(sheet=sheet, step=step, by=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Sheet updated."))
    return redirect("scoring:sheet", campaign.pk, unit.pk)


# ---------------------------------------------------------------------------------------
# Scores (综合得分)

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
            "can_edit": access.is_office(scope, campaign),
        },
    )


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


# ---------------------------------------------------------------------------------------
# Snapshots (得分快照)


@login_required
def snapshots(request, pk):
    campaign = access.get_office_campaign_for(
        request.user, pk, write=request.method == "POST"
    )
    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            snapshot = services.scores_snapshot_take(
                campaign=campaign, by=request.user, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Snapshot taken."))
            return redirect("scoring:snapshot", snapshot.pk)
    scope = scope_of(request.user)
    return render(
        request,
        "scoring/snapshots.html",
        {
            **_campaign_nav(request, campaign, "snapshots"),
            "page": paginate(
                request,
                ScoreSnapshot.objects.filter(campaign=campaign).select_related(
                    "taken_by__person"
                ),
            ),
            "form": form,
            "can_edit": access.is_office(scope, campaign),
        },
    )


def _snapshot_for(request, snapshot_pk) -> ScoreSnapshot:
    snapshot = get_object_or_404(
        ScoreSnapshot.objects.select_related("campaign", "campaign__scope"),
        pk=snapshot_pk,
    )
    access.get_office_campaign_for(request.user, snapshot.campaign_id)
    return snapshot


@login_required
def snapshot(request, snapshot_pk):
    snapshot = _snapshot_for(request, snapshot_pk)
    audience = request.GET.get("audience", "unit")
    rows = SnapshotScore.objects.filter(snapshot=snapshot).defer("inputs", "breakdown")
    rows = rows.filter(
        **(
            {"person__isnull": False}
            if audience == "person"
            else {"unit__isnull": False}
        )
    )
    return render(
        request,
        "scoring/snapshot.html",
        {
            **_campaign_nav(request, snapshot.campaign, "snapshots"),
            "snapshot": snapshot,
            "audience": audience,
            "page": paginate(
                request, rows.order_by("category_key", "rank", "name", "pk")
            ),
        },
    )


@login_required
def snapshot_row(request, snapshot_pk, row_pk):
    snapshot = _snapshot_for(request, snapshot_pk)
    row = get_object_or_404(
        SnapshotScore.objects.select_related("unit", "person"),
        pk=row_pk,
        snapshot=snapshot,
    )
    return _breakdown_page(
        request,
        snapshot.campaign,
        row,
        unit=row.unit,
        person=row.person,
        snapshot=snapshot,
    )


# ---------------------------------------------------------------------------------------
# 五带头 assessment (五带头专项考核)


@login_required
def assessments(request, pk):
    campaign, scope = access.require_assessor(request.user, pk)
    show = request.GET.get("show", "all")
    if show not in ("all", "rated", "unrated"):
        show = "all"
    page = paginate(
        request, selectors.assessment_rows(campaign=campaign, scope=scope, show=show)
    )
    return render(
        request,
        "scoring/assessments.html",
        {
            **_campaign_nav(request, campaign, "assessments"),
            "page": page,
            "show": show,
            "items": len(selectors.daitou_items(campaign)),
        },
    )


@login_required
def assessment(request, pk, person_pk):
    campaign, person = access.get_assessment_for(
        request.user, pk, person_pk, write=request.method == "POST"
    )
    scope = scope_of(request.user)
    detail = selectors.assessment_detail(campaign=campaign, person=person)
    can_rate = access.can_rate(scope, campaign, person)
    items = [r["item"] for r in detail["rows"]]
    ratings = {r["item"].pk: r["rating"] for r in detail["rows"] if r["rating"]}
    form = (
        DaitouForm(request.POST or None, items=items, ratings=ratings)
        if can_rate
        else None
    )
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.daitou_rate(
                campaign=campaign,
                person=person,
                entries=form.entries(),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("五带头 ratings saved."))
            return redirect("scoring:assessment", campaign.pk, person.pk)
    fields = form.field_pairs() if form is not None else {}
    for row in detail["rows"]:
        row["fields"] = fields.get(row["item"].pk)
    return render(
        request,
        "scoring/assessment.html",
        {
            **_campaign_nav(request, campaign, "assessments"),
            "person": person,
            "detail": detail,
            "form": form,
            "ratings": DaitouRating.Rating,
        },
    )
