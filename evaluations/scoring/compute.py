"""Score arithmetic (综合得分计算), free of Django.

The services gather every input of one unit or one person into a plain, JSON-ready dict
(numbers as strings) and store it beside the result; ``compute`` turns such a dict into a
score, a grade and a breakdown that lists every input with its weight and contribution.
Running ``compute`` again on a stored dict gives the same figures: that is the verify.

Rules (hand-worked in tests/evaluations/scoring/test_arithmetic.py):

1. **Sheet score (0–100)**, the same for the self-assessment and the office's marks.
   A criterion's raw points are the marks of the regular lines directly under it plus
   the scaled points of its sub-items; its raw maximum likewise. A criterion with
   ``max_points`` scales: ``scaled = max_points × raw / raw_max``; without, it keeps its
   raw figures. If any top-level item has a weight, the sheet score is the weighted
   mean of the items' ``scaled / scaled_max`` (items without a weight weigh 0);
   otherwise it is ``100 × Σ scaled / Σ scaled_max``. A line without a mark counts 0.
   Self marks count once the branch submitted (status self-assessed or later), the
   office's marks once the office submitted (marked or done).
2. **Inspection findings**: the mean of the findings' points (e.g. good 100, average 70,
   poor 40). **Evaluation tallies**: per tally, the mean points of all answers (each
   rating mapped to points); a source is the mean over its tallies. A withheld tally
   (fewer than k ballots) is a missing input.
3. **五带头 assessment**: the weighted mean of the points of each rated 带头 (criterion
   weights; without weights, equal); unrated 带头 are listed as missing.
4. **Final score**: the weighted mean of the sources present. A missing source (no
   input, or its weight 0) drops out and the remaining weights are renormalised, which
   the breakdown shows as each source's effective weight. Bonus and penalty points (加分
   / 减分, office marks only, each total capped at its limit) are then added times the
   bonus factor, and the result is clamped to 0–100 and rounded half up to 2 places.
5. **Grade**: the highest grade whose threshold the score reaches; a triggered veto line
   (一票否决, office marks only) caps the grade at the worst cap among them.
6. **Rank** within a group: ordered by score, highest first; equal scores share a rank
   and the next rank skips (1, 2, 2, 4: "standard competition ranking"); no score, no
   rank.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Sources of a final score, in the order the breakdown lists them.
SOURCES = ("office", "self", "inspection", "mass", "democratic", "daitou")
# Grades best first; a cap is "at most this grade".
GRADES = ("excellent", "good", "average", "poor")

LINE_REGULAR, LINE_BONUS, LINE_PENALTY, LINE_VETO = (
    "regular",
    "bonus",
    "penalty",
    "veto",
)
SELF_STATUSES = {"self_assessed", "marked", "done"}
OFFICE_STATUSES = {"marked", "done"}


@dataclass
class Result:
    """One computed score with the breakdown behind it."""

    score: Decimal | None
    grade: str | None
    vetoed: bool = False
    uncapped_grade: str | None = None
    breakdown: list[dict] = field(default_factory=list)
    sources: dict[str, Decimal | None] = field(default_factory=dict)


def D(value) -> Decimal:
    """A Decimal from an input value (strings in stored inputs, numbers in tests)."""
    if value is None or value == "":
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value))


def q2(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def s(value: Decimal | None) -> str | None:
    """How a number is written in a breakdown row."""
    return None if value is None else str(q2(value))


def digest(inputs: Mapping) -> str:
    """SHA-256 of the inputs written canonically: equal inputs, equal digest."""
    text = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row(source: str, kind: str, label: str = "", level: int = 0, **fields) -> dict:
    """A breakdown row; ``note`` is a code the page translates (e.g. "missing")."""
    entry = {"source": source, "kind": kind, "label": label, "level": level}
    entry.update({k: v for k, v in fields.items() if v is not None})
    return entry


# ---------------------------------------------------------------------------------------
# 1. Sheets


def _sheet_value(
    sheet: Mapping, source: str, rows: list[dict]
) -> tuple[Decimal | None, list[dict]]:
    """The 0–100 value of one side of a sheet (self or office) and its rows."""
    items = {item["id"]: item for item in sheet.get("items", [])}
    lines = [line for line in sheet.get("lines", []) if line["kind"] == LINE_REGULAR]
    if not lines:
        rows.append(row(source, "note", note="no_lines", missing=True))
        return None, rows
    marks = {m["line"]: m for m in sheet.get(source, [])}
    children: dict[int | None, list[int]] = defaultdict(list)
    for item in sorted(items.values(), key=lambda i: (_code_key(i["code"]), i["id"])):
        parent = item.get("parent")
        children[parent if parent in items else None].append(item["id"])
    lines_of: dict[int | None, list[dict]] = defaultdict(list)
    for line in lines:
        crit = line.get("criterion")
        lines_of[crit if crit in items else None].append(line)

    def node(item_id: int, level: int) -> tuple[Decimal, Decimal, list[dict]]:
        item = items[item_id]
        raw, raw_max, out = _lines_value(
            source, lines_of.get(item_id, []), marks, level + 1
        )
        for child in children.get(item_id, []):
            c_points, c_max, c_rows = node(child, level + 1)
            raw += c_points
            raw_max += c_max
            out += c_rows
        cap = item.get("max_points")
        if cap not in (None, "") and raw_max > 0:
            scaled, scaled_max = D(cap) * raw / raw_max, D(cap)
        else:
            scaled, scaled_max = raw, raw_max
        head = row(
            source,
            "item",
            f"{item['code']} {item['name']}",
            level,
            ref={"type": "criterion", "id": item_id},
            value=s(scaled),
            max=s(scaled_max),
            raw=s(raw) if scaled_max != raw_max else None,
            raw_max=s(raw_max) if scaled_max != raw_max else None,
        )
        return scaled, scaled_max, [head, *out]

    tops = []
    for item_id in children.get(None, []):
        tops.append((items[item_id], *node(item_id, 1)))
    loose = lines_of.get(None, [])
    loose_points, loose_max, loose_rows = _lines_value(source, loose, marks, 1)

    if any(D(item.get("weight")) > 0 for item, *_ in tops):
        value, body = _weighted_value(source, tops, loose_rows)
    else:
        points = sum((p for _i, p, _m, _r in tops), ZERO) + loose_points
        maximum = sum((m for _i, _p, m, _r in tops), ZERO) + loose_max
        body = [r for *_top, item_rows in tops for r in item_rows] + loose_rows
        value = HUNDRED * points / maximum if maximum > 0 else None
        rows.append(
            row(source, "sum", level=1, value=s(points), max=s(maximum), note="points")
        )
    return value, rows + body


def _lines_value(
    source: str, lines: list[dict], marks: Mapping, level: int
) -> tuple[Decimal, Decimal, list[dict]]:
    """Points, maximum and rows of some regular lines of a sheet."""
    points, maximum, rows = ZERO, ZERO, []
    for line in lines:
        line_points, line_rows = _line(source, line, marks.get(line["id"]), level)
        points += line_points
        maximum += D(line["max"])
        rows += line_rows
    return points, maximum, rows


def _weighted_value(
    source: str, tops: list[tuple], loose_rows: list[dict]
) -> tuple[Decimal | None, list[dict]]:
    """The weighted mean of the top items' scaled value; loose lines weigh nothing."""
    body: list[dict] = []
    total_w, acc = ZERO, ZERO
    for item, points, maximum, item_rows in tops:
        weight = D(item.get("weight"))
        item_rows[0]["weight"] = s(weight) if weight > 0 else "0.00"
        if weight <= 0:
            item_rows[0]["note"] = "no_weight"
        if maximum > 0 and weight > 0:
            total_w += weight
            acc += weight * points / maximum
        body += item_rows
    body += loose_rows
    if loose_rows:
        body.append(row(source, "note", note="loose_lines_unweighted", level=1))
    return (HUNDRED * acc / total_w if total_w > 0 else None), body


