"""Experts and eligible entries for the Expert Group's tests (through the services)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from awards.accounts.models import User
from awards.accounts.roles import Role
from awards.contest.models import Edition
from awards.review.experts import ProfileInput, save_profile
from awards.submissions.models import Entry, Screening
from tests.entry_factory import make_entry

NOW = datetime(2021, 2, 10, 12, 0, tzinfo=UTC)
_numbers = itertools.count(1)


def make_expert(
    make_user: Callable[..., User],
    edition: Edition,
    *,
    categories: tuple[int, ...] = (),
    organisation: str = "",
    email: str | None = None,
    cap: int | None = None,
    country: str | None = None,
) -> User:
    """A jury member of ``edition`` with a profile (categories by number).

    Each expert's address has a domain of its own, so no conflict arises unless a test asks.
    """
    n = next(_numbers)
    user = make_user(email=email or f"expert{n}@expert{n}.test", roles=((Role.JURY, edition.id),))
    ids = frozenset(c.id for c in edition.categories if c.number in categories)
    save_profile(
        edition,
        user,
        ProfileInput(organisation=organisation, country=country, category_ids=ids, review_cap=cap),
        actor=user,
        now=NOW,
    )
    return user


def make_eligible(edition: Edition, owner: User, **fields: Any) -> Entry:
    """A submitted entry of ``edition`` screened eligible."""
    return make_entry(edition, owner, screening=Screening.ELIGIBLE, screened_at=NOW, **fields)
