"""The live view's charts: counts in, accessible SVG and table rows out (pure).

Drawing is :mod:`awards.screening.charts` (one ``<svg role="img">`` with its title and
description; the page prints the same numbers in a table). Here: votes per hour or per day with
the empty ones filled in, and ballot completeness (voters by how many categories they voted in).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup

from awards.screening.charts import Bar, bar_chart, column_chart
from awards.voting.fraud_rules import hour_start

#: Up to this many hours, votes are shown per hour; beyond, per day.
HOURLY_UP_TO = 72


@dataclass(frozen=True)
class Chart:
    """A chart's id, heading, rows (label, value) and SVG."""

    id: str
    title: str
    rows: list[tuple[str, int]]
    svg: Markup


def filled_hours(counts: Mapping[int, int]) -> list[tuple[int, int]]:
    """(hour number, votes) from the first to the last hour with votes, empty hours as 0."""
    if not counts:
        return []
    return [(hour, counts.get(hour, 0)) for hour in range(min(counts), max(counts) + 1)]


def per_day(counts: Mapping[int, int], zone: str) -> list[tuple[date, int]]:
    """Votes per calendar day in ``zone``, empty days as 0."""
    days: Counter[date] = Counter()
    where = ZoneInfo(zone)
    for hour, votes in counts.items():
        days[hour_start(hour).astimezone(where).date()] += votes
    if not days:
        return []
    current, last, rows = min(days), max(days), []
    while current <= last:
        rows.append((current, days.get(current, 0)))
        current += timedelta(days=1)
    return rows


def over_time_rows(counts: Mapping[int, int], zone: str) -> tuple[str, list[tuple[str, int]]]:
    """("hour" or "day", labelled rows) of votes over time, in ``zone``."""
    hours = filled_hours(counts)
    if len(hours) <= HOURLY_UP_TO:
        where = ZoneInfo(zone)
        labelled = [(_hour_label(hour_start(h), where), n) for h, n in hours]
        return "hour", labelled
    return "day", [(day.isoformat(), n) for day, n in per_day(counts, zone)]


def _hour_label(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:00")


def completeness_rows(voters_by_count: Mapping[int, int], categories: int) -> list[tuple[str, int]]:
    """(number of categories, voters who voted in exactly that many) for 1..``categories``."""
    top = max([categories, *voters_by_count]) if voters_by_count else categories
    return [(str(n), voters_by_count.get(n, 0)) for n in range(1, top + 1)]


def describe(rows: Sequence[tuple[str, int]], empty: str) -> str:
    return "; ".join(f"{label}: {value}" for label, value in rows) or empty


def columns(chart_id: str, title: str, rows: list[tuple[str, int]], empty: str) -> Chart:
    """A column chart (over time, completeness)."""
    bars = [Bar(label, value) for label, value in rows]
    return Chart(chart_id, title, rows, column_chart(chart_id, title, describe(rows, empty), bars))


def bars(chart_id: str, title: str, rows: list[tuple[str, int]], empty: str) -> Chart:
    """A horizontal bar chart (per category, per nominee)."""
    drawn = [Bar(label, value) for label, value in rows]
    return Chart(chart_id, title, rows, bar_chart(chart_id, title, describe(rows, empty), drawn))
