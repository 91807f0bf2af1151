"""The arithmetic of a body's result, free of Django."""

from decimal import Decimal

from evaluations.assessment.compute import compute, grade_of

THRESHOLDS = {"excellent": 90, "good": 80, "average": 60}
ITEMS = [
    {"id": 1, "name": "工作实绩", "source": "marks", "weight": Decimal(60)},
    {"id": 2, "name": "述职述廉", "source": "duty", "weight": Decimal(40)},
]


def test_it_takes_the_weighted_mean_of_the_items():
    result = compute(
        items=ITEMS,
        values={1: {"value": Decimal(90)}, 2: {"value": Decimal(100)}},
        thresholds=THRESHOLDS,
    )
    assert result.score == Decimal("94.00")
    assert result.grade == "excellent"
    assert [r["contribution"] for r in result.rows] == ["54.00", "40.00"]
    assert [r["effective_weight"] for r in result.rows] == ["60.00", "40.00"]


def test_it_leaves_a_missing_item_out_and_says_so():
    result = compute(
        items=ITEMS,
        values={1: {"value": Decimal(70)}, 2: {"value": None, "note": "no_reporter"}},
        thresholds=THRESHOLDS,
    )
    assert result.score == Decimal("70.00")
    assert result.grade == "average"
    missing = result.rows[1]
    assert missing["missing"] and missing["note"] == "no_reporter"
    assert result.rows[0]["renormalised"] is True
    assert result.rows[0]["effective_weight"] == "100.00"


def test_it_gives_no_score_without_any_value():
    result = compute(items=ITEMS, values={}, thresholds=THRESHOLDS)
    assert result.score is None and result.grade == ""


def test_it_grades_by_the_thresholds():
    assert [grade_of(Decimal(v), THRESHOLDS) for v in (95, 90, 85, 60, 59.99)] == [
        "excellent",
        "excellent",
        "good",
        "average",
        "poor",
    ]


def test_recomputing_from_the_rows_gives_the_same_score():
    values = {1: {"value": Decimal("83.5")}, 2: {"value": Decimal("50")}}
    first = compute(items=ITEMS, values=values, thresholds=THRESHOLDS)
    again = compute(
        items=[
            {**i, "weight": Decimal(r["weight"])}
            for i, r in zip(ITEMS, first.rows, strict=True)
        ],
        values={r["item"]: {"value": Decimal(r["value"])} for r in first.rows},
        thresholds=THRESHOLDS,
    )
    assert again.score == first.score
    assert sum(Decimal(r["contribution"]) for r in first.rows) == first.score
