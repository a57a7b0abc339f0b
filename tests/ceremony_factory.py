"""Champions and Winners made directly with the models, for the ceremony's tests.

``crown(edition, category, owner, names, winner=0)`` makes one entry per (title, entity) in
the category, nominates them (a confirmed category), records them all as Champions and, unless
``winner`` is None, confirms the entry at that index as the Winner.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from awards.accounts.models import RoleGrant, User
from awards.accounts.passwords import hash_password
from awards.accounts.roles import Role
from awards.accounts.rules import email_key
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Champion, Nominee, WinnerDecision
from awards.stakeholders import StakeholderType
from awards.submissions.models import Entry, Screening
from tests.entry_factory import make_entry

NOW = datetime(2021, 4, 12, 12, 0, tzinfo=UTC)


def category_of(edition: Edition, number: int) -> Category:
    return next(c for c in edition.categories if c.number == number)


def crown(
    edition: Edition,
    category: Category | int,
    owner: User,
    names: Sequence[tuple[str, str]],
    *,
    winner: int | None = 0,
) -> list[Entry]:
    """Champions of ``category`` named (title, entity), and its Winner ``names[winner]``."""
    if isinstance(category, int):
        category = category_of(edition, category)
    entries = [
        make_entry(
            edition,
            owner,
            category=category,
            title=title,
            entity_name=entity,
            screening=Screening.ELIGIBLE,
            screened_at=NOW,
        )
        for title, entity in names
    ]
    db.session.add(
        CategoryNomination(edition_id=edition.id, category_id=category.id, confirmed_at=NOW)
    )
    for rank, entry in enumerate(entries, start=1):
        db.session.add(
            Nominee(
                edition_id=edition.id,
                category_id=category.id,
                entry_id=entry.id,
                rank=rank,
                normalised_score=1.0 - rank / 100,
            )
        )
        db.session.add(
            Champion(
                edition_id=edition.id,
                category_id=category.id,
                entry_id=entry.id,
                valid_votes=1000 - rank,
                source="votes",
                recorded_at=NOW,
            )
        )
    if winner is not None:
        db.session.add(
            WinnerDecision(
                edition_id=edition.id,
                category_id=category.id,
                entry_id=entries[winner].id,
                confirmed_at=NOW,
            )
        )
    db.session.flush()
    return entries


def account(email: str, password: str, *, roles: Sequence[tuple[Role, int | None]] = ()) -> User:
    """A verified account (for the live server, where the ``make_user`` fixture is not)."""
    user = User(
        name="Ceremony Organiser",
        email=email,
        email_key=email_key(email),
        password_hash=hash_password(password),
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
        country="CH",
        email_verified_at=NOW,
    )
    for role, edition_id in roles:
        user.roles.append(RoleGrant(role=role, edition_id=edition_id))
    db.session.add(user)
    db.session.flush()
    return user
