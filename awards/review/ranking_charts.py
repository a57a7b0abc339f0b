"""Charts of the rankings pages (pure): scores in, accessible SVG out.

As :mod:`awards.screening.charts`: an ``<svg role="img">`` labelled by its ``<title>`` and
``<desc>``, every text escaped, the same numbers in a table on the page. Two shapes: scores on
the rubric's scale (an entry's normalised mean, a bar from the scale's lowest score), and
values around zero (an expert's leniency, bars left of the axis for harsher than the panel,
right for more lenient). Numbers are written by the caller's ``number`` function (the
reader's decimal sign).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from awards.screening.charts import LINE_HEIGHT, wrap

ROW = 20
GAP = 6
TOP = 28
LABEL_WIDTH = 84
RIGHT_PAD = 52

Number = Callable[[float], str]


@dataclass(frozen=True)
class ValueBar:
    """One labelled value; ``detail`` is the longer name read on hover (a ``<title>``)."""

    label: str
    value: float
    detail: str = ""


def _header(chart_id: str, title: str, description: str, width: int, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def scale_ticks(low: float, high: float) -> list[float]:
    """Whole-number ticks from ``low`` to ``high``: every score on a short scale, else about
    ten evenly spaced ones."""
    span = high - low
    if span <= 0:
        return [low]
    step = 1 if span <= 10 else max(1, math.ceil(span / 10))
    ticks = []
    value = low
    while value < high:
        ticks.append(value)
        value += step
    return [*ticks, high]


def symmetric_top(values: Sequence[float]) -> float:
    """The end of an axis around zero that holds ``values``: 0.5, 1, 2, 5, 10, 20..."""
    largest = max((abs(v) for v in values), default=0.0)
    top, factors = 0.5, itertools.cycle((2, 2, 2.5))  # 0.5 → 1 → 2 → 5 → 10 → 20 → 50
    while top < largest:
        top *= next(factors)
    return top


def score_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[ValueBar],
    *,
    low: float,
    high: float,
    number: Number,
    width: int = 720,
) -> Markup:
    """One bar per labelled score, from ``low`` to the score, on the scale ``low``–``high``."""
    plot = width - LABEL_WIDTH - RIGHT_PAD
    span = (high - low) or 1
    height = TOP + len(bars) * (ROW + GAP) + 4
    parts = [_header(chart_id, title, description, width, height)]
    for tick in scale_ticks(low, high):
        x = round(LABEL_WIDTH + plot * (tick - low) / span, 2)
        parts.append(
            f'<line class="chart-grid" x1="{x}" y1="{TOP - 6}" x2="{x}" y2="{height}"/>'
            f'<text class="chart-tick" x="{x}" y="{TOP - 10}" text-anchor="middle">'
            f"{escape(number(tick))}</text>"
        )
    for index, bar in enumerate(bars):
        y = TOP + index * (ROW + GAP)
        length = round(plot * (min(high, max(low, bar.value)) - low) / span, 2)
        shown = escape(number(bar.value))
        parts.append(
            f"<g><title>{escape(bar.detail or bar.label)}: {shown}</title>"
            f'<text class="chart-label" x="4" y="{y + ROW - 5}">{escape(bar.label)}</text>'
            f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{ROW}"/>'
            f'<text class="chart-value" x="{LABEL_WIDTH + length + 6}" y="{y + ROW - 5}">'
            f"{shown}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped


def leniency_chart(
    chart_id: str,
    title: str,
    description: str,
    bars: Sequence[ValueBar],
    *,
    number: Number,
    width: int = 720,
) -> Markup:
    """Bars around a zero axis, each label whole on its own rows above its bar."""
    top = symmetric_top([b.value for b in bars])
    half = (width - 2 * RIGHT_PAD) / 2
    centre = RIGHT_PAD + half
    labels = [wrap(b.label, 80) for b in bars]
    height = TOP + sum(len(lines) * LINE_HEIGHT + ROW + GAP for lines in labels) + 4
    parts = [_header(chart_id, title, description, width, height)]
    for tick in (-top, -top / 2, 0.0, top / 2, top):
        x = round(centre + half * tick / top, 2)
        parts.append(
            f'<line class="chart-grid{" chart-axis" if tick == 0 else ""}" x1="{x}" '
            f'y1="{TOP - 6}" x2="{x}" y2="{height}"/>'
            f'<text class="chart-tick" x="{x}" y="{TOP - 10}" text-anchor="middle">'
            f"{escape(number(tick))}</text>"
        )
    y = TOP
    for bar, lines in zip(bars, labels, strict=True):
        rows = "".join(
            f'<tspan x="4" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        bar_y = y + len(lines) * LINE_HEIGHT
        length = round(half * min(1.0, abs(bar.value) / top), 2)
        below = bar.value < 0
        x = round(centre - length, 2) if below else centre
        value_x = round(x - 6, 2) if below else round(centre + length + 6, 2)
        anchor = ' text-anchor="end"' if below else ""
        shown = escape(number(bar.value))
        parts.append(
            f"<g><title>{escape(bar.detail or bar.label)}: {shown}</title>"
            f'<text class="chart-label" x="4" y="{y + LINE_HEIGHT - 4}">{rows}</text>'
            f'<rect class="chart-bar{" chart-bar-below" if below else ""}" x="{x}" '
            f'y="{bar_y}" width="{length}" height="{ROW}"/>'
            f'<text class="chart-value" x="{value_x}" y="{bar_y + ROW - 5}"{anchor}>'
            f"{shown}</text></g>"
        )
        y = bar_y + ROW + GAP
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped
