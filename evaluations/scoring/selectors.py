"""Reads of scoring sheets, scores and the 五带头 assessment (量化考核, 综合得分).

``campaign_inputs`` gathers the inputs of every unit and member of a campaign in a fixed
number of queries (one per kind of input, whatever the number of units), so a full
computation of an institute with 300 branches and 10 000 members stays in seconds.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from core.request_cache import memo
from evaluations.models import (
    CriteriaVersion,
    DaitouRating,
    Finding,
    QuestionTally,
    Review,
    Round,
    Score,
    ScoreRun,
    ScoreSheet,
    ScoringLine,
    ScoringRule,
    SheetMark,
    TargetTally,
)
from organizations.access import Scope
from organizations.models import Organization, Person, Role
from pledges import selectors as pledge_selectors
from pledges.models import (
    PLAN_UNIT_KINDS,
    ActivityRecord,
    Campaign,
    CriteriaSet,
    Criterion,
    Meeting,
    NewsReport,
    PlanMeasure,
    PledgeItem,
    ProgressStatus,
)
from pledges.selectors import share_with_campaigns

# Ranking groups of mass-organisation units, by family; the labels are domain data.
FAMILY_LABELS = {"union": "工会", "league": "共青团", "women": "妇女组织"}
# Roles held at a unit that fill in its self-assessment.
WRITER_ROLES = (
    Role.Kind.SECRETARY,
    Role.Kind.UNION_OFFICER,
    Role.Kind.LEAGUE_OFFICER,
    Role.Kind.WOMEN_OFFICER,
)
NO_CATEGORY = ("category:none", "未分类")
TALLIED = (Round.Status.TALLIED, Round.Status.PUBLISHED)
SOURCE_OF_ROUND = {Round.Kind.MASS: "mass", Round.Kind.DEMOCRATIC: "democratic"}


def n(value) -> str | None:
    """A number as the inputs write it."""
    return None if value is None else str(value)


def scored_units(campaign: Campaign) -> QuerySet[Organization]:
    """Units a campaign scores: active party branches and mass-organisation units."""
    return Organization.objects.filter(
        path__startswith=campaign.scope.path, kind__in=PLAN_UNIT_KINDS, is_active=True
    )


def scored_members(campaign: Campaign) -> QuerySet[Person]:
    """Members a campaign scores: active party members of branches in its scope."""
    return Person.objects.filter(
        branch__path__startswith=campaign.scope.path,
        political_status__in=Person.PARTY_STATUSES,
        is_active=True,
    )


def unit_category(unit_kind, family, category_id, category_name) -> tuple[str, str]:
    if unit_kind == Organization.Kind.BRANCH:
        if category_id:
            return f"category:{category_id}", category_name
        return NO_CATEGORY
    return f"family:{family}", FAMILY_LABELS.get(family, family)


def unit_criteria_set(campaign: Campaign, unit: Organization) -> CriteriaSet | None:
    return (
        campaign.criteria_sets.filter(
            family=unit.family, audience=CriteriaSet.Audience.UNIT
        )
        .order_by("order", "pk")
        .first()
    )


def member_criteria_set(campaign: Campaign) -> CriteriaSet | None:
    """The 五带头 set: the party's criteria for a person."""
    return (
        campaign.criteria_sets.filter(
            family="party", audience=CriteriaSet.Audience.PERSON
        )
        .order_by("order", "pk")
        .first()
    )


def latest_version(criteria_set: CriteriaSet) -> CriteriaVersion | None:
    return criteria_set.versions.order_by("-number").first()


def rule_or_default(campaign: Campaign, audience: str) -> ScoringRule:
    """The campaign's rule, or an unsaved one with the default figures."""
    from evaluations.scoring.services import DEFAULT_WEIGHTS

    rule = campaign.scoring_rules.filter(audience=audience).first()
    if rule is None:
        rule = ScoringRule(campaign=campaign, audience=audience)
        for source, weight in DEFAULT_WEIGHTS[audience].items():
            setattr(rule, f"weight_{source}", weight)
    return rule


# ---------------------------------------------------------------------------------------
# Inputs of a computation


