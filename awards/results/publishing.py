"""Publishing an edition's results: once, from a tally that still matches the votes, with a
confirmed Winner in every category. Flush, never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import Conflict, RuleViolation
from awards.extensions import db
from awards.results.models import Publication
from awards.results.publication import publication_of
from awards.results.snapshots import latest_snapshot, verify_snapshot
from awards.review.experts import require_organiser
from awards.review.selection_models import WinnerDecision


def missing_winners(edition: Edition) -> list[int]:
    """The numbers of the categories without a confirmed Winner."""
    decided = set(
        db.session.scalars(
            select(WinnerDecision.category_id).where(WinnerDecision.edition_id == edition.id)
        )
    )
    return [c.number for c in edition.categories if c.id not in decided]


def publish(
    edition: Edition, *, actor: User, now: datetime, counts_public: bool = False
) -> Publication:
    """Make ``edition``'s results public (organisers). Refused, with nothing written, when
    voting is open, there is no tally, the votes no longer match it, a Winner is missing, or
    the results are public already."""
    require_organiser(actor, edition.id)
    if publication_of(edition) is not None:
        raise Conflict("The results of this edition are published already.")
    if now < edition.voting_closes:
        raise RuleViolation("Voting is still open: results can be published once it closes.")
    snapshot = latest_snapshot(edition)
    if snapshot is None:
        raise RuleViolation("Tally the votes first: there is no snapshot to publish.")
    mismatches = verify_snapshot(snapshot)
    if mismatches:
        where = ", ".join(str(m.category_number) for m in mismatches)
        raise RuleViolation(
            f"The votes no longer match the latest tally (categories {where}): tally again."
        )
    missing = missing_winners(edition)
    if missing:
        raise RuleViolation(
            "Confirm the Winner of every category first (missing: "
            + ", ".join(map(str, missing))
            + ")."
        )
    publication = Publication(
        edition_id=edition.id,
        snapshot_id=snapshot.id,
        published_at=now,
        published_by_id=actor.id,
        counts_public=counts_public,
    )
    db.session.add(publication)
    db.session.flush()
    record(
        "results.published",
        publication,
        f"Results of edition {edition.year} published (snapshot {snapshot.id})",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={"snapshot": snapshot.id, "checksum": snapshot.inputs_checksum},
    )
    return publication
