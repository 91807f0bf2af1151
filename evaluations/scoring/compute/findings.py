"""2. Findings and tallies."""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from evaluations.scoring.compute.common import HUNDRED, ZERO, D, row, s


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
