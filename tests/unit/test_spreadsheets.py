"""The generic spreadsheet files: formula neutralising, CSV quoting, XLSX read back by openpyxl."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from awards.spreadsheets import (
    Sheet,
    csv_line,
    neutralise,
    neutralise_text,
    sheet_names,
    write_workbook,
    write_xlsx,
)


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


FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_every_formula_start_is_neutralised_once(text):
    assert neutralise_text(text) == "'" + text
    assert neutralise_text(neutralise_text(text)) == "'" + text


def _read_xlsx(columns, rows):
    stream = io.BytesIO()
    write_xlsx(stream, "Sheet", columns, rows)
    return list(load_workbook(io.BytesIO(stream.getvalue())).active.iter_rows(values_only=True))


def test_xlsx_neutralises_every_formula_start_in_headers_and_cells():
    values = _read_xlsx(["=title", "plain", "c", "d", "e", "f"], [FORMULAS])
    assert values[0] == ("'=title", "plain", "c", "d", "e", "f")
    # An XML parser reads a raw carriage return as a line feed; the apostrophe stays first.
    assert values[1] == tuple("'" + text.replace("\r", "\n") for text in FORMULAS)


def test_xlsx_reads_back_the_same_values():
    rows = [
        ["عربي 中文 Русский", 'say "hi" <b>&amp;</b>', 2.5, -3, False],
        ["line one\nline two", "", 0, 10**12, True],
    ]
    values = _read_xlsx(["a", "b", "c", "d", "e"], rows)
    assert values[1] == tuple(rows[0])
    assert values[2] == ("line one\nline two", None, 0, 10**12, True)


def test_xlsx_drops_characters_xml_forbids_and_caps_long_cells():
    values = _read_xlsx(["a", "b"], [["bell\x07 and nul\x00", "x" * 40_000]])
    assert values[1] == ("bell and nul", "x" * 32_767)


@pytest.mark.parametrize(
    ("cells", "read_back"),
    [
        (["plain", "two words"], ["plain", "two words"]),
        (['say "hello"', "a, b"], ['say "hello"', "a, b"]),
        (["line one\nline two", "tab\tin"], ["line one\nline two", "tab\tin"]),
        (["=HYPERLINK(1)", "+1", "-2", "@sum"], ["'=HYPERLINK(1)", "'+1", "'-2", "'@sum"]),
        ([None, 7, True, False], ["", "7", "yes", "no"]),
        (
            [date(2021, 2, 1), datetime(2021, 2, 1, 22, 0, tzinfo=UTC)],
            ["2021-02-01", "2021-02-01 22:00:00"],
        ),
        (["عربي", "中文", "Русский"], ["عربي", "中文", "Русский"]),
    ],
)
def test_any_csv_reader_reads_back_the_cells(cells, read_back):
    line = csv_line(cells)
    assert line.endswith("\r\n")
    assert next(csv.reader(io.StringIO(line, newline=""))) == read_back


def test_a_workbook_of_several_sheets_opens_with_each_sheet_in_order():
    stream = io.BytesIO()
    write_workbook(
        stream,
        [
            Sheet('1. Governance: the role [of] "authorities"', ["Rank", "Title"], [[1, "=A"]]),
            Sheet("Experts", ["Name"], [["Ana"], ["Bo"]]),
            Sheet("experts", ["Name"], []),
        ],
    )
    book = load_workbook(io.BytesIO(stream.getvalue()))
    assert book.sheetnames == ['1. Governance  the role  of  "a', "Experts", "experts (2)"]
    first, second, third = book.worksheets
    assert list(first.iter_rows(values_only=True)) == [("Rank", "Title"), (1, "'=A")]
    assert list(second.iter_rows(values_only=True)) == [("Name",), ("Ana",), ("Bo",)]
    assert list(third.iter_rows(values_only=True)) == [("Name",)]


@pytest.mark.parametrize(
    ("titles", "names"),
    [
        (["A", "a", "A"], ["A", "a (2)", "A (3)"]),
        (["", "x" * 40], ["Sheet1", "x" * 31]),
        (["x" * 40, "x" * 35], ["x" * 31, "x" * 27 + " (2)"]),
    ],
)
def test_sheet_names_are_short_and_unique_ignoring_case(titles, names):
    assert sheet_names(titles) == names
