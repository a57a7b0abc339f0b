"""The final selection (phase 4): the second round over the Champions. Flush, never commit.

Once public voting has closed, every Champion of a category is reviewed again, with the same
rubric, by the category's experts: :func:`assign_second_round` writes those reviews as
``ReviewAssignment`` rows of round 2 (``SELECTION_ROUND``) and never touches round 1. The
results and the Winner (``category_results``, ``confirm_winner``, ``winners_of``) are in
``awards/review/winners.py``.

The Champions come from ``awards/review/champions.py``: STUB until the voting issue lands, the
organisers record them from the first-round jury scores (``stub_champions_from_jury``); public
voting then records them from its tally through the same service, and nothing here changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.contest.rules import Phase
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review.champions import champions_of, is_champion
from awards.review.conflict_services import active_conflicts
from awards.review.experts import is_jury, list_experts, require_organiser
from awards.review.models import (
    SELECTION_ROUND,
    AssignmentState,
    ExpertProfile,
    ReviewAssignment,
)
from awards.submissions.models import Entry

#: A category with fewer experts of its own than this is reviewed by the whole jury.
MIN_CATEGORY_EXPERTS = 2
#: Phases in which the final selection may be worked on (from the close of voting on).
SELECTION_PHASES = (Phase.SELECTION, Phase.BETWEEN)


def selection_open(edition: Edition, now: datetime) -> bool:
    """Whether the final selection may be worked on at ``now``: public voting has closed and
    the ceremony has not begun (the selection phase, or the pause around it)."""
    return now >= edition.voting_closes and edition.phase(now) in SELECTION_PHASES


def require_selection_open(edition: Edition, now: datetime) -> None:
    """Refuse with a :class:`RuleViolation` outside :func:`selection_open`."""
    if now < edition.voting_closes:
        raise RuleViolation(_("The final selection starts when public voting closes."))
    if not selection_open(edition, now):
        raise RuleViolation(_("The final selection is over: the results are public."))


def require_second_round_entry(entry: Entry) -> None:
    """Refuse a second-round review of an entry that is not one of its category's Champions
    (for the experts' review form as much as for the assignment)."""
    if not is_champion(entry):
        raise RuleViolation(
            _("Only a Champion of its category is reviewed in the second round."),
        )


@dataclass(frozen=True)
class SecondRoundFigures:
    """One category's second round after an assignment."""

    category_id: int
    number: int
    name: str
    champions: int
    #: Experts reviewing its Champions.
    experts: int
    #: Second-round reviews in place (assigned, started or submitted).
    reviews: int
    assigned: int
    withdrawn: int
    #: Whether too few experts cover the category, so the whole jury reviews it.
    whole_jury: bool
    #: Champions no expert without a conflict can review.
    unreviewed: tuple[int, ...]


@dataclass(frozen=True)
class SecondRound:
    """What :func:`assign_second_round` did, per category and in all."""

    categories: tuple[SecondRoundFigures, ...]

    @property
    def assigned(self) -> int:
        return sum(f.assigned for f in self.categories)

    @property
    def withdrawn(self) -> int:
        return sum(f.withdrawn for f in self.categories)


def second_round_rows(edition: Edition) -> list[ReviewAssignment]:
    """Every round-2 review of the edition, by id."""
    return list(
        db.session.scalars(
            select(ReviewAssignment)
            .where(
                ReviewAssignment.edition_id == edition.id,
                ReviewAssignment.round == SELECTION_ROUND,
            )
            .order_by(ReviewAssignment.id)
        )
    )


def _panel(category: Category, profiles: list[ExpertProfile]) -> tuple[list[ExpertProfile], bool]:
    """The experts who review ``category``'s Champions, and whether that is the whole jury."""
    own = [p for p in profiles if any(c.id == category.id for c in p.categories)]
    if len(own) >= MIN_CATEGORY_EXPERTS:
        return own, False
    return profiles, True


def _wanted(
    edition: Edition,
) -> tuple[dict[int, set[tuple[int, int]]], dict[int, bool], dict[int, tuple[int, ...]]]:
    """The (expert, entry) pairs each category's second round needs, by category id."""
    profiles = [
        p for p in list_experts(edition) if p.stepped_down_at is None and is_jury(p.user, edition)
    ]
    conflicted = {(c.expert_id, c.entry_id) for c in active_conflicts(edition)}
    champions = champions_of(edition)
    pairs: dict[int, set[tuple[int, int]]] = {}
    whole_jury: dict[int, bool] = {}
    unreviewed: dict[int, tuple[int, ...]] = {}
    for category in edition.categories:
        if not champions.get(category.id):
            continue
        panel, whole_jury[category.id] = _panel(category, profiles)
        wanted = {
            (p.user_id, c.entry_id)
            for c in champions[category.id]
            for p in panel
            if (p.user_id, c.entry_id) not in conflicted
        }
        pairs[category.id] = wanted
        covered = {entry_id for _expert, entry_id in wanted}
        unreviewed[category.id] = tuple(
            c.entry_id for c in champions[category.id] if c.entry_id not in covered
        )
    return pairs, whole_jury, unreviewed


def assign_second_round(edition: Edition, *, actor: User, now: datetime) -> SecondRound:
    """Give every Champion a second-round review by each expert of its category.

    The experts are those who cover the category, are still in the jury and have not stepped
    down; a category with fewer than two such experts is reviewed by all of them instead.
    Pairs with an active conflict of interest are left out. Running again adds only what is
    missing (a withdrawn review of a wanted pair is revived) and withdraws the round-2 reviews
    not started of entries that are no longer Champions, or of experts no longer wanted; a
    started or submitted review is never touched. Round 1 is never read or written here.
    """
    require_organiser(actor, edition.id)
    require_selection_open(edition, now)
    pairs, whole_jury, unreviewed = _wanted(edition)
    if not pairs:
        raise RuleViolation(_("There are no Champions yet: record them first."))
    rows = second_round_rows(edition)
    by_pair = {(r.expert_id, r.entry_id): r for r in rows}
    assigned: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for category_id, wanted in sorted(pairs.items()):
        for pair in sorted(wanted):
            row = by_pair.get(pair)
            if row is None:
                db.session.add(
                    ReviewAssignment(
                        edition_id=edition.id,
                        entry_id=pair[1],
                        expert_id=pair[0],
                        round=SELECTION_ROUND,
                        state=AssignmentState.ASSIGNED,
                        created_at=now,
                    )
                )
            elif row.state is AssignmentState.WITHDRAWN:
                row.state, row.withdrawn_at = AssignmentState.ASSIGNED, None
            else:
                continue
            assigned[category_id].append(pair)
    wanted_all = set().union(*pairs.values())
    withdrawn: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in rows:
        pair = (row.expert_id, row.entry_id)
        if row.state is AssignmentState.ASSIGNED and pair not in wanted_all:
            row.state, row.withdrawn_at = AssignmentState.WITHDRAWN, now
            withdrawn[row.entry.category_id].append(pair)
    db.session.flush()
    figures = _figures(edition, pairs, whole_jury, unreviewed, assigned, withdrawn)
    if assigned or withdrawn:
        record(
            "selection.assigned",
            edition,
            f"Second round of {edition.year}: "
            f"{sum(len(v) for v in assigned.values())} assigned, "
            f"{sum(len(v) for v in withdrawn.values())} withdrawn",
            actor_id=actor.id,
            edition_id=edition.id,
            changes={
                "assigned": sum(len(v) for v in assigned.values()),
                "withdrawn": sum(len(v) for v in withdrawn.values()),
                "pairs": {
                    "assigned": sorted(p for v in assigned.values() for p in v),
                    "withdrawn": sorted(p for v in withdrawn.values() for p in v),
                },
            },
        )
    return SecondRound(figures)


def _figures(
    edition: Edition,
    pairs: dict[int, set[tuple[int, int]]],
    whole_jury: dict[int, bool],
    unreviewed: dict[int, tuple[int, ...]],
    assigned: dict[int, list[tuple[int, int]]],
    withdrawn: dict[int, list[tuple[int, int]]],
) -> tuple[SecondRoundFigures, ...]:
    champions = champions_of(edition)
    category_of = {c.entry_id: cid for cid, rows in champions.items() for c in rows}
    in_place: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for row in second_round_rows(edition):
        category_id = category_of.get(row.entry_id)
        if category_id is not None and row.state is not AssignmentState.WITHDRAWN:
            in_place[category_id].add((row.expert_id, row.entry_id))
    return tuple(
        SecondRoundFigures(
            category_id=category.id,
            number=category.number,
            name=category.name,
            champions=len(champions.get(category.id, [])),
            experts=len({expert for expert, _entry in in_place[category.id]}),
            reviews=len(in_place[category.id]),
            assigned=len(assigned.get(category.id, [])),
            withdrawn=len(withdrawn.get(category.id, [])),
            whole_jury=whole_jury.get(category.id, False),
            unreviewed=unreviewed.get(category.id, ()),
        )
        for category in edition.categories
        if category.id in pairs or category.id in withdrawn
    )
