"""Rosters as Chinese offices keep them: full-width forms, written dates, synonyms,
a title above the header and two-row merged headers."""

import datetime
import io

import pytest
from openpyxl import Workbook

from organizations import roster
from organizations.models import Person
from tests.organizations.roster.builders import (
    HEADERS,
    apply,
    csv_bytes,
    masses_row,
    person_row,
    preview,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("english")
PS = Person.PoliticalStatus


@pytest.mark.parametrize(
    "typed,read",
    [
        ("高　宇", "高宇"),
        ("高 宇", "高宇"),
        (" 高\u3000\u3000宇 ", "高宇"),
        ("ＧＡＯ　Ｙｕ", "GAO Yu"),
        ("Mary  Ann", "Mary Ann"),
    ],
)
def test_it_reads_names_in_one_form(typed, read):
    assert roster.normalise_name(typed) == read


@pytest.mark.parametrize(
    "typed,read", [("ＰＴ００００３", "PT00003"), ("PT 00003", "PT00003"), (7, "7")]
)
def test_it_reads_staff_numbers_in_one_form(typed, read):
    assert roster.normalise_staff_no(typed) == read


def test_it_matches_a_full_width_row_to_the_person_already_there(inst):
    apply(inst, xlsx([masses_row(inst, "高宇", "PT00003")]))
    result = preview(inst, xlsx([masses_row(inst, "高　宇", "ＰＴ００００３")]))
    assert result.counts == {**result.counts, "created": 0, "unchanged": 1}


def test_it_matches_a_stored_full_width_staff_number_and_tidies_it(inst):
    Person.objects.create(
        institute=inst.institute, name="高　宇", staff_no="ＰＴ００００３"
    )
    counts = apply(inst, xlsx([masses_row(inst, "高宇", "PT00003", 性别="")]))
    assert counts["created"] == 0
    assert counts["updated"] == 1
    person = Person.objects.get(institute=inst.institute, staff_no="PT00003")
    assert person.name == "高宇"


def test_it_sees_a_staff_number_repeated_in_another_width(inst):
    rows = [masses_row(inst, "甲", "PT1"), masses_row(inst, "乙", "ＰＴ１")]
    problems = [p for row in preview(inst, xlsx(rows)).people for p in row.problems]
    assert "工号: PT1 also appears in row 3." in problems


@pytest.mark.parametrize(
    "typed",
    [
        "2010年5月10日",
        "2010 年 5 月 10 日",
        "２０１０年５月１０日",
        "2010.5.10",
        "2010/5/10",
        "2010-05-10",
        "20100510",
    ],
)
def test_it_reads_the_date_forms_chinese_rosters_use(inst, typed):
    row = preview(inst, xlsx([person_row(inst, 入党日期=typed)])).people[0]
    assert row.problems == []
    assert row.values["party_joined_on"] == datetime.date(2010, 5, 10)


def test_it_reads_a_date_typed_as_a_number(inst):
    row = preview(inst, xlsx([person_row(inst, 入党日期=20100510)])).people[0]
    assert row.values["party_joined_on"] == datetime.date(2010, 5, 10)


@pytest.mark.parametrize(
    "typed,status",
    [
        ("预备党员", PS.PARTY_PROBATIONARY),
        ("党员", PS.PARTY_FULL),
        ("中国共产党党员", PS.PARTY_FULL),
        ("中共党员", PS.PARTY_FULL),
    ],
)
def test_it_reads_the_party_synonyms(inst, typed, status):
    row = preview(inst, xlsx([person_row(inst, 政治面貌=typed)])).people[0]
    assert row.problems == []
    assert row.values["political_status"] == status


@pytest.mark.parametrize(
    "typed,status", [("团员", PS.LEAGUE), ("九三学社社员", PS.OTHER_PARTY)]
)
def test_it_reads_the_other_synonyms(inst, typed, status):
    content = xlsx([person_row(inst, 支部="", 入党日期="", 政治面貌=typed)])
    row = preview(inst, content).people[0]
    assert row.problems == []
    assert row.values["political_status"] == status


def test_it_lists_the_accepted_values_without_follow_on_errors(inst):
    row = preview(inst, xlsx([person_row(inst, 政治面貌="党外人士")])).people[0]
    # A branch and a joining date are given: no "only party members may have …".
    assert row.problems == [
        "政治面貌: 党外人士 is not one of 中共党员、中共预备党员、共青团员、民主党派、群众."
    ]


def _book(rows, merges=()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "人员"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_it_finds_the_header_below_a_title_row(inst):
    content = _book(
        [
            ["某研究所职工花名册"],
            ["制表日期：2024年3月1日"],
            [],
            HEADERS,
            masses_row(inst),
        ],
        merges=["A1:I1"],
    )
    result = preview(inst, content)
    assert result.ok
    assert [(r.row, r.key) for r in result.people] == [(5, "N002")]


def test_it_finds_the_header_below_a_title_in_a_csv(inst):
    content = csv_bytes([HEADERS, masses_row(inst)], headers=["职工花名册"])
    result = preview(inst, content, "花名册.csv")
    assert [(r.row, r.key) for r in result.people] == [(3, "N002")]


def test_it_reads_a_two_row_merged_header(inst):
    top = ["姓名", "工号", "基本信息", None, "党员信息", None, None, "职务", "邮箱"]
    sub = [None, None, "性别", "部门", "支部", "政治面貌", "入党日期", None, None]
    content = _book(
        [["职工花名册"], top, sub, person_row(inst)],
        merges=["A2:A3", "B2:B3", "C2:D2", "E2:G2", "H2:H3", "I2:I3"],
    )
    result = preview(inst, content)
    assert result.ok, [r.problems for r in result.rows]
    assert result.ignored_columns == []
    row = result.people[0]
    assert row.row == 4
    assert row.values["branch"] == inst.branch
    assert row.values["party_joined_on"] == datetime.date(2001, 7, 1)


def test_it_reads_headers_with_spaces_inside(inst):
    headers = ["姓　名", "工 号", *HEADERS[2:]]
    assert preview(inst, xlsx([masses_row(inst)], headers=headers)).ok


def test_it_still_names_the_missing_column_when_no_header_is_found(inst):
    content = _book([["职工花名册"], ["姓名", "编号"], ["张三", "1"]])
    with pytest.raises(roster.RosterFileError) as error:
        preview(inst, content)
    assert "lacks the required column(s) 工号" in error.value.messages[0]
