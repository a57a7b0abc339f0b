"""Rankings of an edition's entries and statistics of its experts, for the organisers (read-only).

The interface the nomination step calls (keep these signatures):

- :func:`category_ranking` ``(edition, category) -> list[RankingRow]``: one category's
  eligible entries, best first;
- :func:`edition_ranking` ``(edition) -> {category_id: [RankingRow]}``: every category of the
  edition at once (one query of scores), each list as :func:`category_ranking` gives it;
- :func:`expert_statistics` ``(edition) -> list[ExpertRow]``.

The scores are the weighted means of the submitted round-1 reviews
(``ReviewAssignment.weighted_score``). Entries ranked are the eligible ones (submitted and
screened eligible, as :func:`awards.review.conflict_services.eligible_entries`); an eligible
entry without reviews is listed last. The normalisation (:mod:`awards.review.scoring`) is
computed over every submitted round-1 review of the edition, so an expert's leniency is
measured over all their reviews, not only those of one category: the database sums up each
expert's count, mean and spread (:func:`awards.review.scoring.panel_from`), and only the
ranked entries' scores are loaded. Four queries, whatever the number of entries (settings,
the experts' figures, the scores with their reviewers' names, the entries): nothing is loaded
per entry or per expert.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.experts import settings_of
from awards.review.models import (
    NOMINATION_ROUND,
    AssignmentState,
    ExpertProfile,
    ReviewAssignment,
)
from awards.review.scoring import (
    NO_SPREAD,
    Panel,
    Ranked,
    Scale,
    Score,
    normalise,
    panel_from,
    rank,
)
from awards.submissions.models import Entry, EntryState, Screening


@dataclass(frozen=True)
class ReviewerScore:
    """One submitted review of an entry: who gave it and its weighted (raw) score."""

    expert_id: int
    expert_name: str
    value: float


@dataclass(frozen=True)
class RankingRow:
    """An entry's place in its category, with the reviews it rests on."""

    entry_id: int
    title: str
    entity_name: str
    category_id: int
    category_number: int
    ranked: Ranked
    #: The reviewers' raw weighted scores, in the order the reviews were submitted.
    scores: tuple[ReviewerScore, ...]

    @property
    def number(self) -> int:
        """The entry's number as the organisers' pages show it (its id)."""
        return self.entry_id

    @property
    def rank(self) -> int:
        return self.ranked.rank

    @property
    def mean(self) -> float:
        return self.ranked.mean

    @property
    def normalised(self) -> float:
        return self.ranked.normalised

    @property
    def reviews(self) -> int:
        return self.ranked.reviews

    @property
    def spread(self) -> float:
        return self.ranked.spread

    @property
    def disagreement(self) -> bool:
        return self.ranked.disagreement


@dataclass(frozen=True)
class ExpertRow:
    """An expert's round-1 work in an edition: reviews assigned (not withdrawn) and submitted,
    mean and spread of their weighted scores, leniency (mean minus the panel's)."""

    expert_id: int
    name: str
    email: str
    assigned: int
    completed: int
    mean: float | None
    sd: float | None
    leniency: float | None


def scale_of(edition: Edition) -> Scale:
    """The rubric's scale of ``edition`` (default 1–10)."""
    settings = settings_of(edition)
    return Scale(settings.scale_low, settings.scale_high)


def _submitted(edition: Edition) -> tuple[Any, ...]:
    """The submitted round-1 reviews of ``edition`` (those the rankings read)."""
    return (
        ReviewAssignment.edition_id == edition.id,
        ReviewAssignment.round == NOMINATION_ROUND,
        ReviewAssignment.state == AssignmentState.SUBMITTED,
        ReviewAssignment.weighted_score.is_not(None),
    )


def _panel(edition: Edition) -> Panel:
    """Each expert's count, mean and spread over every submitted round-1 review of the edition,
    summed up by the database in one pass. The spread comes from the mean of the squares
    minus the squared mean, whose rounding noise would pass for a spread: an expert whose
    lowest and highest scores are within ``NO_SPREAD`` of each other has none (real spreads
    of weighted scores are at least hundredths of a point)."""
    score = ReviewAssignment.weighted_score
    rows = db.session.execute(
        select(
            ReviewAssignment.expert_id,
            func.count(),
            func.avg(score),
            func.avg(score * score),
            func.min(score),
            func.max(score),
        )
        .where(*_submitted(edition))
        .group_by(ReviewAssignment.expert_id)
    )
    experts = []
    for expert, n, mean, squares, lowest, highest in rows:
        flat = float(highest) - float(lowest) <= NO_SPREAD
        variance = 0.0 if flat else float(squares) - float(mean) ** 2
        experts.append((expert, int(n), float(mean), math.sqrt(max(0.0, variance))))
    return panel_from(experts)


def _scores(edition: Edition, category_id: int | None) -> tuple[list[Score], dict[int, str]]:
    """The submitted round-1 scores of the eligible entries (of one category, or all), in the
    order submitted, and their reviewers' names: one query."""
    query = (
        select(
            ReviewAssignment.expert_id,
            ReviewAssignment.entry_id,
            ReviewAssignment.weighted_score,
            User.name,
        )
        .join(User, User.id == ReviewAssignment.expert_id)
        .where(
            # The entries are the edition's: without the edition's column here the database
            # starts from the category's entries, not from every review of the edition.
            ReviewAssignment.entry_id.in_(_eligible_ids(edition, category_id)),
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state == AssignmentState.SUBMITTED,
            ReviewAssignment.weighted_score.is_not(None),
        )
        .order_by(ReviewAssignment.submitted_at, ReviewAssignment.id)
    )
    scores: list[Score] = []
    names: dict[int, str] = {}
    for expert, entry, value, name in db.session.execute(query):
        scores.append(Score(expert, entry, float(value or 0.0)))
        names[expert] = name
    return scores, names


