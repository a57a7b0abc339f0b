"""The charts page's figures: counts of an edition's submitted entries, as labelled rows and SVG.

The queries are here; the drawing is pure (:mod:`awards.screening.charts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import func, select

from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.geography import REGION_LABELS, Region
from awards.screening import charts as chart_rules
from awards.screening.listing import REGIONS
from awards.screening.rules import GENDER_LABELS
from awards.stakeholders import STAKEHOLDER_LABELS, StakeholderType
from awards.submissions.models import Entry, EntryContact, EntryState


@dataclass(frozen=True)
class ChartCounts:
    """Counts of the submitted entries of an edition, for the charts page."""

    total: int
    by_category: list[tuple[Category, int]]
    by_region: list[tuple[str, int]]
    by_stakeholder: list[tuple[str, int]]
    submission_days: list[date]
    by_gender: dict[str, int]


GENDERS = ("female", "male", "other", "undisclosed", "")


def chart_counts(edition: Edition) -> ChartCounts:
    """Aggregate counts over the edition's submitted entries (withdrawn and drafts left out)."""
    submitted = (Entry.edition_id == edition.id, Entry.state == EntryState.SUBMITTED)

    def grouped(column: Any) -> dict[Any, int]:
        rows = db.session.execute(select(column, func.count()).where(*submitted).group_by(column))
        return dict(rows.all())

    categories = grouped(Entry.category_id)
    regions = grouped(Entry.region)
    stakeholders = grouped(Entry.stakeholder_type)
    zone = ZoneInfo(edition.timezone or "UTC")
    days = [
        moment.astimezone(zone).date()
        for moment in db.session.scalars(select(Entry.submitted_at).where(*submitted))
        if moment is not None
    ]
    gender_rows = db.session.execute(
        select(EntryContact.gender, func.count())
        .join(Entry, Entry.id == EntryContact.entry_id)
        .where(*submitted)
        .group_by(EntryContact.gender)
    ).all()
    genders = dict.fromkeys(GENDERS, 0)
    for gender, count in gender_rows:
        key = gender if gender in genders else ("" if gender is None else "other")
        genders[key] += count
    return ChartCounts(
        total=sum(categories.values()),
        by_category=[(c, categories.get(c.id, 0)) for c in edition.categories],
        by_region=[(r, regions.pop(r, 0)) for r in REGIONS]
        + [(str(r or ""), n) for r, n in regions.items()],
        by_stakeholder=[(s.value, stakeholders.pop(s, 0)) for s in StakeholderType]
        + [("", n) for n in stakeholders.values()],
        submission_days=days,
        by_gender=genders,
    )


def chart_specs(counts: ChartCounts) -> list[dict[str, Any]]:
    """Each chart's heading, labelled rows (for the table) and SVG (the same numbers)."""
    period = chart_rules.choose_period(
        min(counts.submission_days, default=None), max(counts.submission_days, default=None)
    )
    over_time = [
        (day.isoformat(), n) for day, n in chart_rules.per_period(counts.submission_days, period)
    ]
    specs = [
        (
            "by-category",
            gettext("Entries per category"),
            [(f"{c.number}. {c.display_name}", n) for c, n in counts.by_category],
        ),
        (
            "by-region",
            gettext("Entries per region"),
            [(_region_label(r), n) for r, n in counts.by_region],
        ),
        (
            "by-stakeholder",
            gettext("Entries per stakeholder type"),
            [(_stakeholder_label(s), n) for s, n in counts.by_stakeholder],
        ),
        (
            "over-time",
            gettext("Submissions per day")
            if period == "day"
            else gettext("Submissions per week (starting Monday)"),
            over_time,
        ),
    ]
    result = []
    for chart_id, title, rows in specs:
        bars = [chart_rules.Bar(label, value) for label, value in rows]
        description = "; ".join(f"{label}: {value}" for label, value in rows) or gettext(
            "No submitted entries yet."
        )
        draw = chart_rules.column_chart if chart_id == "over-time" else chart_rules.bar_chart
        result.append(
            {
                "id": chart_id,
                "title": title,
                "rows": rows,
                "svg": draw(chart_id, title, description, bars),
            }
        )
    return result


def gender_rows(counts: ChartCounts) -> list[tuple[Any, int | None]]:
    """(label, count) of the contacts' self-declared genders, small groups suppressed."""
    return [
        (GENDER_LABELS.get(key, key), value)
        for key, value in chart_rules.suppress_small(counts.by_gender)
    ]


def _region_label(region: str | None) -> str:
    if region in REGIONS:
        return str(REGION_LABELS[Region(region)])
    return region or gettext("Not given")


def _stakeholder_label(kind: str | None) -> str:
    if kind in set(StakeholderType):
        return str(STAKEHOLDER_LABELS[StakeholderType(kind)])
    return kind or gettext("Not given")
