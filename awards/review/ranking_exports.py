"""The rankings workbook for the organisers' decision meeting (XLSX).

One sheet per category (its number and name) with the ranking's columns and each review's
score and reviewer, then an "Experts" sheet with each expert's statistics. The file itself,
and the neutralising of formula-looking text, are :mod:`awards.spreadsheets`'.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext

from awards.contest.models import Edition
from awards.review.rankings import ExpertRow, RankingRow, edition_ranking, expert_statistics
from awards.spreadsheets import Cell, Sheet, write_workbook


def export_filename(edition: Edition) -> str:
    """``wsis-prizes-2021-rankings.xlsx``."""
    return f"wsis-prizes-{edition.year}-rankings.xlsx"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def ranking_columns(reviews: int) -> list[str]:
    """Column titles (translated) of a category's sheet with ``reviews`` review columns."""
    columns = [
        gettext("Rank"),
        gettext("Entry number"),
        gettext("Title"),
        gettext("Organisation"),
        gettext("Weighted mean"),
        gettext("Normalised mean"),
        gettext("Reviews"),
        gettext("Spread"),
        gettext("Reviewers disagree"),
    ]
    for n in range(1, reviews + 1):
        columns += [gettext("Reviewer %(n)s", n=n), gettext("Score %(n)s", n=n)]
    return columns


def ranking_cells(row: RankingRow, reviews: int) -> list[Cell]:
    """One entry's cells, matching :func:`ranking_columns` (blank means for no review)."""
    reviewed = row.reviews > 0
    cells: list[Cell] = [
        row.rank,
        row.number,
        row.title,
        row.entity_name,
        _round(row.mean) if reviewed else None,
        _round(row.normalised) if reviewed else None,
        row.reviews,
        _round(row.spread) if reviewed else None,
        row.disagreement,
    ]
    for score in row.scores:
        cells += [score.expert_name, _round(score.value)]
    return cells + [None, None] * (reviews - len(row.scores))


def expert_columns() -> list[str]:
    return [
        gettext("Expert"),
        gettext("E-mail address"),
        gettext("Reviews assigned"),
        gettext("Reviews submitted"),
        gettext("Mean score"),
        gettext("Standard deviation"),
        gettext("Leniency"),
    ]


def expert_cells(row: ExpertRow) -> list[Cell]:
    return [
        row.name,
        row.email,
        row.assigned,
        row.completed,
        _round(row.mean),
        _round(row.sd),
        _round(row.leniency),
    ]


def _category_sheet(title: str, rows: Sequence[RankingRow]) -> Sheet:
    reviews = max((len(r.scores) for r in rows), default=0)
    return Sheet(title, ranking_columns(reviews), [ranking_cells(r, reviews) for r in rows])


def rankings_workbook(edition: Edition) -> bytes:
    """The workbook: a sheet per category in number order, then the experts' sheet."""
    ranked = edition_ranking(edition)
    sheets = [
        _category_sheet(f"{c.number}. {c.display_name}", ranked.get(c.id, []))
        for c in sorted(edition.categories, key=lambda c: c.number)
    ]
    experts = expert_statistics(edition)
    sheets.append(Sheet(gettext("Experts"), expert_columns(), [expert_cells(e) for e in experts]))
    out = io.BytesIO()
    write_workbook(out, sheets)
    return out.getvalue()
