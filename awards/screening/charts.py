"""Pure chart building: counts in, accessible SVG out (server-side, no script, no library).

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; pages
show the same numbers in a ``<table>`` next to it, so nothing depends on seeing the picture.
All text is escaped. Scales start at zero and end at a "nice" number (1, 2 or 5 times a power
of ten) so bars can be compared by eye.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup, escape

#: Groups smaller than this are never shown (privacy of self-declared gender).
SUPPRESS_BELOW = 5

BAR_HEIGHT = 22
BAR_GAP = 10
TOP = 28
RIGHT_PAD = 48
LEFT_PAD = 4
#: Labels sit on rows of their own above their bar, wrapped at about this many characters.
LINE_CHARS = 90
LINE_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    """One labelled value of a chart."""

    label: str
    value: int


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``value`` (1 for 0)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def ticks(maximum: int, count: int = 5) -> list[int]:
    """Evenly spaced whole-number ticks from 0 to ``nice_ceiling(maximum)`` inclusive."""
    top = nice_ceiling(maximum)
    step = max(1, nice_ceiling(top / count))
    while top % step:
        step -= 1
    return list(range(0, top + 1, step))


def scaled(value: int, maximum: int, length: float) -> float:
    """Length of a bar for ``value`` on a scale of ``length`` units for ``nice_ceiling(max)``."""
    if value <= 0:
        return 0.0
    return round(length * value / nice_ceiling(maximum), 2)


def wrap(label: str, width: int = LINE_CHARS) -> list[str]:
    """``label`` cut at spaces into lines of at most ``width`` characters (long words whole)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def column_top(maximum: int) -> int:
    """The top of a column chart's axis: the data's maximum for small counts, else "nice"."""
    return max(1, maximum) if maximum <= 10 else nice_ceiling(maximum)


def _header(chart_id: str, title: str, description: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    chart_id: str, title: str, description: str, bars: Sequence[Bar], *, width: int = 720
) -> Markup:
    """A horizontal bar chart: each label whole on its own rows, its bar below, its value after."""
    maximum = max((b.value for b in bars), default=0)
    plot = width - LEFT_PAD - RIGHT_PAD
    labels = [wrap(b.label) for b in bars]
    height = TOP + sum(len(lines) * LINE_HEIGHT + BAR_HEIGHT + BAR_GAP for lines in labels) + 4
    parts = _header(chart_id, title, description, width, height)
    for tick in ticks(maximum):
        x = LEFT_PAD + scaled(tick, maximum, plot)
        parts.append(
            f'<line class="chart-grid" x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{height}"/>'
            f'<text class="chart-tick" x="{x}" y="{TOP - 10}" text-anchor="middle">{tick}</text>'
        )
    y = TOP
    for bar, lines in zip(bars, labels, strict=True):
        length = scaled(bar.value, maximum, plot)
        rows = "".join(
            f'<tspan class="chart-label-line" x="{LEFT_PAD}" dy="{0 if i == 0 else LINE_HEIGHT}">'
            f"{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
        bar_y = y + len(lines) * LINE_HEIGHT
        parts.append(
            f"<g><title>{escape(bar.label)}: {bar.value}</title>"
            f'<text class="chart-label" x="{LEFT_PAD}" y="{y + LINE_HEIGHT - 4}">{rows}</text>'
            f'<rect class="chart-bar" x="{LEFT_PAD}" y="{bar_y}" width="{length}" '
            f'height="{BAR_HEIGHT}"/>'
            f'<text class="chart-value" x="{LEFT_PAD + length + 6}" '
            f'y="{bar_y + BAR_HEIGHT / 2 + 5}">'
            f"{bar.value}</text></g>"
        )
        y = bar_y + BAR_HEIGHT + BAR_GAP
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped


def column_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[Bar],
    *,
    width: int = 720,
    height: int = 240,
) -> Markup:
    """Vertical columns over time (labels are dates; every few are written below the axis)."""
    maximum = max((b.value for b in bars), default=0)
    left, bottom = 40, 36
    plot_h = height - TOP - bottom
    slot = (width - left - 8) / max(1, len(bars))
    parts = _header(chart_id, title, description, width, height)
    base = TOP + plot_h
    top = column_top(maximum)
    steps = range(0, top + 1) if top <= 10 else ticks(maximum)
    for tick in steps:
        y = round(base - plot_h * tick / top, 2)
        parts.append(
            f'<line class="chart-grid" x1="{left}" y1="{y}" x2="{width - 8}" y2="{y}"/>'
            f'<text class="chart-tick" x="{left - 6}" y="{y + 4}" text-anchor="end">{tick}</text>'
        )
    label_every = max(1, math.ceil(len(bars) / 8))
    for index, bar in enumerate(bars):
        h = round(plot_h * max(0, bar.value) / top, 2)
        x = round(left + index * slot + slot * 0.1, 2)
        parts.append(
            f"<g><title>{escape(bar.label)}: {bar.value}</title>"
            f'<rect class="chart-bar" x="{x}" y="{round(base - h, 2)}" '
            f'width="{round(slot * 0.8, 2)}" height="{h}"/></g>'
        )
        if index % label_every == 0:
            parts.append(
                f'<text class="chart-tick" x="{round(x + slot * 0.4, 2)}" y="{base + 18}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped


def count_by(values: Iterable[str | None], order: Sequence[str] = ()) -> list[tuple[str, int]]:
    """Counts of each value; ``order`` first (zeros kept), then the others by count, then name.

    ``None`` and empty values are counted under ``""`` (shown as "not given").
    """
    counts = Counter(value or "" for value in values)
    rows = [(key, counts.pop(key, 0)) for key in order]
    rows += sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return rows


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def per_period(days: Iterable[date], period: str = "day") -> list[tuple[date, int]]:
    """Counts per day (or per ISO week, keyed by its Monday), every gap filled with zero."""
    step = timedelta(days=7 if period == "week" else 1)
    keyed = Counter(week_start(d) if period == "week" else d for d in days)
    if not keyed:
        return []
    current, last = min(keyed), max(keyed)
    rows = []
    while current <= last:
        rows.append((current, keyed.get(current, 0)))
        current += step
    return rows


def choose_period(first: date | None, last: date | None, max_days: int = 62) -> str:
    """Per day for a short span, per week when the span is longer than ``max_days``."""
    if first is None or last is None or (last - first).days <= max_days:
        return "day"
    return "week"


def suppress_small(
    counts: Mapping[str, int], minimum: int = SUPPRESS_BELOW
) -> list[tuple[str, int | None]]:
    """Each group's count, or None for a group of 1..``minimum``-1 (shown as "fewer than 5").

    Empty groups stay 0. Pages must not print a total next to suppressed groups, which would
    let a reader subtract their way to the hidden number.
    """
    return [(key, None if 0 < value < minimum else value) for key, value in counts.items()]
