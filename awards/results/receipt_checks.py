"""A voter checks their receipt against the published results: counted (with an inclusion
proof), set aside by a quarantine (with the stated reason), or replaced by a later vote.

Only once the results are published: before that no root is public and the answer would say
something about the tally. The proof is built from the votes as they stand and checked against
the *published* root, so a vote changed after publication shows up as a proof that fails.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from awards.contest.models import Edition
from awards.errors import NotFound, RuleViolation
from awards.extensions import db
from awards.results import merkle
from awards.results.publication import publication_of
from awards.results.snapshots import category_tree
from awards.voting.models import Quarantine, QuarantineKind, QuarantineReason, Vote

#: What a receipt may look like once spaces and dashes are taken out.
RECEIPT_SHAPE = re.compile(r"[A-Za-z0-9_]{8,32}")


class ReceiptState(enum.StrEnum):
    COUNTED = "counted"
    QUARANTINED = "quarantined"
    REPLACED = "replaced"


@dataclass(frozen=True)
class ReceiptCheck:
    """What the results say about one receipt."""

    state: ReceiptState
    category_number: int
    cast_at: datetime
    reason: QuarantineReason | None = None
    #: For a counted vote: {"vote", "index", "size", "path", "root"} (hex), as the script reads.
    proof: dict[str, Any] | None = None

    @property
    def proof_holds(self) -> bool:
        if self.proof is None:
            return False
        return merkle.verify_inclusion(
            merkle.leaf_hash(self.proof["vote"].encode()),
            self.proof["index"],
            self.proof["size"],
            [bytes.fromhex(h) for h in self.proof["path"]],
            bytes.fromhex(self.proof["root"]),
        )


def normalise_receipt(text: str) -> str:
    """The receipt as stored: spaces and dashes (added for reading) taken out."""
    return re.sub(r"[\s\-]", "", text or "")


def check_receipt(edition: Edition, text: str) -> ReceiptCheck:
    """The published results' answer for receipt ``text`` (NotFound when it is no vote of the
    edition; RuleViolation when it is malformed or the results are not public yet)."""
    receipt = normalise_receipt(text)
    if not RECEIPT_SHAPE.fullmatch(receipt):
        raise RuleViolation("This is not a receipt: check what you typed.", field="receipt")
    publication = publication_of(edition)
    if publication is None:
        raise RuleViolation("The results are not published yet.")
    vote = db.session.scalar(
        select(Vote).where(Vote.edition_id == edition.id, Vote.receipt == receipt)
    )
    if vote is None:
        raise NotFound("No vote of this edition has this receipt.")
    category = next(c for c in edition.categories if c.id == vote.category_id)
    later = db.session.scalar(
        select(Vote.id).where(
            Vote.voter_id == vote.voter_id,
            Vote.category_id == vote.category_id,
            Vote.sequence > vote.sequence,
        )
    )
    if later is not None:
        return ReceiptCheck(ReceiptState.REPLACED, category.number, vote.cast_at)
    quarantine = db.session.scalar(
        select(Quarantine)
        .where(
            Quarantine.edition_id == edition.id,
            Quarantine.lifted_at.is_(None),
            ((Quarantine.kind == QuarantineKind.VOTE) & (Quarantine.vote_id == vote.id))
            | (
                (Quarantine.kind == QuarantineKind.ACCOUNT) & (Quarantine.voter_id == vote.voter_id)
            ),
        )
        .limit(1)
    )
    if quarantine is not None:
        return ReceiptCheck(
            ReceiptState.QUARANTINED, category.number, vote.cast_at, reason=quarantine.reason
        )
    tree = category_tree(edition, category)
    data = merkle.vote_leaf(edition.year, category.number, vote.entry_id, receipt)
    index = tree.index_of(merkle.leaf_hash(data))
    published = publication.snapshot.data.get(str(category.number), {})
    proof = {
        "vote": data.decode(),
        "index": index,
        "size": tree.size,
        "path": [h.hex() for h in tree.proof(index)],
        "root": published.get("root", ""),
    }
    return ReceiptCheck(ReceiptState.COUNTED, category.number, vote.cast_at, proof=proof)