def _code_key(code: str) -> list:
    return [int(p) if p.isdigit() else p for p in str(code).split(".")]


def _line(
    source: str, line: Mapping, mark: Mapping | None, level: int
) -> tuple[Decimal, list[dict]]:
    if mark is None or mark.get("points") in (None, ""):
        return ZERO, [
            row(
                source,
                "line",
                line["text"],
                level,
                ref={"type": "line", "id": line["id"]},
                value="0.00",
                max=s(D(line["max"])),
                note="not_marked",
                missing=True,
            )
        ]
    points = D(mark["points"])
    return points, [
        row(
            source,
            "mark",
            line["text"],
            level,
            ref={"type": "mark", "id": mark["id"], "line": line["id"]},
            value=s(points),
            max=s(D(line["max"])),
            poor=True if mark.get("poor") else None,
        )
    ]


def _adjustments(sheet: Mapping, rule: Mapping, rows: list[dict]):
    """Bonus minus penalty (capped totals) and the veto cap, from the office's marks."""
    lines = {line["id"]: line for line in sheet.get("lines", [])}
    bonus, penalty, caps = ZERO, ZERO, []
    for mark in sheet.get("office", []):
        line = lines.get(mark["line"])
        if line is None:
            continue
        ref = {"type": "mark", "id": mark["id"], "line": line["id"]}
        if line["kind"] == LINE_BONUS and D(mark.get("points")) > 0:
            bonus += D(mark["points"])
            rows.append(
                row(
                    "bonus",
                    "mark",
                    line["text"],
                    1,
                    ref=ref,
                    value=s(D(mark["points"])),
                )
            )
        elif line["kind"] == LINE_PENALTY and D(mark.get("points")) > 0:
            penalty += D(mark["points"])
            rows.append(
                row(
                    "bonus",
                    "mark",
                    line["text"],
                    1,
                    ref=ref,
                    value=s(-D(mark["points"])),
                    note="penalty",
                )
            )
        elif line["kind"] == LINE_VETO and mark.get("triggered"):
            cap = line.get("cap") or "poor"
            caps.append(cap)
            rows.append(row("veto", "mark", line["text"], 1, ref=ref, cap=cap))
    bonus_limit, penalty_limit = (
        D(rule.get("bonus_limit")),
        D(rule.get("penalty_limit")),
    )
    if bonus > bonus_limit:
        rows.append(
            row("bonus", "note", level=1, note="bonus_capped", max=s(bonus_limit))
        )
        bonus = bonus_limit
    if penalty > penalty_limit:
        rows.append(
            row("bonus", "note", level=1, note="penalty_capped", max=s(penalty_limit))
        )
        penalty = penalty_limit
    return bonus - penalty, caps


