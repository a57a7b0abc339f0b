"""Charts: nice scales, proportional bars, accessible escaped SVG, periods, suppression."""

from __future__ import annotations

import re
from datetime import date

import pytest

from awards.screening.charts import (
    Bar,
    bar_chart,
    choose_period,
    column_chart,
    count_by,
    nice_ceiling,
    per_period,
    scaled,
    suppress_small,
    ticks,
)


@pytest.mark.parametrize(
    ("value", "nice"),
    [
        (0, 1),
        (1, 1),
        (2, 2),
        (3, 5),
        (7, 10),
        (10, 10),
        (11, 20),
        (37, 50),
        (130, 200),
        (500, 500),
        (501, 1000),
        (1300, 2000),
    ],
)
def test_nice_ceiling(value, nice):
    assert nice_ceiling(value) == nice


@pytest.mark.parametrize(
    ("maximum", "expected"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3, 4, 5]),
        (7, [0, 2, 4, 6, 8, 10]),
        (37, [0, 10, 20, 30, 40, 50]),
        (130, [0, 50, 100, 150, 200]),
    ],
)
def test_ticks_run_from_zero_to_the_nice_ceiling(maximum, expected):
    assert ticks(maximum) == expected


@pytest.mark.parametrize(
    ("value", "maximum", "length", "expected"),
    [
        (0, 10, 400, 0.0),
        (5, 10, 400, 200.0),
        (10, 10, 400, 400.0),
        (37, 37, 500, 370.0),
        (-3, 10, 400, 0.0),
    ],
)
def test_bars_are_proportional_to_the_nice_scale(value, maximum, length, expected):
    assert scaled(value, maximum, length) == expected


def _bar_widths(svg: str) -> list[float]:
    return [float(w) for w in re.findall(r'class="chart-bar"[^>]*width="([\d.]+)"', svg)]


def test_bar_chart_is_accessible_and_proportional():
    svg = str(
        bar_chart(
            "c1",
            "Entries per region",
            "Africa: 40; Europe: 20",
            [Bar("Africa", 40), Bar("Europe", 20), Bar("CIS", 0)],
        )
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Entries per region</title>' in svg
    assert '<desc id="c1-desc">Africa: 40; Europe: 20</desc>' in svg
    widths = _bar_widths(svg)
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0
    assert "<script" not in svg
    assert "style=" not in svg


def test_chart_text_is_escaped():
    svg = str(bar_chart("x", "<b>t</b>", "d & e", [Bar('<script>alert("x")</script>', 1)]))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;t&lt;/b&gt;" in svg
    assert "d &amp; e" in svg


def _label_text(svg: str) -> str:
    return " ".join(re.findall(r'<tspan class="chart-label-line"[^>]*>([^<]*)</tspan>', svg))


def test_long_labels_are_whole_in_the_picture_on_rows_of_their_own():
    label = (
        "C7. ICT applications: benefits in all aspects of life — E-environment, "
        "E-agriculture, E-science and the role of governments and all stakeholders"
    )
    svg = str(bar_chart("x", "t", "d", [Bar(label, 3), Bar("Short", 1)]))
    assert f"<title>{label}: 3</title>" in svg
    assert "…" not in svg
    assert _label_text(svg) == f"{label} Short"
    # Each label sits above its bar, starting at the left edge: nothing is cut by the axis.
    first_label_y = float(re.search(r'class="chart-label"[^>]* y="([\d.]+)"', svg).group(1))
    first_bar_y = float(re.search(r'class="chart-bar"[^>]* y="([\d.]+)"', svg).group(1))
    assert first_label_y < first_bar_y


def test_charts_take_the_page_width():
    for svg in (
        str(bar_chart("x", "t", "d", [Bar("a", 1)])),
        str(column_chart("y", "t", "d", [Bar("2021-01-01", 1)])),
    ):
        assert 'width="100%"' in svg
        assert re.search(r'viewBox="0 0 \d+ \d+"', svg)


def test_a_day_chart_of_small_counts_scales_to_them():
    svg = str(column_chart("t", "Per day", "d", [Bar("2021-01-01", 3), Bar("2021-01-02", 1)]))
    ticks_shown = [
        int(t) for t in re.findall(r'class="chart-tick"[^>]*text-anchor="end">(\d+)<', svg)
    ]
    assert max(ticks_shown) == 3
    heights = [float(h) for h in re.findall(r'class="chart-bar"[^>]*height="([\d.]+)"', svg)]
    assert heights[0] > 100  # the tallest column fills the plot, not a line at the bottom


def test_empty_chart_still_renders():
    svg = str(bar_chart("x", "t", "No data", []))
    assert "<title" in svg
    assert _bar_widths(svg) == []
    assert 'role="img"' in str(column_chart("y", "t", "No data", []))


def test_column_chart_heights_are_proportional():
    svg = str(column_chart("t", "Per day", "d", [Bar("2021-01-01", 4), Bar("2021-01-02", 2)]))
    heights = [float(h) for h in re.findall(r'class="chart-bar"[^>]*height="([\d.]+)"', svg)]
    assert heights[0] == pytest.approx(2 * heights[1])


def test_count_by_keeps_order_and_zeros_then_others_by_count():
    rows = count_by(
        ["Europe", "Africa", "Africa", None, "Mars", "Mars", "Mars"],
        order=["Africa", "CIS", "Europe"],
    )
    assert rows == [("Africa", 2), ("CIS", 0), ("Europe", 1), ("Mars", 3), ("", 1)]


def test_per_day_fills_gaps():
    days = [date(2021, 1, 1), date(2021, 1, 3), date(2021, 1, 3)]
    assert per_period(days) == [(date(2021, 1, 1), 1), (date(2021, 1, 2), 0), (date(2021, 1, 3), 2)]


def test_per_week_groups_by_monday():
    days = [date(2021, 1, 4), date(2021, 1, 10), date(2021, 1, 25)]
    assert per_period(days, "week") == [
        (date(2021, 1, 4), 2),
        (date(2021, 1, 11), 0),
        (date(2021, 1, 18), 0),
        (date(2021, 1, 25), 1),
    ]
    assert per_period([], "week") == []


@pytest.mark.parametrize(
    ("first", "last", "period"),
    [
        (None, None, "day"),
        (date(2021, 1, 1), date(2021, 2, 1), "day"),
        (date(2020, 11, 5), date(2021, 2, 1), "week"),
    ],
)
def test_choose_period(first, last, period):
    assert choose_period(first, last) == period


def test_groups_under_five_are_suppressed():
    assert suppress_small({"female": 12, "male": 4, "other": 0, "undisclosed": 5}) == [
        ("female", 12),
        ("male", None),
        ("other", 0),
        ("undisclosed", 5),
    ]
