"""The Winner of each category (phase 4): second-round results, the tie rule, confirmation.

The Winner of a category is the Champion with the best second-round result: the mean of the
weighted scores of its submitted round-2 reviews. Ties are broken by the documented rule of
``awards/review/scoring.py`` (``winner``): more valid public votes, then the higher first-round
normalised score, then an organiser's recorded decision. A Winner is proposed once every
Champion of the category has at least one submitted second-round review (an entry with no
result cannot be compared); reviews still outstanding do not block it, but the page says so.
The organisers confirm it: the rule's Winner, or, where the rule leaves a tie, one of the tied
entries with a written note (the recorded decision). Flush, never commit.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review.champions import JURY_STUB, champions_of
from awards.review.experts import require_organiser, settings_of
from awards.review.models import (
    NOMINATION_ROUND,
    SELECTION_ROUND,
    AssignmentState,
    ReviewAssignment,
)
from awards.review.scoring import Finalist, Scale, Score, normalise, winner
from awards.review.selection import require_selection_open
from awards.review.selection_models import Champion, Nominee, WinnerDecision
from awards.submissions.models import Entry

#: The longest recorded decision on a tie.
NOTE_MAX = 2000


@dataclass(frozen=True)
class ChampionResult:
    """One Champion in the second round, with the facts of the tie rule."""

    champion: Champion
    #: Mean weighted score of its submitted second-round reviews (None: none yet).
    second_round: float | None
    reviews_done: int
    #: Second-round reviews assigned, started or submitted (withdrawn ones left out).
    reviews_total: int
    valid_votes: int
    first_round: float | None

    @property
    def entry(self) -> Entry:
        return self.champion.entry

    @property
    def entry_id(self) -> int:
        return self.champion.entry_id


@dataclass(frozen=True)
class CategoryResult:
    """A category's second round: its Champions best first, the rule's outcome, the Winner."""

    category: Category
    rows: tuple[ChampionResult, ...]
    #: The rule's Winner (the recorded decision applied), None while tied or incomplete.
    proposed: int | None
    #: Entries the rule leaves tied (the organisers decide among them, with a note).
    tied: tuple[int, ...]
    decision: WinnerDecision | None

    @property
    def source(self) -> str | None:
        """Where the Champions come from (``JURY_STUB`` or votes); None without Champions."""
        return self.rows[0].champion.source if self.rows else None

    @property
    def from_jury_stub(self) -> bool:
        return self.source == JURY_STUB

    @property
    def waiting(self) -> tuple[int, ...]:
        """Champions with no submitted second-round review: no Winner can be proposed."""
        return tuple(r.entry_id for r in self.rows if r.second_round is None)

    @property
    def outstanding(self) -> int:
        """Second-round reviews not submitted yet."""
        return sum(r.reviews_total - r.reviews_done for r in self.rows)

    @property
    def stale(self) -> bool:
        """Whether a confirmed Winner is no longer what the rule gives (results changed)."""
        return self.decision is not None and self.decision.entry_id != self.proposed


def _second_round(category: Category) -> dict[int, list[ReviewAssignment]]:
    rows = db.session.scalars(
        select(ReviewAssignment)
        .join(Entry, Entry.id == ReviewAssignment.entry_id)
        .where(
            ReviewAssignment.round == SELECTION_ROUND,
            ReviewAssignment.state != AssignmentState.WITHDRAWN,
            Entry.category_id == category.id,
        )
    )
    by_entry: dict[int, list[ReviewAssignment]] = defaultdict(list)
    for row in rows:
        by_entry[row.entry_id].append(row)
    return by_entry


def first_round_scores(edition: Edition, entry_ids: set[int]) -> dict[int, float]:
    """First-round normalised scores: the nominee's as stored at nomination, else computed
    from the submitted round-1 reviews (per-expert normalisation over the edition)."""
    stored = {
        n.entry_id: n.normalised_score
        for n in db.session.scalars(select(Nominee).where(Nominee.entry_id.in_(entry_ids)))
        if n.normalised_score is not None
    }
    if stored.keys() >= entry_ids:
        return stored
    reviews = db.session.execute(
        select(
            ReviewAssignment.expert_id, ReviewAssignment.entry_id, ReviewAssignment.weighted_score
        ).where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state == AssignmentState.SUBMITTED,
        )
    ).all()
    settings = settings_of(edition)
    normalised = normalise(
        [Score(r.expert_id, r.entry_id, r.weighted_score) for r in reviews],
        Scale(settings.scale_low, settings.scale_high),
    )
    computed: dict[int, list[float]] = defaultdict(list)
    for (_expert, entry_id), value in normalised.items():
        computed[entry_id].append(value)
    for entry_id in entry_ids - stored.keys():
        if computed.get(entry_id):
            stored[entry_id] = statistics.fmean(computed[entry_id])
    return stored


def decision_of(category: Category) -> WinnerDecision | None:
    """The confirmed Winner of ``category``, if any."""
    return db.session.scalar(
        select(WinnerDecision)
        .options(joinedload(WinnerDecision.entry))
        .where(WinnerDecision.category_id == category.id)
    )


def _finalists(rows: tuple[ChampionResult, ...]) -> list[Finalist]:
    return [
        Finalist(
            entry_id=r.entry_id,
            second_round=r.second_round if r.second_round is not None else float("-inf"),
            valid_votes=r.valid_votes,
            first_round_normalised=r.first_round if r.first_round is not None else float("-inf"),
        )
        for r in rows
    ]


def category_results(edition: Edition, category: Category) -> CategoryResult:
    """The second round of ``category``: each Champion's result and the rule's outcome."""
    champions = champions_of(edition).get(category.id, [])
    reviews = _second_round(category)
    first = first_round_scores(edition, {c.entry_id for c in champions})
    results = []
    for champion in champions:
        done = [
            r.weighted_score
            for r in reviews.get(champion.entry_id, [])
            if r.state is AssignmentState.SUBMITTED and r.weighted_score is not None
        ]
        results.append(
            ChampionResult(
                champion=champion,
                second_round=statistics.fmean(done) if done else None,
                reviews_done=len(done),
                reviews_total=len(reviews.get(champion.entry_id, [])),
                valid_votes=champion.valid_votes,
                first_round=first.get(champion.entry_id),
            )
        )
    rows = tuple(sorted(results, key=_best_first))
    decision = decision_of(category)
    proposed: int | None = None
    tied: tuple[int, ...] = ()
    if rows and all(r.second_round is not None for r in rows):
        decided = decision.entry_id if decision and decision.tie_break_note else None
        proposed, tied = winner(_finalists(rows), decided)
    return CategoryResult(category, rows, proposed, tied, decision)


def _best_first(row: ChampionResult) -> tuple[float, int, float, int]:
    none = float("inf")
    return (
        -row.second_round if row.second_round is not None else none,
        -row.valid_votes,
        -row.first_round if row.first_round is not None else none,
        row.entry_id,
    )


def confirm_winner(
    edition: Edition,
    category: Category,
    entry_id: int,
    note: str,
    *,
    actor: User,
    now: datetime,
) -> WinnerDecision:
    """Record ``entry_id`` as the Winner of ``category`` (replacing an earlier confirmation).

    It must be a Champion of the category and the rule's Winner; where the rule leaves a tie,
    one of the tied entries, with ``note`` (the organisers' recorded decision) required. No
    Winner is confirmed while a Champion has no submitted second-round review.
    """
    require_organiser(actor, edition.id)
    require_selection_open(edition, now)
    if category.edition_id != edition.id:
        raise RuleViolation(_("This category is not of this edition."))
    result = category_results(edition, category)
    by_id = {r.entry_id: r for r in result.rows}
    if entry_id not in by_id:
        raise RuleViolation(_("Only a Champion of this category can be its Winner."), field="entry")
    if result.waiting:
        raise RuleViolation(
            ngettext(
                "%(num)s Champion has no submitted second-round review yet: "
                "the Winner cannot be decided.",
                "%(num)s Champions have no submitted second-round review yet: "
                "the Winner cannot be decided.",
                len(result.waiting),
            )
        )
    rule_winner, tied = winner(_finalists(result.rows))
    text = (note or "").strip()
    if tied:
        if entry_id not in tied:
            raise RuleViolation(
                _("The rule leaves a tie: choose one of the tied Champions."), field="entry"
            )
        if not text:
            raise RuleViolation(
                _("The rule leaves a tie: write down why this Champion wins."), field="note"
            )
        if len(text) > NOTE_MAX:
            raise RuleViolation(
                _("The note is at most %(max)s characters.", max=NOTE_MAX), field="note"
            )
    elif entry_id != rule_winner:
        raise RuleViolation(
            _(
                "By the rule the Winner is “%(title)s”: only it can be confirmed.",
                title=by_id[rule_winner].entry.title if rule_winner in by_id else "",
            ),
            field="entry",
        )
    else:
        text = ""  # the note records a decision on a tie, and there is none
    decision = decision_of(category)
    previous = decision.entry_id if decision else None
    if decision is None:
        decision = WinnerDecision(edition_id=edition.id, category_id=category.id)
        db.session.add(decision)
    decision.entry = by_id[entry_id].entry
    decision.tie_break_note = text
    decision.confirmed_at = now
    decision.confirmed_by_id = actor.id
    db.session.flush()
    record(
        "selection.winner_confirmed",
        by_id[entry_id].entry,
        f"Winner of category {category.number} of {edition.year} confirmed: entry {entry_id}",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={
            "category": category.number,
            "winner": {"old": previous, "new": entry_id},
            "tied": ", ".join(map(str, tied)),
            "tie_break_note": text,
            "outstanding_reviews": result.outstanding,
        },
    )
    return decision


def winners_of(edition: Edition) -> dict[int, Entry]:
    """The confirmed Winner per category id (for the results): still a Champion there."""
    champions = {c.entry_id for rows in champions_of(edition).values() for c in rows}
    decisions = db.session.scalars(
        select(WinnerDecision)
        .options(joinedload(WinnerDecision.entry))
        .where(WinnerDecision.edition_id == edition.id)
    )
    return {d.category_id: d.entry for d in decisions if d.entry_id in champions}