# ---------------------------------------------------------------------------------------
# 2. Findings and tallies


def _findings(findings: list[Mapping], points_map: Mapping, rows: list[dict]):
    values = []
    for finding in findings:
        points = D(points_map.get(finding["rating"], 0))
        values.append(points)
        rows.append(
            row(
                "inspection",
                "finding",
                finding.get("label", ""),
                1,
                ref={"type": "finding", "id": finding["id"]},
                rating=finding["rating"],
                inspection_kind=finding.get("kind"),
                on=finding.get("on"),
                value=s(points),
            )
        )
    if not values:
        return None
    return sum(values, ZERO) / len(values)


def rating_points(value, scale: Iterable, points_map: Mapping) -> Decimal:
    """Points of one ballot rating: from the map, else its share of the top value."""
    key = str(value)
    if key in points_map:
        return D(points_map[key])
    top = max((int(v) for v in scale), default=0)
    return HUNDRED * D(value) / top if top else ZERO


def tally_points(tally: Mapping, points_map: Mapping) -> Decimal | None:
    """Mean points of every answer of one tally (None when it has no answers)."""
    total, count = ZERO, 0
    for question in tally.get("questions", []):
        for value, n in question["counts"].items():
            total += rating_points(value, tally.get("scale", []), points_map) * int(n)
            count += int(n)
    return total / count if count else None


def _tallies(
    source: str, tallies: list[Mapping], points_map: Mapping, rows: list[dict]
):
    values = []
    for tally in tallies:
        ref = {"type": "tally", "id": tally["id"], "round": tally.get("round")}
        if tally.get("withheld"):
            rows.append(
                row(
                    source,
                    "tally",
                    tally.get("label", ""),
                    1,
                    ref=ref,
                    ballots=tally.get("ballots"),
                    note="withheld",
                    missing=True,
                )
            )
            continue
        points = tally_points(tally, points_map)
        rows.append(
            row(
                source,
                "tally",
                tally.get("label", ""),
                1,
                ref=ref,
                ballots=tally.get("ballots"),
                value=s(points),
                note=None if points is not None else "no_answers",
                missing=True if points is None else None,
            )
        )
        for question in tally.get("questions", []):
            q_points = tally_points(
                {"questions": [question], "scale": tally.get("scale", [])}, points_map
            )
            rows.append(
                row(
                    source,
                    "question",
                    question.get("text", ""),
                    2,
                    ref={
                        "type": "question_tally",
                        "id": question.get("id"),
                        "round": tally.get("round"),
                    },
                    counts=question["counts"],
                    value=s(q_points),
                )
            )
        if points is not None:
            values.append(points)
    if not values:
        return None
    return sum(values, ZERO) / len(values)


