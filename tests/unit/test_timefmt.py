"""Deadlines shown in the edition's zone and the viewer's; remaining time in words."""

from datetime import UTC, datetime, timedelta

import pytest

from awards.contest.timefmt import (
    format_deadline,
    format_remaining,
    from_local,
    to_local_input,
    zone_label,
)

GENEVA = "Europe/Zurich"


@pytest.mark.parametrize(
    ("at", "viewer", "locale", "expected"),
    [
        # Winter (CET, UTC+1): the 2021 submission deadline.
        (
            datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
            "UTC",
            "en",
            "1 February 2021, 23:00 Geneva time (22:00 UTC)",
        ),
        # Summer (CEST, UTC+2): the end of voting, after the clocks went forward on 28 March.
        (
            datetime(2021, 3, 31, 21, 0, tzinfo=UTC),
            "UTC",
            "en",
            "31 March 2021, 23:00 Geneva time (21:00 UTC)",
        ),
        # The night the clocks go forward: 01:30 UTC is 03:30 in Geneva, not 02:30.
        (
            datetime(2021, 3, 28, 1, 30, tzinfo=UTC),
            "UTC",
            "en",
            "28 March 2021, 03:30 Geneva time (01:30 UTC)",
        ),
        # Autumn: the clocks go back on 31 October 2021.
        (
            datetime(2021, 11, 1, 22, 0, tzinfo=UTC),
            "UTC",
            "en",
            "1 November 2021, 23:00 Geneva time (22:00 UTC)",
        ),
        # A viewer whose calendar day differs sees the date too.
        (
            datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
            "Asia/Tokyo",
            "en",
            "1 February 2021, 23:00 Geneva time (2 February 2021, 07:00 Japan Time)",
        ),
        (
            datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
            "America/New_York",
            "en",
            "1 February 2021, 23:00 Geneva time (17:00 Eastern Time)",
        ),
        # Same zone, or a zone whose clock reads the same: no parentheses.
        (
            datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
            GENEVA,
            "en",
            "1 February 2021, 23:00 Geneva time",
        ),
        (
            datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
            "Europe/Paris",
            "en",
            "1 February 2021, 23:00 Geneva time",
        ),
        (datetime(2021, 2, 1, 22, 0, tzinfo=UTC), None, "en", "1 February 2021, 23:00 Geneva time"),
        # Spanish: babel's month names and zone names.
        (
            datetime(2021, 2, 1, 22, 0, tzinfo=UTC),
            "America/Bogota",
            "es",
            "1 de febrero de 2021, 23:00 Geneva time (17:00 hora de Colombia)",
        ),
    ],
)
def test_format_deadline(at, viewer, locale, expected):
    assert format_deadline(at, GENEVA, viewer, locale) == expected


def test_an_edition_in_another_zone_is_labelled_by_babel():
    at = datetime(2021, 2, 1, 22, 0, tzinfo=UTC)
    assert format_deadline(at, "America/New_York", "UTC", "en") == (
        "1 February 2021, 17:00 Eastern Time (22:00 UTC)"
    )


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="aware"):
        format_deadline(datetime(2021, 2, 1, 22, 0), GENEVA, "UTC", "en")  # noqa: DTZ001


@pytest.mark.parametrize(
    ("zone", "expected"),
    [(GENEVA, "Geneva time"), ("UTC", "UTC"), ("Etc/UTC", "UTC"), ("Asia/Tokyo", "Japan Time")],
)
def test_zone_label(zone, expected):
    assert zone_label(zone, "en") == expected


@pytest.mark.parametrize(
    ("delta", "locale", "expected"),
    [
        (timedelta(days=12, hours=3, minutes=59), "en", "12 days and 3 hours"),
        (timedelta(days=12, minutes=5), "en", "12 days"),
        (timedelta(days=1, hours=1), "en", "1 day and 1 hour"),
        (timedelta(hours=5, minutes=7, seconds=3), "en", "5 hours and 7 minutes"),
        (timedelta(minutes=2, seconds=30), "en", "2 minutes and 30 seconds"),
        (timedelta(seconds=45), "en", "45 seconds"),
        (timedelta(0), "en", "0 seconds"),
        (timedelta(seconds=-30), "en", "0 seconds"),
        (timedelta(days=12, hours=3), "es", "12 días y 3 horas"),
        (timedelta(days=12, hours=3), "fr", "12\u00a0jours et 3\u00a0heures"),
    ],
)
def test_format_remaining(delta, locale, expected):
    assert format_remaining(delta, locale) == expected


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2021, 2, 1, 23, 0), datetime(2021, 2, 1, 22, 0, tzinfo=UTC)),  # noqa: DTZ001
        (datetime(2021, 5, 18, 13, 0), datetime(2021, 5, 18, 11, 0, tzinfo=UTC)),  # noqa: DTZ001
    ],
)
def test_local_input_round_trip(local, utc):
    assert from_local(local, GENEVA) == utc
    assert to_local_input(utc, GENEVA) == local.strftime("%Y-%m-%dT%H:%M")
