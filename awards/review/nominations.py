"""Nomination (phase 2): the system's proposal per category and the organisers' confirmation.

The proposal is the edition's ``nominees_per_category`` reviewed entries with the best
normalised first-round scores (:func:`awards.review.scoring.propose_nominees`), naming the
entries tied across the boundary. An organiser confirms it, or another list, with a written
reason whenever the list differs from the proposal, holds more than N entries, or settles a tie
at the boundary. Confirmation writes the :class:`Nominee` rows and the category's
:class:`CategoryNomination`; it replaces an earlier one until public voting opens. Voting reads
the result through :mod:`awards.review.nominees`, never from here. The e-mails to the teams are
in :mod:`awards.review.nomination_mail`. Flush, never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import joinedload

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review import scoring
from awards.review.experts import require_organiser
from awards.review.models import NOMINATION_ROUND, AssignmentState, ReviewAssignment
from awards.review.rubric_services import rubric_of
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry, EntryState, Screening

#: The longest reason an organiser may give for a confirmation.
REASON_MAX = 2000


class ReasonRequired(RuleViolation):
    """The confirmation needs a written reason that was not given (invalid input: 400)."""

    status_code = 400


@dataclass(frozen=True)
class RankedEntry:
    """One eligible entry of a category, its place, and where it stands in the nomination."""

    entry: Entry
    place: scoring.Ranked
    proposed: bool
    tied: bool
    nominated: bool

    @property
    def reviewed(self) -> bool:
        """Whether at least one expert submitted a review (only those can be nominated)."""
        return self.place.reviews > 0


@dataclass(frozen=True)
class CategoryProposal:
    """A category's ranked entries, the system's proposal and the confirmed list, if any."""

    category: Category
    limit: int
    rows: tuple[RankedEntry, ...]
    proposed_ids: tuple[int, ...]
    tied_at_boundary: tuple[int, ...]
    confirmation: CategoryNomination | None
    nominee_ids: tuple[int, ...]

    @property
    def reviewed_ids(self) -> frozenset[int]:
        return frozenset(r.entry.id for r in self.rows if r.reviewed)

    @property
    def confirmed(self) -> bool:
        return self.confirmation is not None

    @property
    def notified(self) -> bool:
        return self.confirmation is not None and self.confirmation.notified_at is not None

    @property
    def changed_since_notified(self) -> bool:
        """Confirmed again after the teams were told (the e-mails are not sent twice)."""
        c = self.confirmation
        return c is not None and c.notified_at is not None and c.confirmed_at > c.notified_at


def eligible_in(category: Category) -> list[Entry]:
    """The category's entries the Expert Group reviews: submitted and screened eligible."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(
                Entry.category_id == category.id,
                Entry.state == EntryState.SUBMITTED,
                Entry.screening == Screening.ELIGIBLE,
            )
            .order_by(Entry.id)
        )
    )


def _scores(edition: Edition) -> list[scoring.Score]:
    """The submitted round-1 reviews of the edition's eligible entries."""
    rows = db.session.execute(
        select(
            ReviewAssignment.expert_id, ReviewAssignment.entry_id, ReviewAssignment.weighted_score
        )
        .join(Entry, Entry.id == ReviewAssignment.entry_id)
        .where(
            ReviewAssignment.edition_id == edition.id,
            ReviewAssignment.round == NOMINATION_ROUND,
            ReviewAssignment.state == AssignmentState.SUBMITTED,
            ReviewAssignment.weighted_score.is_not(None),
            Entry.state == EntryState.SUBMITTED,
            Entry.screening == Screening.ELIGIBLE,
        )
        .order_by(ReviewAssignment.id)
    )
    return [
        scoring.Score(expert, entry, float(value))
        for expert, entry, value in rows
        if value is not None
    ]


def _ranked(edition: Edition, category: Category) -> list[scoring.Ranked]:
    """The category's eligible entries ranked by normalised round-1 score.

    Normalised over all the edition's submitted round-1 scores, on the rubric's scale. A
    stand-in for ``awards.review.rankings.category_ranking`` (the rankings pages), which the
    integrator may call here instead.
    """
    rubric = rubric_of(edition)
    ids = [e.id for e in eligible_in(category)]
    return scoring.rank(_scores(edition), ids, scoring.Scale(rubric.low, rubric.high))


def confirmation_of(category: Category) -> CategoryNomination | None:
    """The organisers' confirmation of ``category``'s nominees, if any."""
    return db.session.scalar(
        select(CategoryNomination)
        .options(joinedload(CategoryNomination.category))
        .where(CategoryNomination.category_id == category.id)
    )


def _nominee_ids(category: Category) -> tuple[int, ...]:
    return tuple(
        db.session.scalars(
            select(Nominee.entry_id)
            .where(Nominee.category_id == category.id)
            .order_by(Nominee.rank, Nominee.entry_id)
        )
    )


def _require_category(edition: Edition, category: Category) -> None:
    if category.edition_id != edition.id:
        raise RuleViolation(gettext("This category is not of this edition."))