# ---------------------------------------------------------------------------------------
# 3. 五带头


def _daitou(daitou: Mapping, points_map: Mapping, rows: list[dict]):
    ratings = {r["criterion"]: r for r in daitou.get("ratings", [])}
    items = daitou.get("items", [])
    weighted = any(D(item.get("weight")) > 0 for item in items)
    total_w, acc = ZERO, ZERO
    for item in items:
        rating = ratings.get(item["id"])
        weight = D(item.get("weight")) if weighted else Decimal(1)
        label = f"{item['code']} {item['name']}"
        if rating is None:
            rows.append(
                row(
                    "daitou",
                    "item",
                    label,
                    1,
                    ref={"type": "criterion", "id": item["id"]},
                    weight=s(weight) if weighted else None,
                    note="not_rated",
                    missing=True,
                )
            )
            continue
        points = D(points_map.get(rating["rating"], 0))
        rows.append(
            row(
                "daitou",
                "rating",
                label,
                1,
                ref={"type": "rating", "id": rating["id"], "criterion": item["id"]},
                rating=rating["rating"],
                value=s(points),
                weight=s(weight) if weighted else None,
            )
        )
        if weight > 0:
            total_w += weight
            acc += weight * points
    if total_w <= 0:
        return None
    return acc / total_w


# ---------------------------------------------------------------------------------------
# 4–5. The final score and grade


def grade_of(score: Decimal, thresholds: Mapping) -> str:
    for grade in GRADES[:-1]:
        if score >= D(thresholds[grade]):
            return grade
    return GRADES[-1]


def worse(a: str, b: str) -> str:
    return a if GRADES.index(a) >= GRADES.index(b) else b


def _sheet_sources(
    sheet: Mapping | None, weights: Mapping, values: dict, detail: dict
) -> None:
    """The office's and the self-assessment's values, if they weigh anything."""
    status = sheet.get("status") if sheet else None
    for source, allowed in (("office", OFFICE_STATUSES), ("self", SELF_STATUSES)):
        if not weights.get(source):
            values[source] = None
            continue
        if sheet is None:
            values[source] = None
            detail[source].append(
                row(source, "note", level=1, note="no_sheet", missing=True)
            )
        elif status not in allowed:
            values[source] = None
            note = (
                "self_skipped"
                if source == "self" and sheet.get("self_skipped")
                else "not_submitted"
            )
            detail[source].append(
                row(source, "note", level=1, note=note, missing=True, status=status)
            )
        else:
            values[source], detail[source] = _sheet_value(sheet, source, [])


def _other_sources(
    inputs: Mapping, rule: Mapping, weights: Mapping, values: dict, detail: dict
) -> None:
    """The values of inspections, ballots and the 五带头 assessment that weigh."""
    if weights.get("inspection"):
        values["inspection"] = _findings(
            inputs.get("findings", []),
            rule.get("inspection_points", {}),
            detail["inspection"],
        )
    for source in ("mass", "democratic"):
        if weights.get(source):
            values[source] = _tallies(
                source,
                inputs.get("tallies", {}).get(source, []),
                rule.get("ballot_points", {}),
                detail[source],
            )
    if weights.get("daitou"):
        values["daitou"] = (
            _daitou(inputs["daitou"], rule.get("daitou_points", {}), detail["daitou"])
            if inputs.get("daitou")
            else None
        )


