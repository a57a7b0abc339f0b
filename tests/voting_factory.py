"""Nominees and votes for the voting tests, made directly with the models.

Nominees are :class:`Nominee` rows of a category the organisers confirmed
(:class:`CategoryNomination`), exactly what ``awards.review.nominees`` reads; votes for the
access table are inserted as the casting service would write them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry, EntryImage, ImageKind, Screening
from awards.voting.models import Vote
from awards.voting.receipts import new_receipt
from tests.entry_factory import make_entry

NOW = datetime(2021, 2, 27, 12, 0, tzinfo=UTC)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def nominate(entries: Iterable[Entry], *, confirm: bool = True) -> list[Entry]:
    """Make ``entries`` nominees of their categories (and confirm those categories)."""
    entries = list(entries)
    confirmed: set[tuple[int, int]] = set()
    for rank, entry in enumerate(entries, start=1):
        db.session.add(
            Nominee(
                edition_id=entry.edition_id,
                category_id=entry.category_id,
                entry_id=entry.id,
                rank=rank,
            )
        )
        key = (entry.edition_id, entry.category_id)
        if confirm and key not in confirmed:
            exists = db.session.query(CategoryNomination).filter_by(
                edition_id=key[0], category_id=key[1]
            )
            if exists.first() is None:
                db.session.add(
                    CategoryNomination(edition_id=key[0], category_id=key[1], confirmed_at=NOW)
                )
            confirmed.add(key)
    db.session.flush()
    return entries


def make_nominees(
    edition: Edition,
    owner: User,
    *,
    per_category: int = 3,
    categories: Iterable[Category] | None = None,
    **fields: Any,
) -> dict[int, list[Entry]]:
    """``per_category`` eligible, nominated entries in each category: {category id: entries}."""
    result: dict[int, list[Entry]] = {}
    for category in categories if categories is not None else edition.categories:
        entries = [
            make_entry(edition, owner, category=category, screening=Screening.ELIGIBLE, **fields)
            for _ in range(per_category)
        ]
        result[category.id] = nominate(entries)
    return result


def add_image(entry: Entry, folder: str | Path, name: str | None = None) -> EntryImage:
    """A 1×1 PNG logo stored for ``entry`` in ``folder``."""
    image = EntryImage(
        entry=entry,
        kind=ImageKind.LOGO,
        storage_name=name or f"nominee-{entry.id}.png",
        content_type="image/png",
        width=1,
        height=1,
        size_bytes=len(PNG),
        alt_text=f"Logo of {entry.entity_name}",
    )
    db.session.add(image)
    db.session.flush()
    (Path(folder) / image.storage_name).write_bytes(PNG)
    return image


def insert_vote(voter: User, entry: Entry, *, sequence: int = 1, cast_at: datetime = NOW) -> Vote:
    """A vote row as the casting service writes it (no rule checked)."""
    vote = Vote(
        edition_id=entry.edition_id,
        category_id=entry.category_id,
        entry_id=entry.id,
        voter_id=voter.id,
        sequence=sequence,
        receipt=new_receipt(),
        cast_at=cast_at,
        account_created_at=voter.created_at or NOW,
    )
    db.session.add(vote)
    db.session.flush()
    return vote


def voting_values(edition: Edition, owner: User, voter: User, folder: str | Path) -> dict[str, Any]:
    """For the access table: a nominee with an image, a vote of ``voter``'s and their URL values."""
    nominee = make_entry(edition, owner, screening=Screening.ELIGIBLE, title="Nominated project")
    nominate([nominee])
    add_image(nominee, folder)
    vote = insert_vote(voter, nominee)
    return {
        "year": edition.year,
        "number": nominee.category.number,
        "nominee_id": nominee.id,
        "receipt": vote.receipt,
    }
