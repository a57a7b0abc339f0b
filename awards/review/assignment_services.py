"""Assigning eligible entries to experts (round 1, nomination) from the database. Flush only.

:func:`preview` builds the pure :class:`~awards.review.assignment.Problem` and solves it without
writing; :func:`run` writes the solution; :func:`rebalance_without` takes an expert out and
gives their unstarted reviews to the others. Reviews an expert has started (draft or submitted)
are never touched: they are kept pairs of the problem, counting towards the entry's reviews and
the expert's load. ``Infeasible`` propagates with its shortfalls, and nothing is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review.assignment import Assignment, Problem, Reviewer, Submission, assign
from awards.review.conflict_services import active_conflicts, eligible_entries
from awards.review.experts import is_jury, list_experts, profile_of, require_organiser
from awards.review.models import (
    NOMINATION_ROUND,
    STARTED,
    AssignmentState,
    ExpertProfile,
    ReviewAssignment,
)


@dataclass(frozen=True)
class CategoryFigures:
    """One category's share of an assignment: reviews per expert reviewing it, min and max."""

    category_id: int
    number: int
    name: str
    entries: int
    reviews: int
    experts: int
    min_load: int
    max_load: int


@dataclass(frozen=True)
class Plan:
    """A solved assignment: the pure result, every pair it holds, and figures per category."""

    assignment: Assignment
    problem: Problem
    #: (expert id, entry id) of every review of the solution, kept ones included.
    pairs: frozenset[tuple[int, int]]
    categories: tuple[CategoryFigures, ...]
    #: Total load per expert still taking reviews.
    loads: dict[int, int]

    @property
    def reviews(self) -> int:
        return len(self.pairs)

    @property
    def min_load(self) -> int:
        return min(self.loads.values(), default=0)

    @property
    def max_load(self) -> int:
        return max(self.loads.values(), default=0)


@dataclass(frozen=True)
class RunOutcome:
    """What :func:`run` changed: rows assigned (new or revived) and rows withdrawn."""

    plan: Plan
    assigned: tuple[tuple[int, int], ...]
    withdrawn: tuple[tuple[int, int], ...]


def _rows(edition: Edition) -> list[ReviewAssignment]:
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.round == NOMINATION_ROUND,
            )
            .order_by(ReviewAssignment.id)
        )
    )


def _available(profile: ExpertProfile, edition: Edition, without: int | None) -> bool:
    """Whether the expert takes new reviews: in the jury, not stepped down, not taken out."""
    return (
        profile.user_id != without
        and profile.stepped_down_at is None
        and is_jury(profile.user, edition)
    )


def _problem(
    edition: Edition,
    per_entry: int,
    rows: list[ReviewAssignment],
    *,
    keep_assigned: bool,
    without: int | None,
) -> tuple[Problem, set[int]]:
    """The pure problem: eligible entries, experts, active conflicts, kept reviews.

    Kept are the started reviews, and with ``keep_assigned`` the not-started ones as well
    (except those of experts no longer available), so a rebalance moves only what it must.
    """
    if per_entry < 1:
        raise RuleViolation("Each entry needs at least one review.", field="per_entry")
    entries = eligible_entries(edition)
    entry_ids = {e.id for e in entries}
    profiles = list_experts(edition)
    available = {p.user_id for p in profiles if _available(p, edition, without)}
    kept = {
        (r.expert_id, r.entry_id)
        for r in rows
        if r.entry_id in entry_ids
        and (
            r.state in STARTED
            or (keep_assigned and r.state is AssignmentState.ASSIGNED and r.expert_id in available)
        )
    }
    kept_load = Counter(expert_id for expert_id, _ in kept)
    reviewers = []
    for profile in profiles:
        if profile.user_id in available:
            cap = profile.review_cap
        elif kept_load[profile.user_id]:
            cap = kept_load[profile.user_id]  # their started reviews stay, nothing new
        else:
            continue
        reviewers.append(
            Reviewer(
                id=profile.user_id,
                categories=frozenset(c.id for c in profile.categories),
                cap=cap,
            )
        )
    in_problem = {r.id for r in reviewers}
    problem = Problem(
        entries=tuple(Submission(id=e.id, category=e.category_id) for e in entries),
        reviewers=tuple(reviewers),
        per_entry=per_entry,
        conflicts=frozenset(
            (c.expert_id, c.entry_id)
            for c in active_conflicts(edition)
            if c.entry_id in entry_ids and c.expert_id in in_problem
        ),
        kept=frozenset(pair for pair in kept if pair[0] in in_problem),
    )
    return problem, available


