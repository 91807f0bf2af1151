"""The score arithmetic (evaluations/scoring/compute.py) against hand-worked cases."""

from decimal import Decimal

from evaluations.scoring import compute as scoring

RULE = {
    "weights": {"office": "100"},
    "bonus_factor": "1",
    "bonus_limit": "5",
    "penalty_limit": "10",
    "thresholds": {"excellent": "90", "good": "80", "average": "60"},
    "inspection_points": {"good": "100", "average": "70", "poor": "40"},
    "ballot_points": {"4": "100", "3": "80", "2": "60", "1": "40"},
    "daitou_points": {"good": "100", "fair": "85", "average": "70", "poor": "50"},
}

# 1 班子建设好 → 1.1 政治引领好, 1.2 自身建设好; 2 党员队伍好
ITEMS = [
    {"id": 1, "code": "1", "name": "班子建设好", "parent": None},
    {"id": 11, "code": "1.1", "name": "政治引领好", "parent": 1},
    {"id": 12, "code": "1.2", "name": "自身建设好", "parent": 1},
    {"id": 2, "code": "2", "name": "党员队伍好", "parent": None},
]
LINES = [
    {"id": 101, "criterion": 11, "kind": "regular", "text": "理论学习", "max": "10"},
    {"id": 102, "criterion": 12, "kind": "regular", "text": "组织生活", "max": "10"},
    {"id": 103, "criterion": 2, "kind": "regular", "text": "党员教育", "max": "20"},
]


def marks(*points, source="office"):
    return [
        {"id": 900 + i, "line": line["id"], "points": str(p)}
        for i, (line, p) in enumerate(zip(LINES, points, strict=False))
    ]


def unit_inputs(*, weights=None, items=ITEMS, lines=LINES, status="marked", **extra):
    rule = {**RULE, "weights": weights or RULE["weights"]}
    sheet = {
        "status": status,
        "items": items,
        "lines": lines,
        "self": extra.pop("self_marks", []),
        "office": extra.pop("office_marks", marks(8, 6, 15)),
    }
    return {"kind": "unit", "rule": rule, "sheet": sheet, **extra}


def source_row(result, source):
    return next(
        r for r in result.breakdown if r["source"] == source and r["kind"] == "source"
    )


def test_it_adds_the_points_of_lines_and_sub_items():
    # (8 + 6 + 15) of (10 + 10 + 20) = 29 / 40 = 72.5 %
    result = scoring.compute(unit_inputs())
    assert result.score == Decimal("72.50")
    assert result.grade == "average"


def test_it_scales_an_item_with_maximum_points():
    # item 1 has 30 points: (8 + 6) / 20 × 30 = 21; item 2 keeps 15 of 20 → 36 / 50
    items = [dict(ITEMS[0], max_points="30"), *ITEMS[1:]]
    result = scoring.compute(unit_inputs(items=items))
    assert result.score == Decimal("72.00")
    item = next(
        r for r in result.breakdown if r["kind"] == "item" and r["ref"]["id"] == 1
    )
    assert (item["value"], item["max"], item["raw"], item["raw_max"]) == (
        "21.00",
        "30.00",
        "14.00",
        "20.00",
    )


def test_it_weights_top_level_items_when_they_have_weights():
    # item 1: 14/20 = 0.7 × 0.6; item 2: 18/20 = 0.9 × 0.4 → 0.42 + 0.36 = 78 %
    items = [
        dict(ITEMS[0], weight="0.6"),
        ITEMS[1],
        ITEMS[2],
        dict(ITEMS[3], weight="0.4"),
    ]
    result = scoring.compute(unit_inputs(items=items, office_marks=marks(8, 6, 18)))
    assert result.score == Decimal("78.00")


def test_it_counts_points_without_weights_for_the_same_marks():
    # the same marks added as points: 32 / 40 = 80 %
    assert scoring.compute(unit_inputs(office_marks=marks(8, 6, 18))).score == Decimal(
        "80.00"
    )


def test_it_counts_an_unmarked_line_as_zero_and_says_so():
    result = scoring.compute(unit_inputs(office_marks=marks(8, 6)))
    assert result.score == Decimal("35.00")  # 14 / 40
    line = next(r for r in result.breakdown if r["kind"] == "line")
    assert line["note"] == "not_marked"


