"""The rankings' charts: bars where the numbers put them, labels escaped, valid SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from awards.review.ranking_charts import (
    LABEL_WIDTH,
    RIGHT_PAD,
    ValueBar,
    leniency_chart,
    scale_ticks,
    score_chart,
    symmetric_top,
)

SVG = "{http://www.w3.org/2000/svg}"


def number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _rects(markup: str) -> list[dict[str, float]]:
    root = ET.fromstring(markup)  # noqa: S314 - our own output
    return [
        {k: float(v) for k, v in rect.attrib.items() if k in ("x", "width")}
        for rect in root.iter(f"{SVG}rect")
    ]


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (1, 10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        (0, 5, [0, 1, 2, 3, 4, 5]),
        (0, 100, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]),
        (1, 25, [1, 4, 7, 10, 13, 16, 19, 22, 25]),
    ],
)
def test_scale_ticks(low, high, ticks):
    assert scale_ticks(low, high) == ticks


@pytest.mark.parametrize(
    ("values", "top"),
    [([], 0.5), ([0.2, -0.4], 0.5), ([0.7], 1), ([-1.5], 2), ([3], 5), ([-7], 10), ([12], 20)],
)
def test_symmetric_top(values, top):
    assert symmetric_top(values) == top


def test_score_bars_run_from_the_lowest_score_of_the_scale():
    bars = [ValueBar("No. 1", 10), ValueBar("No. 2", 5.5), ValueBar("No. 3", 1), ValueBar("x", 12)]
    markup = score_chart("c", "Title", "Desc", bars, low=1, high=10, number=number, width=720)
    plot = 720 - LABEL_WIDTH - RIGHT_PAD
    widths = [r["width"] for r in _rects(markup)]
    assert widths == pytest.approx([plot, plot / 2, 0, plot])  # beyond the scale: clamped
    assert "5,50" in markup


def test_leniency_bars_go_left_for_harsher_and_right_for_more_lenient_experts():
    bars = [ValueBar("Lenient", 1.0), ValueBar("Harsh", -2.0), ValueBar("Average", 0.0)]
    markup = leniency_chart("l", "Leniency", "Desc", bars, number=number, width=720)
    centre = 720 / 2
    lenient, harsh, average = _rects(markup)
    assert lenient["x"] == centre
    assert lenient["width"] == pytest.approx((centre - RIGHT_PAD) / 2)
    assert harsh["x"] + harsh["width"] == pytest.approx(centre)
    assert harsh["width"] == pytest.approx(centre - RIGHT_PAD)
    assert average["width"] == 0
    assert "-2,00" in markup


def test_chart_text_is_escaped_and_labelled():
    bars = [ValueBar("<script>", 3, detail='Title "A" & <b>')]
    for markup in (
        score_chart("c", "T <1>", "D & E", bars, low=1, high=10, number=number),
        leniency_chart("c", "T <1>", "D & E", bars, number=number),
    ):
        assert "<script>" not in markup
        assert "&lt;b&gt;" in markup
        root = ET.fromstring(str(markup))  # noqa: S314 - our own output
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == "c-title c-desc"
        assert root.find(f"{SVG}title").text == "T <1>"
