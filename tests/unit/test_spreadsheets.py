"""Spreadsheet formula injection is neutralised in exported cells."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from awards.screening.exports import neutralise, write_xlsx


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil","click")', '\'=HYPERLINK("http://evil","click")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain title", "Plain title"),
        ("A = B", "A = B"),
        ("", ""),
        (42, 42),
        (-5, -5),
        (None, None),
        (True, True),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_dates_are_left_alone():
    moment = datetime(2021, 1, 1, tzinfo=UTC)
    assert neutralise(moment) is moment


def test_xlsx_cells_keep_their_columns_around_empty_ones():
    """Cells carry no reference: an empty cell must still hold its place in the row."""
    import io

    from openpyxl import load_workbook

    stream = io.BytesIO()
    rows = [["a", "", None, "d", "", "f"], ["", "", "", "", "", "z"], ["only"] + [""] * 5]
    write_xlsx(stream, "Entries", ["1", "2", "3", "4", "5", "6"], rows)
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet["D2"].value == "d"
    assert sheet["F2"].value == "f"
    assert sheet["F3"].value == "z"
    assert sheet["A4"].value == "only"
    assert sheet.max_row == 4
    assert sheet.max_column == 6


def test_xlsx_writer_output_opens_with_openpyxl_with_types_kept():
    import io
    from datetime import date

    from openpyxl import load_workbook

    stream = io.BytesIO()
    rows = [
        [
            1,
            "=1+1",
            "a < b & c",
            datetime(2021, 1, 31, 14, 5, tzinfo=UTC),
            date(2020, 2, 29),
            True,
            None,
        ],
    ]
    write_xlsx(stream, "Entries [2021]", ["n", "f", "t", "when", "day", "yes", "empty"], rows)
    book = load_workbook(io.BytesIO(stream.getvalue()))
    sheet = book.active
    assert sheet.title == "Entries  2021 "
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("n", "f", "t", "when", "day", "yes", "empty")
    assert values[1][:3] == (1, "'=1+1", "a < b & c")
    written = values[1][3].replace(tzinfo=UTC)
    assert abs(written - datetime(2021, 1, 31, 14, 5, tzinfo=UTC)).total_seconds() < 0.001
    assert values[1][4].date() == date(2020, 2, 29)
    assert values[1][5] is True
    assert values[1][6] is None
    assert sheet["B2"].data_type != "f"
