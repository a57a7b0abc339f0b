"""Showing contest instants to people: deadlines in two zones, remaining time, phase labels.

Pure functions: the locale and the zones are passed in (templates reach them through the
``deadline`` filter registered by :mod:`awards.contest.views`). Dates are written with babel's
CLDR data; plain English ("en") uses the British day-month order, as ITU's calls do.

One way per language, everywhere (pages and e-mails): a day is Babel's *long* date
(``format_day``: "1 February 2021", "1 de febrero de 2021"); an instant adds a 24-hour time
(``format_date_time``) and, alone on a page, the zone's name (``format_moment``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton, get_datetime_format, get_timezone_name
from babel.lists import format_list
from babel.units import format_unit
from flask_babel import lazy_gettext as _l

from awards.contest.rules import Phase

GENEVA_ZONES = frozenset({"Europe/Zurich"})
UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Universal", "Zulu"})

PHASE_LABELS = {
    Phase.NOT_OPEN: _l("Not open yet"),
    Phase.SUBMISSION: _l("Submission of projects"),
    Phase.NOMINATION: _l("Nomination by the Expert Group"),
    Phase.VOTING: _l("Public online voting"),
    Phase.SELECTION: _l("Selection of the winners"),
    Phase.BETWEEN: _l("Between phases"),
    Phase.CEREMONY: _l("Prize ceremony and results"),
    Phase.CLOSED: _l("Closed"),
}

MILESTONE_LABELS = {
    "submission_opens": _l("Submission opens"),
    "submission_closes": _l("Submission deadline"),
    "nomination_opens": _l("Nomination opens"),
    "nomination_closes": _l("Nomination closes"),
    "voting_opens": _l("Public voting opens"),
    "voting_closes": _l("Public voting closes"),
    "selection_opens": _l("Selection opens"),
    "selection_closes": _l("Selection closes"),
    "ceremony_at": _l("Prize ceremony"),
    "closes_at": _l("Edition archived"),
}

_UNITS = (
    ("duration-day", 86400),
    ("duration-hour", 3600),
    ("duration-minute", 60),
    ("duration-second", 1),
)


def _babel_locale(locale: str) -> str:
    return "en_GB" if locale in {"en", "en_US"} else locale


def zone_label(zone: str, locale: str) -> str:
    """A reader's name for ``zone``: "Geneva time", "UTC", else babel's generic zone name."""
    if zone in GENEVA_ZONES:
        return str(_l("Geneva time"))
    if zone in UTC_ZONES:
        return "UTC"
    return get_timezone_name(ZoneInfo(zone), locale=_babel_locale(locale), zone_variant="generic")


def format_day(day: date, locale: str) -> str:
    """A calendar day the long way of ``locale``, e.g. "1 February 2021"."""
    return format_date(day, format="long", locale=_babel_locale(locale))


def format_date_time(at: datetime, zone: str, locale: str) -> str:
    """``at`` as a date and 24-hour time in ``zone``, e.g. "1 February 2021, 23:00"."""
    local = at.astimezone(ZoneInfo(zone))
    pattern = str(get_datetime_format("medium", locale=_babel_locale(locale)))
    day = format_day(local.date(), locale)
    return pattern.replace("{1}", day).replace("{0}", format_time(at, zone, locale))


def format_moment(at: datetime, zone: str, locale: str) -> str:
    """``at`` in ``zone`` with the zone's name: "1 February 2021, 23:00 Geneva time"."""
    if at.tzinfo is None:
        raise ValueError("at must be aware")
    return f"{format_date_time(at, zone, locale)} {zone_label(zone, locale)}"


def format_time(at: datetime, zone: str, locale: str) -> str:
    """``at`` as a 24-hour time in ``zone``, e.g. "23:00"."""
    return format_skeleton("Hm", at.astimezone(ZoneInfo(zone)), locale=_babel_locale(locale))


def format_deadline(at: datetime, edition_zone: str, viewer_zone: str | None, locale: str) -> str:
    """``at`` in the edition's zone, labelled, then the viewer's clock when it reads otherwise.

    "1 Feb 2021, 23:00 Geneva time (22:00 UTC)". The part in parentheses is left out when the
    viewer's clock shows the same time as the edition's; it carries the date too when the
    viewer's calendar day differs.
    """
    if at.tzinfo is None:
        raise ValueError("at must be aware")
    main = f"{format_date_time(at, edition_zone, locale)} {zone_label(edition_zone, locale)}"
    if not viewer_zone or viewer_zone == edition_zone:
        return main
    there = at.astimezone(ZoneInfo(edition_zone))
    here = at.astimezone(ZoneInfo(viewer_zone))
    if there.utcoffset() == here.utcoffset():
        return main
    if there.date() == here.date():
        other = format_time(at, viewer_zone, locale)
    else:
        other = format_date_time(at, viewer_zone, locale)
    return f"{main} ({other} {zone_label(viewer_zone, locale)})"


def format_remaining(delta: timedelta, locale: str) -> str:
    """Time left as its two largest units, e.g. "12 days and 3 hours"; "0 seconds" when past."""
    seconds = max(int(delta.total_seconds()), 0)
    loc = _babel_locale(locale)
    amounts: list[tuple[str, int]] = []
    for unit, size in _UNITS:
        amount, seconds = divmod(seconds, size)
        if amount or amounts:
            amounts.append((unit, amount))
    shown = [(unit, amount) for unit, amount in amounts[:2] if amount] or [("duration-second", 0)]
    parts = [format_unit(amount, unit, length="long", locale=loc) for unit, amount in shown]
    return format_list(parts, style="standard", locale=loc)


def to_local_input(at: datetime | None, zone: str) -> str:
    """``at`` as the value of an ``<input type="datetime-local">`` in ``zone``."""
    if at is None:
        return ""
    return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def from_local(value: datetime, zone: str) -> datetime:
    """Read a wall-clock time (naive) in ``zone`` as an aware UTC instant."""
    return value.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def is_known_zone(zone: str) -> bool:
    """Whether ``zone`` is an IANA time zone name this system knows."""
    try:
        ZoneInfo(zone)
    except (KeyError, ValueError):
        return False
    return True