@dataclass
class Subject:
    """One unit or member to score, with everything its score is computed from."""

    kind: str  # "unit" or "person"
    pk: int
    name: str
    category_key: str
    category_label: str
    inputs: dict

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.pk)


def _criteria(campaign: Campaign):
    """Sets, items and lines of the campaign (three queries)."""
    sets = {
        s["pk"]: s
        for s in campaign.criteria_sets.values("pk", "family", "audience", "order")
    }
    items: dict[int, list[dict]] = defaultdict(list)
    for c in Criterion.objects.filter(criteria_set__campaign=campaign).values(
        "pk", "criteria_set_id", "parent_id", "code", "name", "max_points", "weight"
    ):
        items[c["criteria_set_id"]].append(
            {
                "id": c["pk"],
                "code": c["code"],
                "name": c["name"],
                "parent": c["parent_id"],
                "max_points": n(c["max_points"]),
                "weight": n(c["weight"]),
            }
        )
    lines: dict[int, list[dict]] = defaultdict(list)
    for line in (
        ScoringLine.objects.filter(criteria_set__campaign=campaign)
        .order_by("kind", "order", "pk")
        .values(
            "pk",
            "criteria_set_id",
            "criterion_id",
            "kind",
            "text",
            "max_points",
            "grade_cap",
        )
    ):
        lines[line["criteria_set_id"]].append(
            {
                "id": line["pk"],
                "criterion": line["criterion_id"],
                "kind": line["kind"],
                "text": line["text"],
                "max": n(line["max_points"]),
                "cap": line["grade_cap"] or None,
            }
        )
    versions: dict[int, dict] = {}
    for v in (
        CriteriaVersion.objects.filter(criteria_set__campaign=campaign)
        .order_by("criteria_set_id", "number")
        .values("criteria_set_id", "number", "reopened_at")
    ):
        versions[v["criteria_set_id"]] = {
            "number": v["number"],
            "frozen": v["reopened_at"] is None,
        }
    return sets, items, lines, versions


def _first_set(sets: dict, family: str, audience: str) -> int | None:
    matches = sorted(
        (s["order"], pk)
        for pk, s in sets.items()
        if s["family"] == family and s["audience"] == audience
    )
    return matches[0][1] if matches else None


def _tallies(campaign: Campaign):
    """Tallies of the campaign's closed evaluations by unit and by person (2 queries)."""
    questions: dict[int, list[dict]] = defaultdict(list)
    for qt in (
        QuestionTally.objects.filter(
            tally__round__campaign=campaign,
            tally__round__status__in=TALLIED,
            tally__round__kind__in=list(SOURCE_OF_ROUND),
            tally__withheld=False,
        )
        .order_by("question__order", "question__code", "pk")
        .values("pk", "tally_id", "question__code", "question__text", "counts")
    ):
        questions[qt["tally_id"]].append(
            {
                "id": qt["pk"],
                "code": qt["question__code"],
                "text": qt["question__text"],
                "counts": {str(k): int(v) for k, v in sorted(qt["counts"].items())},
            }
        )
    by_unit: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    by_person: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in (
        TargetTally.objects.filter(
            round__campaign=campaign,
            round__status__in=TALLIED,
            round__kind__in=list(SOURCE_OF_ROUND),
        )
        .order_by("round_id", "pk")
        .values(
            "pk",
            "round_id",
            "round__kind",
            "round__title",
            "round__scale",
            "ballots",
            "withheld",
            "target__unit_id",
            "target__person_id",
        )
    ):
        entry = {
            "id": t["pk"],
            "round": t["round_id"],
            "label": t["round__title"],
            "ballots": t["ballots"],
            "withheld": t["withheld"],
            "scale": sorted(
                (int(level["value"]) for level in t["round__scale"]), reverse=True
            ),
            "questions": questions.get(t["pk"], []),
        }
        source = SOURCE_OF_ROUND[t["round__kind"]]
        if t["target__unit_id"]:
            by_unit[t["target__unit_id"]][source].append(entry)
        else:
            by_person[t["target__person_id"]][source].append(entry)
    return by_unit, by_person


