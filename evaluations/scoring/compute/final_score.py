"""4–5. The final score and grade."""

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from evaluations.scoring.compute.common import (
    GRADES,
    HUNDRED,
    OFFICE_STATUSES,
    SELF_STATUSES,
    SOURCES,
    ZERO,
    D,
    Result,
    q2,
    row,
    s,
)
from evaluations.scoring.compute.daitou import _daitou
from evaluations.scoring.compute.findings import _findings, _tallies
from evaluations.scoring.compute.sheets import _adjustments, _sheet_value


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
        elif status not in allowed or (source == "self" and sheet.get("self_skipped")):
            # A skipped self-assessment is a missing source like any other: left
            # out and the other weights renormalised, never a sheet of zeros.
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


def missing_sources(result: Result, inputs: Mapping) -> list[str]:
    """The weighted sources a computed result had to leave out (in breakdown order)."""
    weights = inputs["rule"].get("weights", {})
    return [
        source
        for source in SOURCES
        if D(weights.get(source)) > 0 and result.sources.get(source) is None
    ]


def _worst(caps: list[str]) -> str | None:
    if not caps:
        return None
    result = caps[0]
    for cap in caps[1:]:
        result = worse(result, cap)
    return result
