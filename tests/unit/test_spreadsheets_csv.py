import csv
import io
from datetime import UTC, date, datetime

import pytest

from awards.screening.exports import csv_line


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
