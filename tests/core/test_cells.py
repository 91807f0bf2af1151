"""One escape for every spreadsheet the project writes, undone by the import."""

import datetime

import pytest

from core.cells import cell_text, cell_value


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://e.vil","x")',
        "=cmd|' /C calc'!A0",
        "+86 10 1234",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "'=1",
        "'",
        "''",
        "普通文字",
        "a'=b",
        "",
    ],
)
def test_it_escapes_formulas_and_undoes_it_exactly(value):
    written = cell_value(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r", "'"):
        assert written == "'" + value
    else:
        assert written == value
    assert cell_text(written) == value


@pytest.mark.parametrize("value", [3, 2.5, datetime.date(2024, 1, 1), True])
def test_it_leaves_other_values_alone(value):
    assert cell_value(value) == value
    assert cell_text(value) == value


def test_it_writes_nothing_for_none():
    assert cell_value(None) == ""


def test_every_writer_uses_the_one_helper():
    from chuangxian.exports.builders import workbooks
    from organizations.roster import export

    assert workbooks.cell_value is cell_value
    assert export.cell_value is cell_value