def _figures(
    edition: Edition, problem: Problem, assignment: Assignment, available: set[int]
) -> Plan:
    pairs = frozenset(problem.kept) | frozenset(assignment.pairs)
    category_of = {e.id: e.category for e in problem.entries}
    per_category: dict[int, Counter[int]] = defaultdict(Counter)
    for expert_id, entry_id in pairs:
        per_category[category_of[entry_id]][expert_id] += 1
    entries_in = Counter(e.category for e in problem.entries)
    figures = []
    for category in edition.categories:
        if not entries_in[category.id]:
            continue
        loads = per_category[category.id]
        figures.append(
            CategoryFigures(
                category_id=category.id,
                number=category.number,
                name=category.name,
                entries=entries_in[category.id],
                reviews=sum(loads.values()),
                experts=len(loads),
                min_load=min(loads.values(), default=0),
                max_load=max(loads.values(), default=0),
            )
        )
    totals = {rid: n for rid, n in assignment.loads.items() if rid in available}
    return Plan(assignment, problem, pairs, tuple(figures), totals)


def _solve(
    edition: Edition,
    per_entry: int,
    seed: int,
    rows: list[ReviewAssignment],
    *,
    keep_assigned: bool,
    without: int | None = None,
) -> Plan:
    problem, available = _problem(
        edition, per_entry, rows, keep_assigned=keep_assigned, without=without
    )
    assignment = assign(problem, seed=seed)  # raises Infeasible before anything is written
    return _figures(edition, problem, assignment, available)


def preview(edition: Edition, per_entry: int | None = None, seed: int = 0) -> Plan:
    """The assignment :func:`run` would make, with its figures; writes nothing."""
    per_entry = per_entry or edition.reviews_per_entry
    return _solve(edition, per_entry, seed, _rows(edition), keep_assigned=False)


def run(
    edition: Edition,
    per_entry: int | None,
    seed: int,
    actor: User | None,
    now: datetime,
) -> RunOutcome:
    """Assign every eligible entry ``per_entry`` experts (round 1) and store it.

    Not-started reviews that the new solution drops are withdrawn; started ones stay. Running
    again with the same seed and data changes nothing (and records nothing).
    """
    if actor is not None:
        require_organiser(actor, edition.id)
    per_entry = per_entry or edition.reviews_per_entry
    rows = _rows(edition)
    plan = _solve(edition, per_entry, seed, rows, keep_assigned=False)
    return _write(edition, plan, rows, actor, now, {"per_entry": per_entry, "seed": seed})


def rebalance_without(
    edition: Edition,
    expert: User,
    actor: User | None,
    now: datetime,
    *,
    seed: int = 0,
) -> RunOutcome:
    """Take ``expert`` out of the edition's reviewing: their unstarted reviews go to others.

    Their started reviews stay and count; every other expert's assignments stay as they are,
    and only the freed reviews are placed anew (evenly where the loads allow).
    """
    if actor is not None:
        require_organiser(actor, edition.id)
    profile = profile_of(edition, expert)
    if profile is None:
        raise RuleViolation("This account is not an expert of this edition.")
    rows = _rows(edition)
    plan = _solve(
        edition, edition.reviews_per_entry, seed, rows, keep_assigned=True, without=expert.id
    )
    if profile.stepped_down_at is None:
        profile.stepped_down_at = now
        record(
            "expert.stepped_down",
            profile,
            f"Expert {expert.id} takes no more reviews in edition {edition.year}",
            actor_id=actor.id if actor else None,
        )
    return _write(
        edition,
        plan,
        rows,
        actor,
        now,
        {"without_expert": expert.id, "per_entry": edition.reviews_per_entry, "seed": seed},
    )


def _write(
    edition: Edition,
    plan: Plan,
    rows: list[ReviewAssignment],
    actor: User | None,
    now: datetime,
    details: dict[str, object],
) -> RunOutcome:
    by_pair = {(r.expert_id, r.entry_id): r for r in rows}
    assigned = []
    for expert_id, entry_id in sorted(plan.pairs):
        row = by_pair.get((expert_id, entry_id))
        if row is None:
            db.session.add(
                ReviewAssignment(
                    edition_id=edition.id,
                    entry_id=entry_id,
                    expert_id=expert_id,
                    round=NOMINATION_ROUND,
                    state=AssignmentState.ASSIGNED,
                    created_at=now,
                )
            )
            assigned.append((expert_id, entry_id))
        elif row.state is AssignmentState.WITHDRAWN:
            row.state, row.withdrawn_at = AssignmentState.ASSIGNED, None
            assigned.append((expert_id, entry_id))
    withdrawn = []
    for row in rows:
        pair = (row.expert_id, row.entry_id)
        if row.state is AssignmentState.ASSIGNED and pair not in plan.pairs:
            row.state, row.withdrawn_at = AssignmentState.WITHDRAWN, now
            withdrawn.append(pair)
    db.session.flush()
    if assigned or withdrawn:
        record(
            "review.assigned",
            edition,
            f"Expert Group assignment of {edition.year}: {len(assigned)} assigned, "
            f"{len(withdrawn)} withdrawn, {plan.reviews} reviews in all",
            actor_id=actor.id if actor else None,
            edition_id=edition.id,
            changes={**details, "assigned": assigned, "withdrawn": withdrawn},
        )
    return RunOutcome(plan, tuple(assigned), tuple(withdrawn))