def _findings(campaign: Campaign) -> dict[int, list[dict]]:
    by_unit: dict[int, list[dict]] = defaultdict(list)
    for f in (
        Finding.objects.filter(round__campaign=campaign)
        .order_by("found_on", "pk")
        .values("pk", "unit_id", "rating", "kind", "found_on", "round__quarter")
    ):
        by_unit[f["unit_id"]].append(
            {
                "id": f["pk"],
                "rating": f["rating"],
                "kind": f["kind"],
                "on": f["found_on"].isoformat(),
                "label": f"Q{f['round__quarter']} {f['found_on'].isoformat()}",
            }
        )
    return by_unit


def campaign_inputs(*, campaign: Campaign) -> list[Subject]:
    """Every unit and member the campaign scores, with its inputs (fixed queries)."""
    rules = {a: rule_or_default(campaign, a).as_inputs() for a in ScoringRule.Audience}
    sets, items, lines, versions = _criteria(campaign)
    sheets = {
        s["unit_id"]: s
        for s in ScoreSheet.objects.filter(campaign=campaign).values(
            "pk", "unit_id", "status", "self_skipped", "criteria_set_id"
        )
    }
    marks: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for m in (
        SheetMark.objects.filter(sheet__campaign=campaign)
        .order_by("line_id", "source")
        .values("pk", "sheet_id", "line_id", "source", "points", "triggered", "poor")
    ):
        marks[m["sheet_id"]][m["source"]].append(
            {
                "id": m["pk"],
                "line": m["line_id"],
                "points": n(m["points"]),
                "triggered": m["triggered"],
                "poor": m["poor"],
            }
        )
    findings = _findings(campaign)
    unit_tallies, person_tallies = _tallies(campaign)

    subjects: list[Subject] = []
    for u in (
        scored_units(campaign)
        .order_by("path")
        .values("pk", "name", "kind", "category_id", "category__name")
    ):
        family = Organization.FAMILY_OF_KIND[u["kind"]]
        key, label = unit_category(
            u["kind"], family, u["category_id"], u["category__name"]
        )
        sheet = sheets.get(u["pk"])
        sheet_inputs = None
        if sheet is not None:
            set_id = sheet["criteria_set_id"]
            sheet_inputs = {
                "id": sheet["pk"],
                "status": sheet["status"],
                "self_skipped": sheet["self_skipped"],
                "criteria_set": set_id,
                "version": versions.get(set_id),
                "items": items.get(set_id, []),
                "lines": lines.get(set_id, []),
                "self": marks[sheet["pk"]]["self"],
                "office": marks[sheet["pk"]]["office"],
            }
        subjects.append(
            Subject(
                "unit",
                u["pk"],
                u["name"],
                key,
                label,
                {
                    "kind": "unit",
                    "rule": rules[ScoringRule.Audience.UNIT],
                    "sheet": sheet_inputs,
                    "findings": findings.get(u["pk"], []),
                    "tallies": {
                        s: unit_tallies[u["pk"]][s] for s in ("mass", "democratic")
                    }
                    if u["pk"] in unit_tallies
                    else {"mass": [], "democratic": []},
                },
            )
        )

    member_set = _first_set(sets, "party", CriteriaSet.Audience.PERSON)
    daitou_items = [
        {"id": i["id"], "code": i["code"], "name": i["name"], "weight": i["weight"]}
        for i in items.get(member_set, [])
        if i["parent"] is None
    ]
    ratings: dict[int, list[dict]] = defaultdict(list)
    for r in (
        DaitouRating.objects.filter(campaign=campaign)
        .order_by("criterion_id")
        .values("pk", "person_id", "criterion_id", "rating")
    ):
        ratings[r["person_id"]].append(
            {"id": r["pk"], "criterion": r["criterion_id"], "rating": r["rating"]}
        )
    for p in (
        scored_members(campaign)
        .order_by("staff_no")
        .values("pk", "name", "branch__category_id", "branch__category__name")
    ):
        key, label = unit_category(
            Organization.Kind.BRANCH,
            "party",
            p["branch__category_id"],
            p["branch__category__name"],
        )
        subjects.append(
            Subject(
                "person",
                p["pk"],
                p["name"],
                key,
                label,
                {
                    "kind": "person",
                    "rule": rules[ScoringRule.Audience.PERSON],
                    "daitou": {
                        "criteria_set": member_set,
                        "version": versions.get(member_set),
                        "items": daitou_items,
                        "ratings": ratings.get(p["pk"], []),
                    }
                    if member_set
                    else None,
                    "tallies": {
                        s: person_tallies[p["pk"]][s] for s in ("mass", "democratic")
                    }
                    if p["pk"] in person_tallies
                    else {"mass": [], "democratic": []},
                },
            )
        )
    return subjects