def test_it_combines_sources_and_renormalises_a_missing_one():
    weights = {
        "office": "50",
        "self": "10",
        "inspection": "15",
        "mass": "15",
        "democratic": "10",
    }
    inputs = unit_inputs(
        weights=weights,
        office_marks=marks(8, 8, 16),  # 32 / 40 = 80
        self_marks=marks(9, 9, 18),  # 36 / 40 = 90
        findings=[
            {"id": 1, "rating": "good"},
            {"id": 2, "rating": "average"},
        ],  # (100 + 70) / 2 = 85
        tallies={
            "mass": [
                {
                    "id": 7,
                    "round": 3,
                    "ballots": 5,
                    "withheld": False,
                    "scale": [4, 3, 2, 1],
                    "questions": [
                        {"id": 1, "counts": {"4": 3, "3": 2}},  # 300 + 160
                        {"id": 2, "counts": {"4": 1, "3": 3, "2": 1}},  # 100 + 240 + 60
                    ],
                }
            ],  # 860 / 10 = 86
            "democratic": [],
        },
    )
    result = scoring.compute(inputs)
    # (50×80 + 10×90 + 15×85 + 15×86) / 90 = 7465 / 90 = 82.944…
    assert result.score == Decimal("82.94")
    assert result.grade == "good"
    assert source_row(result, "democratic")["note"] == "missing"
    office = source_row(result, "office")
    assert office["effective_weight"] == "0.5556"  # 50 / 90
    assert office["note"] == "renormalised"
    assert source_row(result, "mass")["value"] == "86.00"


def test_it_leaves_a_skipped_self_assessment_out_like_a_missing_evaluation():
    weights = {"office": "50", "self": "10", "democratic": "10"}
    skipped = unit_inputs(
        weights=weights,
        office_marks=marks(9, 9, 18),  # 36 / 40 = 90
        tallies={"democratic": []},
    )
    skipped["sheet"]["self_skipped"] = True
    result = scoring.compute(skipped)
    # neither self (skipped) nor democratic (no tally) counts: office alone, 90
    assert result.score == Decimal("90.00")
    self_row, democratic_row = (
        source_row(result, "self"),
        source_row(result, "democratic"),
    )
    assert self_row["note"] == democratic_row["note"] == "missing"
    assert self_row["effective_weight"] == democratic_row["effective_weight"] == "0.00"
    assert not [r for r in result.breakdown if r.get("note") == "not_marked"]
    assert scoring.missing_sources(result, skipped) == ["self", "democratic"]


def test_it_adds_bonus_minus_penalty_with_the_bonus_capped():
    lines = [
        *LINES,
        {
            "id": 201,
            "criterion": None,
            "kind": "bonus",
            "text": "获上级表彰",
            "max": "4",
        },
        {"id": 202, "criterion": None, "kind": "bonus", "text": "经验推广", "max": "4"},
        {
            "id": 203,
            "criterion": None,
            "kind": "penalty",
            "text": "报送迟缓",
            "max": "5",
        },
    ]
    office = marks(8, 6, 15) + [
        {"id": 1, "line": 201, "points": "3"},
        {"id": 2, "line": 202, "points": "4"},
        {"id": 3, "line": 203, "points": "2"},
    ]
    result = scoring.compute(unit_inputs(lines=lines, office_marks=office))
    # 72.5 + min(3 + 4, 5) − 2 = 75.5
    assert result.score == Decimal("75.50")
    assert any(r.get("note") == "bonus_capped" for r in result.breakdown)


def test_it_caps_the_grade_of_a_vetoed_unit():
    lines = [
        *LINES,
        {
            "id": 301,
            "criterion": None,
            "kind": "veto",
            "text": "严重不良影响",
            "max": "0",
            "cap": "average",
        },
    ]
    office = marks(10, 10, 18) + [
        {"id": 4, "line": 301, "points": None, "triggered": True}
    ]
    result = scoring.compute(unit_inputs(lines=lines, office_marks=office))
    assert result.score == Decimal("95.00")
    assert (result.uncapped_grade, result.grade, result.vetoed) == (
        "excellent",
        "average",
        True,
    )


def test_it_ignores_a_veto_line_that_is_not_triggered():
    lines = [
        *LINES,
        {
            "id": 301,
            "criterion": None,
            "kind": "veto",
            "text": "否决",
            "max": "0",
            "cap": "poor",
        },
    ]
    office = marks(10, 10, 18) + [
        {"id": 4, "line": 301, "points": None, "triggered": False}
    ]
    result = scoring.compute(unit_inputs(lines=lines, office_marks=office))
    assert (result.grade, result.vetoed) == ("excellent", False)


def test_it_clamps_the_score_to_100():
    lines = [
        *LINES,
        {"id": 201, "criterion": None, "kind": "bonus", "text": "表彰", "max": "5"},
    ]
    office = marks(10, 10, 20) + [{"id": 1, "line": 201, "points": "5"}]
    assert scoring.compute(
        unit_inputs(lines=lines, office_marks=office)
    ).score == Decimal("100.00")


def test_it_gives_no_score_without_any_input():
    inputs = unit_inputs(weights={"self": "100"}, status="not_started")
    result = scoring.compute(inputs)
    assert (result.score, result.grade) == (None, None)
    assert result.breakdown[-1]["note"] == "no_inputs"


