"""Inputs of a computation."""

from collections import defaultdict
from dataclasses import dataclass

from evaluations.models import (
    CriteriaVersion,
    DaitouRating,
    Finding,
    QuestionTally,
    ScoreSheet,
    ScoringLine,
    ScoringRule,
    SheetMark,
    TargetTally,
)
from evaluations.scoring.selectors.common import (
    SOURCE_OF_ROUND,
    TALLIED,
    n,
    rule_or_default,
    scored_members,
    scored_units,
    unit_category,
)
from organizations.models import Organization
from pledges.models import Campaign, CriteriaSet, Criterion


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


def campaign_inputs(*, campaign: Campaign, units_only: bool = False) -> list[Subject]:
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

    if units_only:
        return subjects
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