# ---------------------------------------------------------------------------------------
# Evidence a mark may link to (佐证)


@dataclass(frozen=True)
class EvidenceKind:
    key: str
    model: type
    unit_field: str
    campaign_field: str | None
    label_field: str


EVIDENCE_KINDS = {
    k.key: k
    for k in (
        EvidenceKind(
            "pledge_item", PledgeItem, "pledge__unit", "pledge__campaign", "text"
        ),
        EvidenceKind(
            "plan_measure", PlanMeasure, "plan__unit", "plan__campaign", "text"
        ),
        EvidenceKind("record", ActivityRecord, "branch", None, "title"),
        EvidenceKind("meeting", Meeting, "branch", None, "topic"),
        EvidenceKind("news", NewsReport, "branch", None, "title"),
    )
}
EVIDENCE_LABELS = {
    "pledge_item": "承诺事项",
    "plan_measure": "计划措施",
    "record": "纪实",
    "meeting": "会议",
    "news": "通讯报道",
}
EVIDENCE_PER_KIND = 200


def _evidence_qs(kind: EvidenceKind, campaign: Campaign, unit: Organization):
    rows = kind.model.objects.filter(**{kind.unit_field: unit})
    if kind.campaign_field:
        rows = rows.filter(**{kind.campaign_field: campaign})
    return rows


def evidence_choices(*, campaign: Campaign, unit: Organization) -> list[tuple]:
    """Grouped choices ``(group, [(key, label)])`` of the unit's evidence (5 queries)."""
    groups = []
    for kind in EVIDENCE_KINDS.values():
        rows = (
            _evidence_qs(kind, campaign, unit)
            .order_by("-pk")
            .values_list("pk", kind.label_field)[:EVIDENCE_PER_KIND]
        )
        choices = [(f"{kind.key}:{pk}", str(label)[:120]) for pk, label in rows]
        if choices:
            groups.append((EVIDENCE_LABELS[kind.key], choices))
    return groups


