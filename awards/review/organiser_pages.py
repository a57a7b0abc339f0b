"""What the organisers' Expert Group pages show, computed once per page (view models).

The Experts page: every jury member of the edition with their profile (the account's
organisation and country where the profile says none, as conflict detection reads them), their
round-1 load, the coverage of each category and the gender report. The conflicts list and an
expert's assignments are loaded here too, with what their rows print.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from awards.accounts.grants import jury_members
from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.expert_reports import Coverage, GenderCount, coverage, gender_balance
from awards.review.experts import is_jury, list_experts
from awards.review.models import (
    NOMINATION_ROUND,
    AssignmentState,
    ConflictOfInterest,
    ExpertProfile,
    ReviewAssignment,
)
from awards.submissions.models import Entry


@dataclass(frozen=True)
class ExpertRow:
    """One jury member on the Experts page."""

    user: User
    profile: ExpertProfile | None
    organisation: str
    country: str | None
    #: Round-1 reviews held (withdrawn ones left out), and how many of them are submitted.
    assigned: int
    submitted: int

    @property
    def categories(self) -> list[Category]:
        return list(self.profile.categories) if self.profile else []

    @property
    def cap(self) -> int | None:
        return self.profile.review_cap if self.profile else None

    @property
    def stepped_down(self) -> bool:
        return self.profile is not None and self.profile.stepped_down_at is not None


@dataclass(frozen=True)
class CategoryCoverage:
    """A category and the experts who cover it (still reviewing)."""

    category: Category
    coverage: Coverage


@dataclass(frozen=True)
class ExpertsPage:
    rows: list[ExpertRow]
    coverage: list[CategoryCoverage]
    genders: tuple[GenderCount, ...]
    per_entry: int

    @property
    def short(self) -> list[CategoryCoverage]:
        return [c for c in self.coverage if c.coverage.short]


def round_loads(edition: Edition) -> dict[int, Counter[AssignmentState]]:
    """Per expert, their round-1 reviews counted by state."""
    rows = db.session.execute(
        select(ReviewAssignment.expert_id, ReviewAssignment.state, func.count())
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == NOMINATION_ROUND,
        )
        .group_by(ReviewAssignment.expert_id, ReviewAssignment.state)
    ).all()
    loads: dict[int, Counter[AssignmentState]] = defaultdict(Counter)
    for expert_id, state, count in rows:
        loads[expert_id][AssignmentState(state)] += count
    return loads


def _row(user: User, profile: ExpertProfile | None, load: Counter[AssignmentState]) -> ExpertRow:
    return ExpertRow(
        user=user,
        profile=profile,
        organisation=(profile.organisation if profile else "") or user.organisation or "",
        country=(profile.country if profile else None) or user.country,
        assigned=sum(n for state, n in load.items() if state is not AssignmentState.WITHDRAWN),
        submitted=load[AssignmentState.SUBMITTED],
    )


def experts_page(edition: Edition) -> ExpertsPage:
    """Everything the Experts page shows."""
    profiles = {p.user_id: p for p in list_experts(edition)}
    loads = round_loads(edition)
    members = jury_members(edition.id)
    rows = [_row(u, profiles.get(u.id), loads.get(u.id, Counter())) for u in members]
    reviewing = [
        frozenset(c.id for c in row.categories)
        for row in rows
        if row.profile is not None and not row.stepped_down and is_jury(row.user, edition)
    ]
    figures = coverage([c.id for c in edition.categories], reviewing, edition.reviews_per_entry)
    return ExpertsPage(
        rows=rows,
        coverage=[CategoryCoverage(c, f) for c, f in zip(edition.categories, figures, strict=True)],
        genders=gender_balance(row.profile.gender if row.profile else None for row in rows),
        per_entry=edition.reviews_per_entry,
    )


def expert_of(edition: Edition, user_id: int) -> User | None:
    """A jury member of ``edition`` by id (None for anyone else: the page answers 404)."""
    user = db.session.get(User, user_id)
    members = {u.id for u in jury_members(edition.id)}
    return user if user is not None and user.id in members else None


def conflicts_of(edition: Edition, expert_id: int | None = None) -> list[ConflictOfInterest]:
    """The edition's active conflicts (of one expert), newest first, with expert and entry."""
    query = (
        select(ConflictOfInterest)
        .where(ConflictOfInterest.edition_id == edition.id, ConflictOfInterest.lifted_at.is_(None))
        .options(joinedload(ConflictOfInterest.expert), joinedload(ConflictOfInterest.entry))
        .order_by(ConflictOfInterest.created_at.desc(), ConflictOfInterest.id.desc())
    )
    if expert_id is not None:
        query = query.where(ConflictOfInterest.expert_id == expert_id)
    return list(db.session.scalars(query))


def conflict_of(edition: Edition, conflict_id: int) -> ConflictOfInterest | None:
    conflict = db.session.get(ConflictOfInterest, conflict_id)
    return conflict if conflict is not None and conflict.edition_id == edition.id else None


def assignments_of(edition: Edition, expert: User) -> list[ReviewAssignment]:
    """The expert's round-1 reviews (withdrawn ones too), by entry."""
    query = (
        select(ReviewAssignment)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.expert_id == expert.id,
            ReviewAssignment.round == NOMINATION_ROUND,
        )
        .options(joinedload(ReviewAssignment.entry).joinedload(Entry.category))
        .order_by(ReviewAssignment.entry_id)
    )
    return list(db.session.scalars(query))


def assignment_of(edition: Edition, assignment_id: int) -> ReviewAssignment | None:
    row = db.session.get(ReviewAssignment, assignment_id)
    return row if row is not None and row.edition_id == edition.id else None


def entry_of(edition: Edition, entry_id: int | None) -> Entry | None:
    """An entry of ``edition`` by its number (None for another edition's or none)."""
    entry = db.session.get(Entry, entry_id) if entry_id else None
    return entry if entry is not None and entry.edition_id == edition.id else None


def state_counts(edition: Edition) -> Counter[AssignmentState]:
    """The edition's round-1 reviews counted by state."""
    total: Counter[AssignmentState] = Counter()
    for load in round_loads(edition).values():
        total.update(load)
    return total


@dataclass(frozen=True)
class Change:
    """What a run or a rebalance changed for one expert."""

    expert: User
    assigned: int
    withdrawn: int


def changes_by_expert(
    assigned: tuple[tuple[int, int], ...], withdrawn: tuple[tuple[int, int], ...]
) -> list[Change]:
    """Per expert (by name), how many reviews a run gave them and took back."""
    gained = Counter(expert_id for expert_id, _ in assigned)
    lost = Counter(expert_id for expert_id, _ in withdrawn)
    ids = set(gained) | set(lost)
    if not ids:
        return []
    users = db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name, User.id))
    return [Change(u, gained[u.id], lost[u.id]) for u in users]