def _eligible_ids(edition: Edition, category_id: int | None) -> Select[Any]:
    """The ids of the eligible entries (of one category, or all): the database starts from
    them and finds their reviews by the (entry, expert, round) index."""
    query = select(Entry.id).where(*_eligibility(edition))
    return query if category_id is None else query.where(Entry.category_id == category_id)


def _eligibility(edition: Edition) -> tuple[Any, ...]:
    """The entries the Expert Group reviews (as ``conflict_services.eligible_entries``)."""
    return (
        Entry.edition_id == edition.id,
        Entry.state == EntryState.SUBMITTED,
        Entry.screening == Screening.ELIGIBLE,
    )


def _eligible(edition: Edition, category_id: int | None = None) -> Sequence[Any]:
    """(id, title, entity, category id, category number) of the eligible entries, by id."""
    query = (
        select(Entry.id, Entry.title, Entry.entity_name, Entry.category_id, Category.number)
        .join(Category, Category.id == Entry.category_id)
        .where(*_eligibility(edition))
        .order_by(Entry.id)
    )
    if category_id is not None:
        query = query.where(Entry.category_id == category_id)
    return db.session.execute(query).all()


def _rank_categories(
    edition: Edition, category_id: int | None = None
) -> dict[int, list[RankingRow]]:
    scale = scale_of(edition)
    panel = _panel(edition)  # leniency over the whole edition
    scores, names = _scores(edition, category_id)
    entries = _eligible(edition, category_id)
    by_entry: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        by_entry[score.entry_id].append(score)
    by_category: dict[int, list[int]] = defaultdict(list)
    for e in entries:
        by_category[e.category_id].append(e.id)
    facts = {e.id: e for e in entries}
    result: dict[int, list[RankingRow]] = {}
    for cid, ids in by_category.items():
        category_scores = [s for eid in ids for s in by_entry.get(eid, ())]
        normalised = normalise(category_scores, scale, panel=panel)
        result[cid] = [
            RankingRow(
                entry_id=r.entry_id,
                title=facts[r.entry_id].title,
                entity_name=facts[r.entry_id].entity_name,
                category_id=cid,
                category_number=facts[r.entry_id].number,
                ranked=r,
                scores=tuple(
                    ReviewerScore(s.expert_id, names.get(s.expert_id, ""), s.value)
                    for s in by_entry.get(r.entry_id, ())
                ),
            )
            for r in rank(category_scores, ids, scale, normalised=normalised)
        ]
    return result


def category_ranking(edition: Edition, category: Category) -> list[RankingRow]:
    """The eligible entries of ``category``, best first (see the module doc).

    Ordered by normalised mean, then raw weighted mean, then entry number; entries with the
    same normalised mean share a rank; entries without a submitted review come last with
    rank after the others and ``reviews == 0``. ``category`` must belong to ``edition``.
    """
    if category.edition_id != edition.id:
        raise ValueError("the category belongs to another edition")
    return _rank_categories(edition, category.id).get(category.id, [])


def edition_ranking(edition: Edition) -> dict[int, list[RankingRow]]:
    """Every category of ``edition`` by id, each as :func:`category_ranking` ranks it.

    A category without eligible entries maps to an empty list.
    """
    ranked = _rank_categories(edition)
    return {c.id: ranked.get(c.id, []) for c in edition.categories}


def expert_statistics(edition: Edition) -> list[ExpertRow]:
    """Every expert of ``edition`` (a profile, or a round-1 review), by name.

    Reviews withdrawn from an expert are not counted as assigned; the statistics are over the
    expert's submitted round-1 reviews, leniency against every submitted review of the
    edition (as :func:`awards.review.scoring.expert_stats` computes them).
    """
    stats = _panel(edition).experts
    assigned_rows = db.session.execute(
        select(ReviewAssignment.expert_id, User.name, User.email, func.count())
        .join(User, User.id == ReviewAssignment.expert_id)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state != AssignmentState.WITHDRAWN,
        )
        .group_by(ReviewAssignment.expert_id, User.name, User.email)
    ).all()
    people = {r.expert_id: (r.name, r.email) for r in assigned_rows}
    assigned = {r.expert_id: int(r[3]) for r in assigned_rows}
    profiles = db.session.execute(
        select(User.id, User.name, User.email)
        .join(ExpertProfile, ExpertProfile.user_id == User.id)
        .where(ExpertProfile.edition_id == edition.id)
    ).all()
    for p in profiles:
        people.setdefault(p.id, (p.name, p.email))
    rows = []
    for expert_id, (name, email) in people.items():
        st = stats.get(expert_id)
        rows.append(
            ExpertRow(
                expert_id=expert_id,
                name=name,
                email=email,
                assigned=assigned.get(expert_id, 0),
                completed=st.completed if st else 0,
                mean=st.mean if st else None,
                sd=st.sd if st else None,
                leniency=st.leniency if st else None,
            )
        )
    return sorted(rows, key=lambda r: (r.name.casefold(), r.expert_id))