def evidence_resolve(
    *, campaign: Campaign, unit: Organization, keys: list[str]
) -> dict[str, tuple[ContentType, int, str]]:
    """``"kind:pk"`` keys → (content type, pk, label); anything outside the unit refused."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for key in keys:
        kind, _sep, pk = key.partition(":")
        if kind not in EVIDENCE_KINDS or not pk.isdigit():
            raise ValidationError(_("Unknown evidence: %(key)s.") % {"key": key})
        wanted[kind].add(int(pk))
    found: dict[str, tuple[ContentType, int, str]] = {}
    for kind_key, pks in wanted.items():
        kind = EVIDENCE_KINDS[kind_key]
        ct = ContentType.objects.get_for_model(kind.model)
        for pk, label in (
            _evidence_qs(kind, campaign, unit)
            .filter(pk__in=pks)
            .values_list("pk", kind.label_field)
        ):
            found[f"{kind_key}:{pk}"] = (
                ct,
                pk,
                f"{EVIDENCE_LABELS[kind_key]}：{label}"[:300],
            )
    missing = [k for k in keys if k not in found]
    if missing:
        raise ValidationError(
            _("Evidence must belong to %(unit)s in this campaign.")
            % {"unit": unit.name}
        )
    return found


def evidence_key(ct_model: str, pk: int) -> str | None:
    for kind in EVIDENCE_KINDS.values():
        if kind.model._meta.model_name == ct_model:
            return f"{kind.key}:{pk}"
    return None


# ---------------------------------------------------------------------------------------
# Sheets


SHEET_FILTERS = ("all", "unmarked", "marked", *ScoreSheet.Status.values)


def sheet_rows(*, campaign: Campaign, status: str = "all", query: str = "") -> QuerySet:
    """Scored units with their sheet's status and mark counts (one query per page)."""
    sheets = ScoreSheet.objects.filter(campaign=campaign, unit=OuterRef("pk"))
    rows = (
        scored_units(campaign)
        .select_related("category", "parent")
        .annotate(
            sheet_status=Subquery(sheets.values("status")[:1]),
            sheet_pk=Subquery(sheets.values("pk")[:1]),
            self_marks=Subquery(
                SheetMark.objects.filter(
                    sheet__campaign=campaign, sheet__unit=OuterRef("pk"), source="self"
                )
                .values("sheet")
                .annotate(c=Count("pk"))
                .values("c")[:1]
            ),
            office_marks=Subquery(
                SheetMark.objects.filter(
                    sheet__campaign=campaign,
                    sheet__unit=OuterRef("pk"),
                    source="office",
                )
                .values("sheet")
                .annotate(c=Count("pk"))
                .values("c")[:1]
            ),
        )
        .order_by("path")
    )
    marked = [ScoreSheet.Status.MARKED, ScoreSheet.Status.DONE]
    if status == "marked":
        rows = rows.filter(sheet_status__in=marked)
    elif status == "unmarked":
        rows = rows.filter(Q(sheet_status__isnull=True) | ~Q(sheet_status__in=marked))
    elif status == ScoreSheet.Status.NOT_STARTED:
        rows = rows.filter(
            Q(sheet_status__isnull=True) | Q(sheet_status=ScoreSheet.Status.NOT_STARTED)
        )
    elif status in ScoreSheet.Status.values:
        rows = rows.filter(sheet_status=status)
    if query:
        rows = rows.filter(name__icontains=query)
    return rows


def sheet_status_counts(*, campaign: Campaign) -> dict[str, int]:
    counts = dict(
        ScoreSheet.objects.filter(campaign=campaign, unit__in=scored_units(campaign))
        .values_list("status")
        .annotate(c=Count("pk"))
        .values_list("status", "c")
    )
    total = scored_units(campaign).count()
    counts[ScoreSheet.Status.NOT_STARTED] = total - sum(
        v for k, v in counts.items() if k != ScoreSheet.Status.NOT_STARTED
    )
    counts["total"] = total
    return counts


@dataclass
class LineView:
    line: ScoringLine
    level: int
    self_mark: SheetMark | None = None
    office_mark: SheetMark | None = None


@dataclass
class ItemView:
    criterion: Criterion
    level: int
    lines: list


def sheet_layout(*, criteria_set: CriteriaSet, sheet: ScoreSheet | None = None) -> dict:
    """Items in code order with their lines and marks, plus the special lines."""
    criteria = list(criteria_set.criteria.all())
    lines = list(criteria_set.scoring_lines.select_related("criterion"))
    marks: dict[tuple[int, str], SheetMark] = {}
    if sheet is not None and sheet.pk:
        for mark in sheet.marks.select_related("marked_by__person").prefetch_related(
            "evidence__content_type"
        ):
            mark.evidence_keys = [
                evidence_key(e.content_type.model, e.object_id)
                for e in mark.evidence.all()
            ]
            marks[(mark.line_id, mark.source)] = mark
    by_criterion: dict[int | None, list[LineView]] = defaultdict(list)
    for line in lines:
        by_criterion[line.criterion_id if line.is_regular else None].append(
            LineView(
                line, 0, marks.get((line.pk, "self")), marks.get((line.pk, "office"))
            )
        )
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in sorted(criteria, key=lambda c: _code_key(c.code)):
        children[c.parent_id].append(c)
    items: list[ItemView] = []

    def walk(parent, level):
        for c in children.get(parent, []):
            items.append(ItemView(c, level, by_criterion.get(c.pk, [])))
            walk(c.pk, level + 1)

    walk(None, 0)
    special = {
        kind: [lv for lv in by_criterion.get(None, []) if lv.line.kind == kind]
        for kind in (
            ScoringLine.Kind.BONUS,
            ScoringLine.Kind.PENALTY,
            ScoringLine.Kind.VETO,
        )
    }
    regular = [lv for item in items for lv in item.lines]
    return {
        "items": items,
        "bonus": special[ScoringLine.Kind.BONUS],
        "penalty": special[ScoringLine.Kind.PENALTY],
        "veto": special[ScoringLine.Kind.VETO],
        "regular": regular,
        "all_lines": regular
        + special[ScoringLine.Kind.BONUS]
        + special[ScoringLine.Kind.PENALTY]
        + special[ScoringLine.Kind.VETO],
    }


