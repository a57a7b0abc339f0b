"""The organisers' live view of voting: what the page shows, computed once (a read model).

Votes over time come from the running tallies (:mod:`awards.voting.tallies`); the counts per
nominee and category are the **valid votes** (:mod:`awards.voting.valid_votes`, the numbers that
decide the Champions) beside the votes cast; ballot completeness counts the voters by the number
of categories they voted in. Organisers only: counts and ranks are never shown to anyone else
while voting is open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import func, select

from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.nominees import nominees_of
from awards.submissions.models import Entry
from awards.voting import vote_charts
from awards.voting.models import Quarantine, QuarantineReason, Vote
from awards.voting.tallies import seal
from awards.voting.tally_models import VoteEntryTally, VoteHourTally
from awards.voting.valid_votes import quarantined_count, valid_counts
from awards.voting.vote_charts import Chart


@dataclass(frozen=True)
class NomineeCount:
    entry: Entry
    cast: int
    valid: int


@dataclass(frozen=True)
class CategoryCount:
    category: Category
    cast: int
    valid: int
    nominees: list[NomineeCount]


@dataclass
class LiveView:
    """Everything the live page prints."""

    sealed_until: datetime | None
    votes_cast: int
    valid_votes: int
    quarantined_votes: int
    voters: int
    #: Active quarantines per reason (accounts and single votes).
    quarantines: list[tuple[QuarantineReason, int]]
    categories: list[CategoryCount]
    period: str
    charts: list[Chart]


def live_view(edition: Edition, now: datetime) -> LiveView:
    """The live view of ``edition`` at ``now``."""
    mark = seal(edition.id, now)
    valid = valid_counts(edition.id)
    cast = dict(
        db.session.execute(
            select(VoteEntryTally.entry_id, VoteEntryTally.votes).where(
                VoteEntryTally.edition_id == edition.id
            )
        ).all()
    )
    nominees = nominees_of(edition)
    categories = []
    for category in edition.categories:
        rows = [
            NomineeCount(e, cast.get(e.id, 0), valid.get((category.id, e.id), 0))
            for e in nominees.get(category.id, [])
        ]
        rows.sort(key=lambda r: (-r.valid, -r.cast, r.entry.id))
        categories.append(
            CategoryCount(
                category,
                sum(r.cast for r in rows),
                sum(n for (c, _), n in valid.items() if c == category.id),
                rows,
            )
        )
    hours = dict(
        db.session.execute(
            select(VoteHourTally.hour, func.sum(VoteHourTally.votes))
            .where(VoteHourTally.edition_id == edition.id)
            .group_by(VoteHourTally.hour)
        ).all()
    )
    completeness = _completeness(edition.id)
    period, over_time = vote_charts.over_time_rows(hours, edition.timezone or "UTC")
    return LiveView(
        sealed_until=mark.sealed_until,
        votes_cast=mark.votes,
        valid_votes=sum(valid.values()),
        quarantined_votes=quarantined_count(edition.id),
        voters=sum(completeness.values()),
        quarantines=_quarantines(edition.id),
        categories=categories,
        period=period,
        charts=_charts(period, over_time, categories, completeness, len(edition.categories)),
    )


def _completeness(edition_id: int) -> dict[int, int]:
    """Voters by the number of categories they voted in: each (voter, category) has exactly
    one first vote (sequence 1), so counting those needs no DISTINCT."""
    per_voter = (
        select(func.count().label("n"))
        .where(Vote.edition_id == edition_id, Vote.sequence == 1)
        .group_by(Vote.voter_id)
        .subquery()
    )
    rows = db.session.execute(select(per_voter.c.n, func.count()).group_by(per_voter.c.n))
    return dict(rows.all())


def _quarantines(edition_id: int) -> list[tuple[QuarantineReason, int]]:
    rows = dict(
        db.session.execute(
            select(Quarantine.reason, func.count())
            .where(Quarantine.edition_id == edition_id, Quarantine.lifted_at.is_(None))
            .group_by(Quarantine.reason)
        ).all()
    )
    return [(reason, rows.get(reason, 0)) for reason in QuarantineReason]


def _charts(
    period: str,
    over_time: list[tuple[str, int]],
    categories: list[CategoryCount],
    completeness: dict[int, int],
    category_count: int,
) -> list[Chart]:
    empty = gettext("No votes yet.")
    title = gettext("Votes per hour") if period == "hour" else gettext("Votes per day")
    per_category = [
        (f"{c.category.number}. {c.category.display_name}", c.valid) for c in categories
    ]
    return [
        vote_charts.columns("votes-over-time", title, over_time, empty),
        vote_charts.bars(
            "votes-per-category", gettext("Valid votes per category"), per_category, empty
        ),
        vote_charts.columns(
            "ballot-completeness",
            gettext("Voters by the number of categories they voted in"),
            vote_charts.completeness_rows(completeness, category_count),
            empty,
        ),
    ]