def proposal(edition: Edition, category: Category) -> CategoryProposal:
    """The ranked entries of ``category``, the system's proposal and the confirmed list."""
    _require_category(edition, category)
    entries = {e.id: e for e in eligible_in(category)}
    ranked = _ranked(edition, category)
    plan = scoring.propose_nominees(ranked, edition.nominees_per_category)
    confirmation = confirmation_of(category)
    nominees = _nominee_ids(category) if confirmation else ()
    rows = tuple(
        RankedEntry(
            entry=entries[r.entry_id],
            place=r,
            proposed=r.entry_id in plan.nominees,
            tied=r.entry_id in plan.tied_at_boundary,
            nominated=r.entry_id in nominees,
        )
        for r in ranked
        if r.entry_id in entries
    )
    return CategoryProposal(
        category=category,
        limit=edition.nominees_per_category,
        rows=rows,
        proposed_ids=plan.nominees,
        tied_at_boundary=plan.tied_at_boundary,
        confirmation=confirmation,
        nominee_ids=nominees,
    )


def proposals(edition: Edition) -> list[CategoryProposal]:
    """:func:`proposal` for every category of ``edition``, by number."""
    return [proposal(edition, category) for category in edition.categories]


def reason_needed(plan: CategoryProposal, chosen: Iterable[int]) -> str | None:
    """Why a confirmation of ``chosen`` needs a written reason, or None when it does not."""
    ids = set(chosen)
    if len(ids) > plan.limit:
        return gettext(
            "Give a reason: you chose %(count)s nominees, more than the %(limit)s of this edition.",
            count=len(ids),
            limit=plan.limit,
        )
    if ids != set(plan.proposed_ids):
        return gettext("Give a reason: your choice differs from the system's proposal.")
    if plan.tied_at_boundary:
        return gettext(
            "Give a reason: entries are tied at the boundary of the proposal, "
            "and your choice settles the tie."
        )
    return None


def confirm_nominees(
    edition: Edition,
    category: Category,
    entry_ids: Iterable[int],
    reason: str,
    *,
    actor: User,
    now: datetime,
) -> CategoryNomination:
    """Confirm ``entry_ids`` as ``category``'s nominees (organisers, until voting opens).

    Every chosen entry must be an eligible entry of the category with a submitted review. A
    written ``reason`` is required when :func:`reason_needed` says so. Replaces an earlier
    confirmation of the category. Raises :class:`RuleViolation` (:class:`ReasonRequired`) and
    writes nothing when refused.
    """
    require_organiser(actor, edition.id)
    _require_category(edition, category)
    if now >= edition.voting_opens:
        raise RuleViolation(gettext("Public voting has opened: the nominees can no longer change."))
    ids = sorted(set(entry_ids))
    reason = (reason or "").strip()
    if not ids:
        raise RuleViolation(gettext("Tick at least one entry to nominate."), field="entry_ids")
    plan = proposal(edition, category)
    unknown = [i for i in ids if i not in plan.reviewed_ids]
    if unknown:
        raise RuleViolation(
            gettext(
                "Only reviewed eligible entries of this category can be nominated, "
                "not entries %(ids)s.",
                ids=", ".join(map(str, unknown)),
            ),
            field="entry_ids",
        )
    if len(reason) > REASON_MAX:
        raise ReasonRequired(
            gettext("The reason is too long (%(max)s characters at most).", max=REASON_MAX),
            field="reason",
        )
    problem = reason_needed(plan, ids)
    if problem and not reason:
        raise ReasonRequired(problem, field="reason")
    _store(edition, category, plan, ids, reason, actor, now)
    confirmation = confirmation_of(category)
    assert confirmation is not None  # stored just above
    return confirmation


def _store(
    edition: Edition,
    category: Category,
    plan: CategoryProposal,
    ids: list[int],
    reason: str,
    actor: User,
    now: datetime,
) -> None:
    places = {r.entry.id: r.place for r in plan.rows}
    previous = plan.nominee_ids if plan.confirmation else None
    db.session.execute(
        delete(Nominee).where(or_(Nominee.category_id == category.id, Nominee.entry_id.in_(ids)))
    )
    db.session.add_all(
        Nominee(
            edition_id=edition.id,
            category_id=category.id,
            entry_id=i,
            proposed=i in plan.proposed_ids,
            rank=places[i].rank,
            normalised_score=places[i].normalised,
            created_at=now,
        )
        for i in ids
    )
    confirmation = plan.confirmation or CategoryNomination(
        edition_id=edition.id, category_id=category.id
    )
    confirmation.confirmed_at = now
    confirmation.confirmed_by_id = actor.id
    confirmation.reason = reason
    db.session.add(confirmation)
    db.session.flush()
    record(
        "nomination.confirmed",
        category,
        f"Nominees of category {category.number} confirmed: {len(ids)} entries",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={
            "nominees": ids,
            "proposal": list(plan.proposed_ids),
            "tied_at_boundary": list(plan.tied_at_boundary),
            "reason": reason,
            "replaced": list(previous) if previous is not None else None,
        },
    )