def _code_key(code: str) -> list:
    return [int(p) if p.isdigit() else 0 for p in str(code).split(".")]


# ---------------------------------------------------------------------------------------
# Scores


share_with_campaigns("score_run")


def score_run(campaign: Campaign) -> ScoreRun | None:
    return memo(
        ("score_run", campaign.pk),
        lambda: ScoreRun.objects.filter(campaign=campaign).first(),
    )


def ranking(
    *, campaign: Campaign, audience: str, category: str = ""
) -> QuerySet[Score]:
    rows = Score.objects.filter(campaign=campaign).defer("inputs", "breakdown")
    if audience == "person":
        rows = rows.filter(person__isnull=False).select_related(
            "person", "person__branch"
        )
    else:
        rows = rows.filter(unit__isnull=False).select_related("unit")
    if category:
        rows = rows.filter(category_key=category)
    return rows.order_by("category_key", "rank", "name", "pk")


def ranking_groups(*, campaign: Campaign, audience: str) -> list[tuple[str, str, int]]:
    rows = Score.objects.filter(
        campaign=campaign,
        **(
            {"person__isnull": False}
            if audience == "person"
            else {"unit__isnull": False}
        ),
    )
    return list(
        rows.values_list("category_key", "category_label")
        .annotate(c=Count("pk"))
        .order_by("category_key")
    )


def published_campaigns_for(person: Person) -> QuerySet[Score]:
    """The member's scores in campaigns whose scores are published, newest first."""
    return (
        Score.objects.filter(
            person=person, campaign__score_run__published_at__isnull=False
        )
        .select_related("campaign")
        .defer("inputs", "breakdown")
        .order_by("-campaign__year")
    )


# ---------------------------------------------------------------------------------------
# 五带头 assessment


def assessment_rows(
    *, campaign: Campaign, scope: Scope, show: str = "all", branch: int | None = None
) -> QuerySet[Person]:
    """Members in the user's reach with how many 带头 are rated (one query per page)."""
    rows = scored_members(campaign)
    if not scope.is_superuser and not scope.is_office and not scope.is_leader:
        rows = rows.filter(scope.path_q("branch__path"))
    rows = rows.select_related("branch").annotate(
        rated=Count(
            "daitou_ratings", filter=Q(daitou_ratings__campaign=campaign), distinct=True
        )
    )
    if branch:
        rows = rows.filter(branch_id=branch)
    if show == "rated":
        rows = rows.filter(rated__gt=0)
    elif show == "unrated":
        rows = rows.filter(rated=0)
    return rows.order_by("branch__path", "staff_no")


def daitou_items(campaign: Campaign) -> list[Criterion]:
    criteria_set = member_criteria_set(campaign)
    if criteria_set is None:
        return []
    return list(
        criteria_set.criteria.filter(parent__isnull=True).prefetch_related("children")
    )


