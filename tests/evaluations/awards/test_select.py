"""Who the award proposal puts forward (evaluations/awards/select.py), no Django."""

from decimal import Decimal

from evaluations.awards.select import (
    WINNING_GRADES,
    Adjusted,
    Obstacles,
    Quota,
    Row,
    select,
)
from evaluations.models import Grade

BRANCHES = 1  # criteria set id of the party-branch title
MEMBERS = 2  # criteria set id of the party-member title


def branch(pk, score, *, grade="excellent", rank=None, category="c1", **fields):
    return Row(
        pk=pk,
        family="party",
        audience="unit",
        name=fields.pop("name", f"支部{pk}"),
        score=None if score is None else Decimal(score),
        grade=grade,
        rank=rank,
        category_key=category,
        unit_id=fields.pop("unit_id", 100 + pk),
        **fields,
    )


def member(pk, score, *, grade="good", **fields):
    return Row(
        pk=pk,
        family="party",
        audience="person",
        name=f"党员{pk}",
        score=Decimal(score),
        grade=grade,
        person_id=fields.pop("person_id", 500 + pk),
        **fields,
    )


def quota(count, category="", criteria_set_id=BRANCHES, audience="unit"):
    return Quota(
        criteria_set_id=criteria_set_id,
        family="party",
        audience=audience,
        count=count,
        category_key=category,
    )


def picked(picks):
    """(row pk, selected) of each pick, in order."""
    return [(p.row.pk, p.selected) for p in picks]


def test_it_picks_nobody_without_quotas():
    assert select([], [branch(1, "95")]) == []


def test_it_picks_nobody_from_an_empty_snapshot():
    assert select([quota(3)], []) == []


def test_it_fills_a_quota_with_the_best_scores():
    rows = [branch(1, "80"), branch(2, "95"), branch(3, "90"), branch(4, "85")]

    picks = select([quota(2)], rows)

    assert picked(picks) == [(2, True), (3, True)]
    assert all(p.exclusions == [] for p in picks)
    assert {p.quota.criteria_set_id for p in picks} == {BRANCHES}


def test_it_picks_fewer_when_the_pool_is_smaller_than_the_quota():
    picks = select([quota(5)], [branch(1, "90"), branch(2, "85")])

    assert picked(picks) == [(1, True), (2, True)]


def test_it_never_picks_a_row_without_a_score():
    picks = select([quota(2)], [branch(1, None), branch(2, "70", grade="good")])

    assert picked(picks) == [(2, True)]


def test_it_orders_a_category_quota_by_rank_before_score():
    rows = [
        branch(1, "99", rank=None),  # no rank: last
        branch(2, "80", rank=2),
        branch(3, "90", rank=1),
        branch(4, "99", rank=1, category="c2"),  # another category
    ]

    picks = select([quota(3, category="c1")], rows)

    assert picked(picks) == [(3, True), (2, True), (1, True)]


def test_it_breaks_a_tie_across_categories_by_rank_then_name_then_row():
    rows = [
        branch(1, "90", rank=2, name="二"),
        branch(2, "90", rank=1, name="二"),
        branch(3, "90", rank=2, name="一"),
        branch(4, "90", rank=2, name="二"),
    ]

    picks = select([quota(4)], rows)

    # rank 1 first; among rank 2, by name (一 before 二, by code point), then by row id.
    assert picked(picks) == [(2, True), (3, True), (1, True), (4, True)]


def test_it_breaks_a_tie_in_rank_within_a_category_by_score_then_name():
    rows = [
        branch(1, "88", rank=1, name="二"),
        branch(2, "90", rank=1, name="二"),
        branch(3, "88", rank=1, name="一"),
    ]

    picks = select([quota(3, category="c1")], rows)

    assert picked(picks) == [(2, True), (3, True), (1, True)]


def test_it_excludes_a_vetoed_row_with_each_veto_line_and_takes_the_next():
    rows = [branch(1, "95", vetoed=True, grade="average"), branch(2, "90")]
    obstacles = Obstacles(veto_lines={1: ["违反廉洁纪律", "发生安全事故"]})

    picks = select([quota(1)], rows, obstacles=obstacles)

    assert picked(picks) == [(1, False), (2, True)]
    # A vetoed row is not also excluded for the grade the veto capped.
    assert picks[0].exclusions == [
        {"code": "veto", "detail": "违反廉洁纪律"},
        {"code": "veto", "detail": "发生安全事故"},
    ]


def test_it_gives_a_veto_without_known_lines_an_empty_detail():
    picks = select([quota(1)], [branch(1, "95", vetoed=True)])

    assert picks[0].exclusions == [{"code": "veto", "detail": ""}]


def test_it_excludes_a_unit_with_open_rectification_citing_each_item():
    rows = [branch(1, "95"), branch(2, "90")]
    obstacles = Obstacles(
        open_units={101},
        unit_items={101: ["台账不全 (2025-06-30)", "会议记录缺失 (2025-07-15)"]},
    )

    picks = select([quota(1)], rows, obstacles=obstacles)

    assert picked(picks) == [(1, False), (2, True)]
    assert picks[0].exclusions == [
        {"code": "rectification", "detail": "台账不全 (2025-06-30)"},
        {"code": "rectification", "detail": "会议记录缺失 (2025-07-15)"},
    ]


def test_it_excludes_a_unit_with_open_rectification_even_without_items():
    obstacles = Obstacles(open_units={101})

    picks = select([quota(1)], [branch(1, "95")], obstacles=obstacles)

    assert picks[0].exclusions == [{"code": "rectification", "detail": ""}]


