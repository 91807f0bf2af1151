"""1. Sheets."""

from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal

from evaluations.scoring.compute.common import (
    HUNDRED,
    LINE_BONUS,
    LINE_PENALTY,
    LINE_REGULAR,
    LINE_VETO,
    ZERO,
    D,
    row,
    s,
)


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
