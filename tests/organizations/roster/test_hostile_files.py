"""Hostile roster files: bombs are refused or bounded before they cost a worker."""

import struct

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations import roster
from organizations.models import RosterImport
from organizations.roster import read as roster_read
from tests.organizations.roster.builders import (
    inline_cell,
    masses_row,
    preview,
    raw_xlsx,
    sheet_xml,
    upload,
    xlsx,
)

pytestmark = pytest.mark.usefixtures("english")

TOO_BIG = (
    "This workbook unpacks to far more than a roster can hold, so it was not read. "
    "Save the roster alone in a new workbook and upload that."
)


@pytest.fixture
def office(client, inst):
    client.force_login(inst.user("office"))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def no_parsing(monkeypatch):
    """Fails the test if the workbook's XML is parsed at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def dimension_bomb(rows: int = 2000) -> bytes:
    """The probe's bomb: a forged ``A1:XFD1048576`` dimension and identical rows that
    each reach column XFD, so a reader trusting either pads every row to 16 384
    cells (rows carry no ``r``: they zip to almost nothing)."""
    head = f"<row>{inline_cell('A1', '姓名')}{inline_cell('B1', '工号')}</row>"
    row = '<row><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><is><t>P1</t></is></c><c r="XFD9" t="inlineStr"><is><t>x</t></is></c></row>'
    return raw_xlsx(sheet_xml(head + row * rows, dimension="A1:XFD1048576"))


def test_it_reads_a_dimension_bomb_without_padding_its_rows(inst, monkeypatch):
    content = dimension_bomb()
    assert len(content) < 4096  # about the size of the probe's 1.9 KB file
    calls = []
    original = roster_read._cell

    def counting(value):
        calls.append(1)
        return original(value)

    monkeypatch.setattr(roster_read, "_cell", counting)
    people, _units = roster.roster_read(filename="bomb.xlsx", content=content)
    assert people.headers == ["姓名", "工号"]
    assert len(people.rows) == 2000
    # Every row stops at MAX_COLUMNS cells, not at the 16 384 the sheet claims.
    assert len(calls) <= 2001 * roster_read.MAX_COLUMNS


def test_it_refuses_a_shared_strings_bomb_before_parsing(inst, no_parsing):
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>{'A' * (roster_read.MAX_SHARED_STRINGS + 1)}</t></si></sst>"
    )
    rows = f"<row>{inline_cell('A1', '姓名')}{inline_cell('B1', '工号')}</row>"
    content = raw_xlsx(sheet_xml(rows), shared)
    assert len(content) < 100_000
    with pytest.raises(roster.RosterFileError) as error:
        roster.roster_read(filename="bomb.xlsx", content=content)
    assert error.value.messages == [TOO_BIG]


def test_it_refuses_a_workbook_unpacking_to_far_more_than_its_size(inst, no_parsing):
    padding = " " * (9 * 1024 * 1024)  # 9 MiB of blanks in a file of a few KB
    rows = f"<row>{inline_cell('A1', '姓名')}{inline_cell('B1', '工号')}</row>"
    content = raw_xlsx(sheet_xml(rows + padding))
    assert len(content) < 30_000
    with pytest.raises(roster.RosterFileError) as error:
        roster.roster_read(filename="bomb.xlsx", content=content)
    assert error.value.messages == [TOO_BIG]


def _declare_size(content: bytes, name: bytes, size: int) -> bytes:
    """The zip with ``name``'s declared unpacked size forged (local and central)."""
    data = bytearray(content)
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + length]) == name:
            struct.pack_into("<I", data, at + 24, size)
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
        at += 4
    return bytes(data)


def test_it_refuses_a_part_that_unpacks_to_more_than_it_declares(inst, no_parsing):
    rows = "".join(
        f"<row>{inline_cell(f'A{i}', '张三')}{inline_cell(f'B{i}', f'P{i}')}</row>"
        for i in range(1, 200)
    )
    content = _declare_size(raw_xlsx(sheet_xml(rows)), b"xl/worksheets/sheet1.xml", 100)
    with pytest.raises(roster.RosterFileError) as error:
        roster.roster_read(filename="lies.xlsx", content=content)
    assert error.value.messages == [
        "This file cannot be read as an Excel workbook (.xlsx). Save it from Excel "
        "as .xlsx and upload it again."
    ]


def test_it_refuses_a_bomb_in_the_upload_request_itself(
    office, inst, no_parsing, monkeypatch
):
    monkeypatch.setattr(roster_read, "MAX_SHARED_STRINGS", 1024 * 1024)
    shared = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>{'A' * (roster_read.MAX_SHARED_STRINGS + 1)}</t></si></sst>"
    )
    content = raw_xlsx(sheet_xml(""), shared)
    response = office.post(
        reverse("organizations:roster_upload"),
        {"file": SimpleUploadedFile("bomb.xlsx", content)},
    )
    assert response.status_code == 200
    assert TOO_BIG in response.content.decode()
    assert not RosterImport.objects.exists()


def test_it_reads_an_uploaded_bomb_in_the_worker_once(office, inst, monkeypatch):
    """The page never parses: the worker reads the file once and keeps the preview."""
    body = upload(office, dimension_bomb(50), "bomb.xlsx").content.decode()
    assert 'data-testid="roster-counts"' in body
    record = RosterImport.objects.get()
    assert record.rows.count() == 50

    def refuse(**kwargs):
        raise AssertionError("the preview parsed the file again")

    monkeypatch.setattr(roster_read, "_read_xlsx", refuse)
    url = reverse("organizations:roster_import", args=[record.pk])
    for query in ("", "?show=all", "?show=all&page=2", "?show=problems"):
        assert office.get(url + query).status_code == 200


def test_it_ignores_cells_beyond_the_last_column_it_reads(inst):
    wide = [*masses_row(inst), *[""] * 60, "远处的值"]
    result = preview(inst, xlsx([wide]))
    assert result.counts["created"] == 1
    assert result.ignored_columns == []
