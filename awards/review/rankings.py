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
measured over all their reviews, not only those of one category. A handful of queries,
whatever the number of entries: nothing is loaded per entry or per expert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

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
from awards.review.scoring import Ranked, Scale, Score, expert_stats, normalise, rank
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


@dataclass(frozen=True)
class _Reviews:
    """Every submitted round-1 score of an edition, with the reviewers' names."""

    scores: list[Score]
    names: dict[int, str]


def _reviews(edition: Edition) -> _Reviews:
    rows = db.session.execute(
        select(
            ReviewAssignment.expert_id,
            ReviewAssignment.entry_id,
            ReviewAssignment.weighted_score,
            User.name,
        )
        .join(User, User.id == ReviewAssignment.expert_id)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state == AssignmentState.SUBMITTED,
            ReviewAssignment.weighted_score.is_not(None),
        )
        .order_by(ReviewAssignment.submitted_at, ReviewAssignment.id)
    ).all()
    return _Reviews(
        scores=[Score(r.expert_id, r.entry_id, float(r.weighted_score)) for r in rows],
        names={r.expert_id: r.name for r in rows},
    )


def _eligible(edition: Edition, category_id: int | None = None) -> Sequence[Any]:
    """(id, title, entity, category id, category number) of the eligible entries, by id."""
    query = (
        select(Entry.id, Entry.title, Entry.entity_name, Entry.category_id, Category.number)
        .join(Category, Category.id == Entry.category_id)
        .where(
            Entry.edition_id == edition.id,
            Entry.state == EntryState.SUBMITTED,
            Entry.screening == Screening.ELIGIBLE,
        )
        .order_by(Entry.id)
    )
    if category_id is not None:
        query = query.where(Entry.category_id == category_id)
    return db.session.execute(query).all()


def _rank_categories(
    edition: Edition, category_id: int | None = None
) -> dict[int, list[RankingRow]]:
    reviews = _reviews(edition)
    scale = scale_of(edition)
    normalised = normalise(reviews.scores, scale)
    entries = _eligible(edition, category_id)
    entry_ids = {e.id for e in entries}
    by_entry: dict[int, list[Score]] = defaultdict(list)
    for score in reviews.scores:
        if score.entry_id in entry_ids:
            by_entry[score.entry_id].append(score)
    by_category: dict[int, list[int]] = defaultdict(list)
    for e in entries:
        by_category[e.category_id].append(e.id)
    facts = {e.id: e for e in entries}
    result: dict[int, list[RankingRow]] = {}
    for cid, ids in by_category.items():
        scores = [s for eid in ids for s in by_entry.get(eid, ())]
        result[cid] = [
            RankingRow(
                entry_id=r.entry_id,
                title=facts[r.entry_id].title,
                entity_name=facts[r.entry_id].entity_name,
                category_id=cid,
                category_number=facts[r.entry_id].number,
                ranked=r,
                scores=tuple(
                    ReviewerScore(s.expert_id, reviews.names[s.expert_id], s.value)
                    for s in by_entry.get(r.entry_id, ())
                ),
            )
            for r in rank(scores, ids, scale, normalised=normalised)
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
    edition (:func:`awards.review.scoring.expert_stats`).
    """
    reviews = _reviews(edition)
    stats = expert_stats(reviews.scores)
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
