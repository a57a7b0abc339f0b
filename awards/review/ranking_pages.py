"""What the rankings pages show, computed once: progress per category, charts, numbers.

The rankings themselves are :mod:`awards.review.rankings`; the drawing is
:mod:`awards.review.ranking_charts` (pure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel.numbers import get_decimal_symbol
from flask_babel import gettext
from markupsafe import Markup

from awards.contest.models import Category, Edition
from awards.review.ranking_charts import ValueBar, leniency_chart, score_chart
from awards.review.rankings import ExpertRow, RankingRow, edition_ranking
from awards.review.scoring import Scale

Number = Callable[[float], str]


def number_format(locale: str, *, signed: bool = False) -> Number:
    """Two decimals with the reader's decimal sign (Latin digits): 7.50, 7,50; ``signed``
    writes a plus sign before positive numbers (+0.40)."""
    symbol = get_decimal_symbol(locale or "en", numbering_system="latn")
    pattern = "{:+.2f}" if signed else "{:.2f}"

    def write(value: float) -> str:
        text = pattern.format(value) if round(value, 2) else "0.00"
        return text.replace(".", symbol) if symbol != "." else text

    return write


@dataclass(frozen=True)
class CategoryProgress:
    """One line of the overview: a category's entries and how far their reviews are."""

    category: Category
    entries: int
    reviews_done: int
    reviews_needed: int
    fully_reviewed: int
    flagged: int

    @property
    def share_done(self) -> int:
        """Per cent of the reviews needed that are submitted (100 when none are needed)."""
        if not self.reviews_needed:
            return 100
        return min(100, round(100 * self.reviews_done / self.reviews_needed))


def overview(edition: Edition) -> list[CategoryProgress]:
    """Every category of ``edition`` in number order, with its review progress."""
    per_entry = edition.reviews_per_entry
    ranked = edition_ranking(edition)
    return [
        CategoryProgress(
            category=category,
            entries=len(rows),
            reviews_done=sum(r.reviews for r in rows),
            reviews_needed=per_entry * len(rows),
            fully_reviewed=sum(1 for r in rows if r.reviews >= per_entry),
            flagged=sum(1 for r in rows if r.disagreement),
        )
        for category in sorted(edition.categories, key=lambda c: c.number)
        for rows in (ranked.get(category.id, []),)
    ]


def entry_label(row: RankingRow) -> str:
    """An entry's short name on a chart: its number."""
    return gettext("No. %(number)s", number=row.number)


@dataclass(frozen=True)
class Chart:
    """A chart and the same numbers as (label, value) rows for its table."""

    svg: Markup
    rows: list[tuple[str, float]]


def ranking_chart(
    category: Category, rows: Sequence[RankingRow], scale: Scale, number: Number
) -> Chart:
    """Bars of the reviewed entries' normalised means, in rank order."""
    reviewed = [r for r in rows if r.reviews]
    title = gettext("Normalised mean of each reviewed entry")
    # Translated once, filled per entry: a category has a hundred.
    label = gettext("No. %(number)s")
    sentence = gettext("%(entry)s, rank %(rank)s: %(score)s")
    labels = [label % {"number": r.number} for r in reviewed]
    description = "; ".join(
        sentence % {"entry": name, "rank": r.rank, "score": number(r.normalised)}
        for name, r in zip(labels, reviewed, strict=True)
    ) or gettext("No review submitted yet.")
    bars = [ValueBar(name, r.normalised, r.title) for name, r in zip(labels, reviewed, strict=True)]
    svg = score_chart(
        f"ranking-{category.number}",
        title,
        description,
        bars,
        low=scale.low,
        high=scale.high,
        number=number,
    )
    return Chart(svg, [(b.label, b.value) for b in bars])


def experts_chart(experts: Sequence[ExpertRow], number: Number) -> Markup:
    """Bars of each expert's leniency (experts with a submitted review only)."""
    scored = [e for e in experts if e.leniency is not None]
    title = gettext("Leniency of each expert")
    description = "; ".join(
        f"{e.name}: {number(e.leniency)}" for e in scored if e.leniency is not None
    ) or gettext("No review submitted yet.")
    bars = [ValueBar(e.name, e.leniency) for e in scored if e.leniency is not None]
    return leniency_chart("leniency", title, description, bars, number=number)
