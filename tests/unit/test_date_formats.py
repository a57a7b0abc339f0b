"""One way of writing dates per language, from Babel's CLDR data, on every page and in e-mails."""

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from awards.contest.timefmt import format_day, format_moment

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: The organisers' screening pages still use Flask-Babel's own filters; they move to
#: ``|day`` / ``|moment`` with the screening work (another branch), then this set empties.
NOT_YET_CONVERTED = {"screening/detail.html"}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "1 February 2021"),
        ("fr", "1 février 2021"),
        ("es", "1 de febrero de 2021"),
        ("ar", "1 فبراير 2021"),
        ("zh", "2021年2月1日"),
        ("ru", "1 февраля 2021\u202fг."),
    ],
)
def test_a_day_is_written_the_long_way_of_each_language(locale: str, expected: str) -> None:
    assert format_day(date(2021, 2, 1), locale) == expected


@pytest.mark.parametrize(
    ("locale", "zone", "expected"),
    [
        ("en", "UTC", "1 February 2021, 22:00 UTC"),
        ("en", "Asia/Tokyo", "2 February 2021, 07:00 Japan Time"),
        ("fr", "Asia/Tokyo", "2 février 2021, 07:00 heure du Japon"),
        ("es", "UTC", "1 de febrero de 2021, 22:00 UTC"),
        ("ar", "Asia/Tokyo", "2 فبراير 2021، 07:00 توقيت اليابان"),
        ("zh", "Asia/Tokyo", "2021年2月2日 07:00 日本时间"),
        ("ru", "UTC", "1 февраля 2021\u202fг., 22:00 UTC"),
    ],
)
def test_a_moment_is_the_day_a_24_hour_time_and_the_zone(
    locale: str, zone: str, expected: str
) -> None:
    assert format_moment(datetime(2021, 2, 1, 22, 0, tzinfo=UTC), zone, locale) == expected


def test_a_moment_in_the_afternoon_never_reads_pm() -> None:
    text = format_moment(datetime(2026, 11, 16, 15, 5, tzinfo=UTC), "UTC", "en")
    assert text == "16 November 2026, 15:05 UTC"


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_moment(datetime(2021, 2, 1, 22, 0), "UTC", "en")  # noqa: DTZ001


def _display_uses(pattern: str) -> list[str]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.*")):
        if str(path.relative_to(TEMPLATES)) in NOT_YET_CONVERTED:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # A machine-readable datetime="..." attribute may carry ISO 8601; nothing shown may.
            shown = re.sub(r'datetime="\{\{[^}]*\}\}"', "", line)
            if re.search(pattern, shown):
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize(
    "pattern",
    [r"strftime", r"\.isoformat\(\)", r"\|\s*(datetimeformat|dateformat|timeformat)\b"],
)
def test_no_template_writes_a_date_its_own_way(pattern: str) -> None:
    assert _display_uses(pattern) == []
