"""3. 五带头."""

from collections.abc import Mapping
from decimal import Decimal

from evaluations.scoring.compute.common import ZERO, D, row, s


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