def _weighted_sources(
    weights: Mapping, values: dict, detail: dict
) -> tuple[Decimal | None, list[dict]]:
    """The weighted mean of the sources present, and each source's rows."""
    present = {
        k: v for k, v in values.items() if v is not None and weights.get(k, 0) > 0
    }
    total_w = sum((weights[k] for k in present), ZERO)
    nominal_total = sum(
        (weights.get(k, ZERO) for k in SOURCES if weights.get(k, 0) > 0), ZERO
    )
    breakdown: list[dict] = []
    base = None
    if present:
        base = sum((weights[k] * present[k] for k in present), ZERO) / total_w
    for source in SOURCES:
        weight = weights.get(source, ZERO)
        if weight <= 0:
            continue
        value = values.get(source)
        if value is None:
            breakdown.append(
                row(
                    source,
                    "source",
                    level=0,
                    weight=s(weight),
                    effective_weight="0.00",
                    note="missing",
                    missing=True,
                )
            )
        else:
            effective = weight / total_w
            breakdown.append(
                row(
                    source,
                    "source",
                    level=0,
                    value=s(value),
                    weight=s(weight),
                    effective_weight=str(
                        effective.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
                    ),
                    contribution=s(effective * value),
                    note="renormalised" if total_w != nominal_total else None,
                )
            )
        breakdown += detail[source]
    return base, breakdown


def _bonus_rows(adjustment: Decimal, factor: Decimal, extra: list[dict]) -> list[dict]:
    """The bonus and penalty source and its rows, if there is any."""
    bonus_rows = [r for r in extra if r["source"] == "bonus"]
    if not (bonus_rows or adjustment):
        return []
    return [
        row(
            "bonus",
            "source",
            level=0,
            value=s(adjustment),
            weight=s(factor),
            contribution=s(adjustment * factor),
        ),
        *bonus_rows,
    ]


def compute(inputs: Mapping) -> Result:
    """Score, grade and breakdown of one unit or person from its stored inputs."""
    rule = inputs["rule"]
    weights = {k: D(v) for k, v in rule.get("weights", {}).items()}
    values: dict[str, Decimal | None] = {}
    detail: dict[str, list[dict]] = {name: [] for name in SOURCES}
    extra: list[dict] = []
    adjustment, caps = ZERO, []

    sheet = inputs.get("sheet")
    _sheet_sources(sheet, weights, values, detail)
    if sheet is not None and sheet.get("status") in OFFICE_STATUSES:
        adjustment, caps = _adjustments(sheet, rule, extra)
    _other_sources(inputs, rule, weights, values, detail)
    base, breakdown = _weighted_sources(weights, values, detail)
    factor = D(rule.get("bonus_factor", 1))
    breakdown += _bonus_rows(adjustment, factor, extra)
    veto_rows = [r for r in extra if r["source"] == "veto"]

    if base is None:
        breakdown.append(row("total", "total", level=0, note="no_inputs", missing=True))
        cap = _worst(caps)
        if veto_rows:
            breakdown.append(row("veto", "source", level=0, cap=cap))
            breakdown += veto_rows
        return Result(None, None, bool(caps), None, breakdown, values)

    score = q2(min(HUNDRED, max(ZERO, base + adjustment * factor)))
    uncapped = grade_of(score, rule["thresholds"])
    grade = uncapped
    if caps:
        grade = worse(uncapped, _worst(caps))
        breakdown.append(row("veto", "source", level=0, cap=_worst(caps), grade=grade))
        breakdown += veto_rows
    breakdown.append(
        row(
            "total",
            "total",
            level=0,
            value=s(score),
            base=s(base),
            adjustment=s(adjustment * factor) if adjustment else None,
            grade=grade,
            uncapped_grade=uncapped if uncapped != grade else None,
        )
    )
    return Result(score, grade, bool(caps), uncapped, breakdown, values)


def _worst(caps: list[str]) -> str | None:
    if not caps:
        return None
    result = caps[0]
    for cap in caps[1:]:
        result = worse(result, cap)
    return result


# ---------------------------------------------------------------------------------------
# 6. Ranking


def rank(entries: Iterable[tuple[object, object, Decimal | None]]) -> dict:
    """Rank ``(key, group, score)`` within each group: equal scores share a rank."""
    groups: dict[object, list[tuple[object, Decimal]]] = defaultdict(list)
    ranks: dict = {}
    for key, group, score in entries:
        if score is None:
            ranks[key] = None
        else:
            groups[group].append((key, score))
    for members in groups.values():
        members.sort(key=lambda m: m[1], reverse=True)
        previous, position = None, 0
        for index, (key, score) in enumerate(members, start=1):
            if score != previous:
                position, previous = index, score
            ranks[key] = position
    return ranks
