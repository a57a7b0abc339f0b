"""Time zones as people read them: "GMT-03:00 Argentina (Buenos Aires) Time", west to east.

Names come from CLDR (Babel) in the reader's language; the value stays the IANA id.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import get_timezone_gmt, get_timezone_location

from awards.collation import sort_key


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zone for zone in available_timezones() if "/" in zone))


def _locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@lru_cache(maxsize=64)
def zone_labels(locale: str, now: datetime) -> tuple[tuple[str, str], ...]:
    """(IANA id, "offset  place") of every zone at ``now``, by offset then by name.

    Zones CLDR names alike (several cities of one country) get their IANA city added.
    """
    reader = _locale(locale)
    rows: list[tuple[float, str, str]] = []
    for zone in _zones():
        local = now.astimezone(ZoneInfo(zone))
        offset = local.utcoffset()
        seconds = offset.total_seconds() if offset is not None else 0.0
        place = get_timezone_location(zone, locale=reader)
        rows.append((seconds, zone, f"{get_timezone_gmt(local, locale=reader)} {place}"))
    counts: dict[str, int] = {}
    for _, _, label in rows:
        counts[label] = counts.get(label, 0) + 1
    key = sort_key(str(reader))
    labelled = [
        (seconds, zone, label if counts[label] == 1 else f"{label} · {_city(zone)}")
        for seconds, zone, label in rows
    ]
    labelled.sort(key=lambda row: (row[0], key(row[2])))
    return tuple((zone, label) for _, zone, label in labelled)


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")