def assessment_detail(*, campaign: Campaign, person: Person) -> dict:
    """Per 带头: the member's committed items, records, tallies per question, rating."""
    items = daitou_items(campaign)
    parent_of = {}
    for item in items:
        parent_of[item.pk] = item.pk
        for child in item.children.all():
            parent_of[child.pk] = item.pk
    pledge_items = (
        PledgeItem.objects.filter(pledge__campaign=campaign, pledge__person=person)
        .select_related("criterion", "pledge")
        .annotate(record_count=Count("records", distinct=True))
        .order_by("order", "pk")
    )
    evidence: dict[int | None, list] = defaultdict(list)
    labels = dict(ProgressStatus.choices)
    for pi in pledge_items:
        pi.progress_label = labels.get(pi.progress_status, "")
        evidence[parent_of.get(pi.criterion_id)].append(pi)
    ratings = {
        r.criterion_id: r
        for r in DaitouRating.objects.filter(
            campaign=campaign, person=person
        ).select_related("rated_by__person")
    }
    questions = list(
        QuestionTally.objects.filter(
            tally__round__campaign=campaign,
            tally__round__kind=Round.Kind.DEMOCRATIC,
            tally__round__status__in=TALLIED,
            tally__target__person=person,
            tally__withheld=False,
        ).select_related("question", "tally__round")
    )
    withheld = list(
        TargetTally.objects.filter(
            round__campaign=campaign,
            round__status__in=TALLIED,
            target__person=person,
            withheld=True,
        ).select_related("round")
    )
    by_item: dict[int, list] = defaultdict(list)
    unmatched = []
    for qt in questions:
        match = next(
            (
                item.pk
                for item in items
                if qt.question.code == item.code
                or qt.question.text.startswith(item.name)
            ),
            None,
        )
        (by_item[match] if match else unmatched).append(qt)
    reviews = list(
        Review.objects.filter(person=person)
        .select_related("round", "round__campaign")
        .order_by("-round__campaign__year", "-round__half")
    )
    rows = [
        {
            "item": item,
            "pledge_items": evidence.get(item.pk, []),
            "questions": by_item.get(item.pk, []),
            "rating": ratings.get(item.pk),
        }
        for item in items
    ]
    return {
        "rows": rows,
        "untagged": evidence.get(None, []),
        "unmatched_questions": unmatched,
        "withheld": withheld,
        "reviews": reviews,
    }


# ---------------------------------------------------------------------------------------
# Campaigns and home panels


def criteria_sets_overview(campaign: Campaign) -> list[CriteriaSet]:
    """The campaign's sets with their line counts and latest version (3 queries)."""
    sets = list(
        campaign.criteria_sets.annotate(
            line_count=Count("scoring_lines", distinct=True),
            item_count=Count("criteria", distinct=True),
        ).order_by("order", "pk")
    )
    latest: dict[int, CriteriaVersion] = {}
    for version in CriteriaVersion.objects.filter(
        criteria_set__campaign=campaign
    ).order_by("criteria_set_id", "number"):
        latest[version.criteria_set_id] = version
    for s in sets:
        s.version = latest.get(s.pk)
    return sets


def office_panel(scope: Scope) -> dict | None:
    campaign = pledge_selectors.current_campaign_for(scope)
    if campaign is None:
        return None
    return {
        "campaign": campaign,
        "counts": sheet_status_counts(campaign=campaign),
        "run": score_run(campaign),
    }


def secretary_panel(scope: Scope) -> dict | None:
    campaign = pledge_selectors.current_campaign_for(scope)
    if campaign is None:
        return None
    unit_ids = [r.node_id for r in scope.roles_of(*WRITER_ROLES)]
    if not unit_ids:
        return None
    sheets = {
        s.unit_id: s
        for s in ScoreSheet.objects.filter(campaign=campaign, unit_id__in=unit_ids)
    }
    # The role's units are loaded with the roles.
    nodes = {r.node_id: r.node for r in scope.roles_of(*WRITER_ROLES)}
    units = sorted(nodes.values(), key=lambda u: u.path)
    run = score_run(campaign)
    return {
        "campaign": campaign,
        "units": [(u, sheets.get(u.pk)) for u in units],
        "published": bool(run and run.is_published),
    }


def member_panel(scope: Scope) -> dict | None:
    if scope.person is None or not scope.person.is_party_member:
        return None
    score = published_campaigns_for(scope.person).first()
    if score is None:
        return None
    return {"score": score}


def has_unrated_members(campaign: Campaign, scope: Scope) -> bool:
    return assessment_rows(campaign=campaign, scope=scope, show="unrated").exists()