def test_it_excludes_a_person_who_owns_open_rectification_items():
    rows = [member(1, "95"), member(2, "90")]
    obstacles = Obstacles(owner_items={501: ["整改报告未交 (2025-06-30)"]})

    picks = select(
        [quota(1, criteria_set_id=MEMBERS, audience="person")],
        rows,
        obstacles=obstacles,
    )

    assert picked(picks) == [(1, False), (2, True)]
    assert picks[0].exclusions == [
        {"code": "rectification", "detail": "整改报告未交 (2025-06-30)"}
    ]


def test_it_excludes_a_grade_below_good_with_the_grade():
    rows = [
        branch(1, "95", grade="average"),
        branch(2, "94", grade=None),
        branch(3, "90", grade="good"),
    ]

    picks = select([quota(1)], rows)

    assert picked(picks) == [(1, False), (2, False), (3, True)]
    assert picks[0].exclusions == [{"code": "grade", "detail": "average"}]
    assert picks[1].exclusions == [{"code": "grade", "detail": ""}]


def test_it_lists_every_reason_of_a_row_barred_twice():
    obstacles = Obstacles(
        veto_lines={1: ["违反廉洁纪律"]},
        open_units={101},
        unit_items={101: ["台账不全 (2025-06-30)"]},
    )

    picks = select([quota(1)], [branch(1, "95", vetoed=True)], obstacles=obstacles)

    assert [r["code"] for r in picks[0].exclusions] == ["veto", "rectification"]


def test_it_stops_once_the_quota_is_full_and_records_no_later_exclusions():
    rows = [
        branch(1, "95", grade="poor"),
        branch(2, "90"),
        branch(3, "85"),
        branch(4, "80", grade="poor"),  # below the last winner: never reached
    ]

    picks = select([quota(2)], rows)

    assert picked(picks) == [(1, False), (2, True), (3, True)]


def test_it_keeps_each_title_to_its_own_rows():
    rows = [branch(1, "90"), member(2, "99"), member(3, "80")]
    other_family = Row(
        pk=4,
        family="union",
        audience="unit",
        name="工会",
        score=Decimal("100"),
        grade="excellent",
        unit_id=104,
    )

    picks = select(
        [quota(5), quota(5, criteria_set_id=MEMBERS, audience="person")],
        [*rows, other_family],
    )

    assert [(p.quota.criteria_set_id, p.row.pk) for p in picks] == [
        (BRANCHES, 1),
        (MEMBERS, 2),
        (MEMBERS, 3),
    ]


def test_it_fills_each_category_quota_from_its_own_category():
    rows = [
        branch(1, "95", rank=1, category="c1"),
        branch(2, "90", rank=2, category="c1"),
        branch(3, "85", rank=1, category="c2"),
    ]

    picks = select([quota(1, category="c1"), quota(1, category="c2")], rows)

    assert [(p.quota.category_key, p.row.pk) for p in picks] == [("c1", 1), ("c2", 3)]


def test_it_skips_the_subjects_the_office_adjusted_for_the_title():
    rows = [branch(1, "95"), branch(2, "90"), branch(3, "85")]
    removed = Adjusted(criteria_set_id=BRANCHES, unit_id=101, selected=False)

    picks = select([quota(2)], rows, adjusted=[removed])

    # The removed unit is not proposed again and takes no slot.
    assert picked(picks) == [(2, True), (3, True)]


def test_it_counts_the_offices_selected_rows_towards_the_quota():
    rows = [branch(1, "95"), branch(2, "90"), branch(3, "85")]
    added = Adjusted(criteria_set_id=BRANCHES, unit_id=999, selected=True)

    picks = select([quota(2)], rows, adjusted=[added])

    assert picked(picks) == [(1, True)]


def test_it_proposes_nobody_when_the_office_filled_the_quota():
    adjusted = [
        Adjusted(criteria_set_id=BRANCHES, unit_id=900 + i, selected=True)
        for i in range(2)
    ]

    assert select([quota(2)], [branch(1, "95")], adjusted=adjusted) == []


def test_it_counts_the_offices_rows_only_for_their_title_and_category():
    rows = [branch(1, "95", rank=1), branch(2, "90", rank=2)]
    adjusted = [
        Adjusted(criteria_set_id=MEMBERS, person_id=7, selected=True),
        Adjusted(criteria_set_id=BRANCHES, unit_id=8, category_key="c2", selected=True),
    ]

    picks = select([quota(2, category="c1")], rows, adjusted=adjusted)

    assert picked(picks) == [(1, True), (2, True)]


def test_it_proposes_a_subject_the_office_adjusted_for_another_title():
    adjusted = [Adjusted(criteria_set_id=MEMBERS, unit_id=101, selected=True)]

    picks = select([quota(1)], [branch(1, "95")], adjusted=adjusted)

    assert picked(picks) == [(1, True)]


def test_it_gives_the_same_picks_for_the_same_inputs():
    rows = [
        branch(i, str(80 + i % 7), grade=("good", "poor")[i % 3 == 0])
        for i in range(1, 30)
    ]
    obstacles = Obstacles(open_units={105, 111})

    first = select([quota(6), quota(2, category="c1")], rows, obstacles=obstacles)
    again = select([quota(6), quota(2, category="c1")], rows, obstacles=obstacles)

    assert first == again
    assert sum(p.selected for p in first) == 8


def test_it_lets_good_and_better_win():
    assert WINNING_GRADES == {Grade.EXCELLENT, Grade.GOOD}
