"""Votes written directly as Vote + VoteEvidence rows, for the organisers' voting tests.

(The casting service and its rules are another module's; these tests need votes with chosen
times, networks and user agents.)
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from awards.accounts.models import User
from awards.extensions import db
from awards.review.selection_models import CategoryNomination, Nominee
from awards.submissions.models import Entry
from awards.voting.ballots import agent_key
from awards.voting.models import Vote, VoteEvidence
from awards.voting.network import subnet_of

DURING_VOTING = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/89.0 Safari/537.36"
_addresses = itertools.count(1)


def spread_ip() -> str:
    """An address on a network of its own (198.18.0.0/15, for benchmarks and tests)."""
    n = next(_addresses)
    return f"198.{18 + (n // 65536) % 2}.{(n // 256) % 256}.{n % 256 or 1}"


def make_vote(
    entry: Entry,
    voter: User,
    *,
    cast_at: datetime = DURING_VOTING,
    ip: str | None = None,
    user_agent: str | None = BROWSER,
    accept_language: str | None = "en-GB,en;q=0.9",
    account_created_at: datetime | None = None,
    sequence: int = 1,
    flush: bool = True,
) -> Vote:
    """One vote for ``entry`` by ``voter`` with its evidence."""
    ip = ip or spread_ip()
    vote = Vote(
        edition_id=entry.edition_id,
        category_id=entry.category_id,
        entry_id=entry.id,
        voter_id=voter.id,
        sequence=sequence,
        receipt=secrets.token_hex(16),
        cast_at=cast_at,
        account_created_at=account_created_at or cast_at - timedelta(days=40),
        subnet=subnet_of(ip),
        agent_key=agent_key(user_agent or ""),
    )
    db.session.add(vote)
    db.session.flush()
    db.session.add(
        VoteEvidence(vote_id=vote.id, ip=ip, user_agent=user_agent, accept_language=accept_language)
    )
    if flush:
        db.session.flush()
    return vote


def make_voters(make_user: Callable[..., User], count: int, prefix: str = "voter") -> list[User]:
    return [make_user(f"{prefix}{n}-{secrets.token_hex(3)}@example.org") for n in range(count)]


def nominate(entries: Iterable[Entry]) -> None:
    """Make ``entries`` the confirmed nominees of their categories."""
    entries = list(entries)
    for entry in entries:
        db.session.add(
            Nominee(edition_id=entry.edition_id, category_id=entry.category_id, entry_id=entry.id)
        )
    for edition_id, category_id in {(e.edition_id, e.category_id) for e in entries}:
        db.session.add(CategoryNomination(edition_id=edition_id, category_id=category_id))
    db.session.flush()


def votes_by_hour(
    entry: Entry, voters: list[User], start: datetime, per_hour: int, hours: int, **fields: Any
) -> list[Vote]:
    """``per_hour`` votes for ``entry`` in each of ``hours`` hours from ``start``."""
    votes = []
    pool = iter(voters)
    for hour in range(hours):
        for n in range(per_hour):
            moment = start + timedelta(hours=hour, minutes=(n * 7) % 60)
            votes.append(make_vote(entry, next(pool), cast_at=moment, flush=False, **fields))
    db.session.flush()
    return votes
