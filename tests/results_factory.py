"""Nominees and votes for the results' tests, written directly as rows."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry
from awards.voting.models import Vote
from tests.entry_factory import make_entry


def nominate(edition: Edition, owner: User, per_category: int = 3) -> dict[int, list[Entry]]:
    """``per_category`` confirmed nominees in each category of ``edition``."""
    result: dict[int, list[Entry]] = {}
    for category in edition.categories:
        entries = [make_entry(edition, owner, category=category) for _ in range(per_category)]
        for place, entry in enumerate(entries, start=1):
            db.session.add(
                Nominee(
                    edition_id=edition.id,
                    category_id=category.id,
                    entry_id=entry.id,
                    rank=place,
                    normalised_score=10.0 - place,
                )
            )
        db.session.add(CategoryNomination(edition_id=edition.id, category_id=category.id))
        result[category.id] = entries
    db.session.flush()
    return result


def cast(entry: Entry, voter: User, when: datetime, **fields: Any) -> Vote:
    """A vote for ``entry`` by ``voter``, as the ballot service stores it."""
    vote = Vote(
        edition_id=entry.edition_id,
        category_id=entry.category_id,
        entry_id=entry.id,
        voter_id=voter.id,
        sequence=fields.pop("sequence", 1),
        receipt=fields.pop("receipt", secrets.token_hex(16)),
        cast_at=when,
        account_created_at=when - timedelta(days=40),
        subnet=fields.pop("subnet", "198.51.100.0/24"),
        **fields,
    )
    db.session.add(vote)
    db.session.flush()
    return vote


def category_of(edition: Edition, number: int) -> Category:
    return next(c for c in edition.categories if c.number == number)