def test_it_counts_self_marks_only_once_submitted():
    inputs = unit_inputs(
        weights={"office": "50", "self": "50"},
        status="not_started",
        self_marks=marks(10, 10, 20),
    )
    result = scoring.compute(inputs)
    assert result.score is None
    notes = [r.get("note") for r in result.breakdown if r["source"] == "self"]
    assert "not_submitted" in notes


def test_it_counts_self_marks_but_not_office_marks_of_a_self_assessed_sheet():
    inputs = unit_inputs(
        weights={"office": "50", "self": "50"},
        status="self_assessed",
        self_marks=marks(10, 10, 20),
    )
    assert scoring.compute(inputs).score == Decimal("100.00")


def test_it_treats_a_withheld_tally_as_missing():
    inputs = {
        "kind": "unit",
        "rule": {**RULE, "weights": {"mass": "50", "inspection": "50"}},
        "sheet": None,
        "findings": [{"id": 1, "rating": "poor"}],
        "tallies": {
            "mass": [
                {"id": 9, "round": 1, "ballots": 2, "withheld": True, "questions": []}
            ],
            "democratic": [],
        },
    }
    result = scoring.compute(inputs)
    assert result.score == Decimal("40.00")
    tally = next(r for r in result.breakdown if r["kind"] == "tally")
    assert tally["note"] == "withheld"


def test_it_scores_a_member_from_daitou_and_evaluations():
    inputs = {
        "kind": "person",
        "rule": {**RULE, "weights": {"daitou": "50", "democratic": "30", "mass": "20"}},
        "daitou": {
            "items": [
                {"id": 1, "code": "1", "name": "带头学习提高", "weight": None},
                {"id": 2, "code": "2", "name": "带头创新攻关", "weight": None},
                {"id": 3, "code": "3", "name": "带头服务群众", "weight": None},
            ],
            "ratings": [
                {"id": 1, "criterion": 1, "rating": "good"},
                {"id": 2, "criterion": 2, "rating": "fair"},
            ],
        },
        "tallies": {
            "democratic": [
                {
                    "id": 5,
                    "round": 2,
                    "ballots": 5,
                    "withheld": False,
                    "scale": [4, 3, 2, 1],
                    "questions": [{"id": 1, "counts": {"3": 5}}],
                }
            ],
            "mass": [],
        },
    }
    result = scoring.compute(inputs)
    # 五带头 (100 + 85) / 2 = 92.5 (3 unrated); (50 × 92.5 + 30 × 80) / 80 = 87.8125
    assert result.score == Decimal("87.81")
    assert source_row(result, "daitou")["value"] == "92.50"
    assert any(r.get("note") == "not_rated" for r in result.breakdown)


def test_it_weights_daitou_items_with_their_weights():
    inputs = {
        "kind": "person",
        "rule": {**RULE, "weights": {"daitou": "100"}},
        "daitou": {
            "items": [
                {"id": 1, "code": "1", "name": "带头学习提高", "weight": "3"},
                {"id": 2, "code": "2", "name": "带头创新攻关", "weight": "1"},
            ],
            "ratings": [
                {"id": 1, "criterion": 1, "rating": "poor"},
                {"id": 2, "criterion": 2, "rating": "good"},
            ],
        },
        "tallies": {"democratic": [], "mass": []},
    }
    # (3 × 50 + 1 × 100) / 4 = 62.5
    assert scoring.compute(inputs).score == Decimal("62.50")


def test_it_maps_a_rating_missing_from_the_points_map_by_its_share_of_the_top():
    assert scoring.rating_points(3, [4, 3, 2, 1], {}) == Decimal(75)


def test_it_ranks_ties_with_the_same_rank_and_skips_the_next():
    ranks = scoring.rank(
        [
            ("a", "g", Decimal("90")),
            ("b", "g", Decimal("85")),
            ("c", "g", Decimal("85")),
            ("d", "g", Decimal("80")),
            ("e", "g", None),
            ("f", "h", Decimal("70")),
        ]
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None, "f": 1}


def test_it_gives_the_same_digest_to_equal_inputs_in_any_key_order():
    assert scoring.digest({"a": 1, "b": [1, 2]}) == scoring.digest(
        {"b": [1, 2], "a": 1}
    )
    assert scoring.digest({"a": 1}) != scoring.digest({"a": 2})


def test_it_reproduces_the_same_result_from_the_same_inputs():
    inputs = unit_inputs()
    first, second = scoring.compute(inputs), scoring.compute(inputs)
    assert (first.score, first.grade, first.breakdown) == (
        second.score,
        second.grade,
        second.breakdown,
    )
