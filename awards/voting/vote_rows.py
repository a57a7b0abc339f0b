"""Writing a vote's row and its evidence: the one write of the hot path.

The unique constraint ``(voter_id, category_id, sequence)`` decides a race between two requests
of one voter for one category: the insert says ``ON CONFLICT DO NOTHING`` on it, so the loser
gets no row back (and becomes the 409 "You have already voted in this category") without an
error, a rolled-back SAVEPOINT or a second look at the table. On PostgreSQL the evidence is
written by the same statement (a data-modifying CTE: one round trip); SQLite, which has no such
CTE, takes a second INSERT. A clash of receipts (one in 2**128) is not that conflict: it raises,
and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import select

from awards.voting.models import Vote, VoteEvidence

#: The tables themselves: casting inserts with Core, outside the ORM's unit of work.
VOTES: Table = Vote.metadata.tables[Vote.__tablename__]
EVIDENCE: Table = VoteEvidence.metadata.tables[VoteEvidence.__tablename__]
#: The longest evidence kept (the columns' sizes).
MAX_AGENT, MAX_LANGUAGE, MAX_IP = 400, 200, 45
_KEY = ("voter_id", "category_id", "sequence")


@dataclass(frozen=True)
class VoteRow:
    """The columns of a vote as stored, and of its evidence."""

    edition_id: int
    category_id: int
    entry_id: int
    voter_id: int
    sequence: int
    receipt: str
    cast_at: datetime
    account_created_at: datetime | None
    subnet: str | None
    agent_key: str
    ip: str | None
    user_agent: str | None
    accept_language: str | None

    def vote_columns(self) -> dict[str, Any]:
        return {
            "edition_id": self.edition_id,
            "category_id": self.category_id,
            "entry_id": self.entry_id,
            "voter_id": self.voter_id,
            "sequence": self.sequence,
            "receipt": self.receipt,
            "cast_at": self.cast_at,
            "account_created_at": self.account_created_at,
            "subnet": self.subnet,
            "agent_key": self.agent_key,
        }

    def evidence_columns(self) -> dict[str, Any]:
        return {
            "ip": self.ip,
            "user_agent": self.user_agent,
            "accept_language": self.accept_language,
        }


_VOTE_COLUMNS = (
    "edition_id",
    "category_id",
    "entry_id",
    "voter_id",
    "sequence",
    "receipt",
    "cast_at",
    "account_created_at",
    "subnet",
    "agent_key",
)
_EVIDENCE_COLUMNS = ("ip", "user_agent", "accept_language")


def _vote_insert(dialect: Any) -> Insert:
    statement = dialect.insert(VOTES).values({name: bindparam(name) for name in _VOTE_COLUMNS})
    keys = [VOTES.c[name] for name in _KEY]
    return statement.on_conflict_do_nothing(index_elements=keys).returning(VOTES.c.id)


def _vote_and_evidence() -> Insert:
    """PostgreSQL's one statement: the vote in a CTE, the evidence selected from its id."""
    vote = _vote_insert(postgresql).cte("new_vote")
    values = (bindparam(name, type_=EVIDENCE.c[name].type) for name in _EVIDENCE_COLUMNS)
    return (
        EVIDENCE.insert()
        .from_select(["vote_id", *_EVIDENCE_COLUMNS], select(vote.c.id, *values))
        .returning(EVIDENCE.c.vote_id)
    )


#: Built once (casting is the hot path: building a statement and its cache key each time cost
#: more than PostgreSQL took to run it); a vote binds its values.
_POSTGRESQL_INSERT = _vote_and_evidence()
_SQLITE_VOTE_INSERT = _vote_insert(sqlite)
_SQLITE_EVIDENCE_INSERT = EVIDENCE.insert().values(
    {name: bindparam(name) for name in ("vote_id", *_EVIDENCE_COLUMNS)}
)


def insert_vote(connection: Connection, row: VoteRow) -> int | None:
    """Insert the vote and its evidence; the vote's id, or None if the voter already has a vote
    of this sequence in this category (another request took it first)."""
    if connection.dialect.name == "postgresql":
        values = {**row.vote_columns(), **row.evidence_columns()}
        return connection.execute(_POSTGRESQL_INSERT, values).scalar()
    vote_id = connection.execute(_SQLITE_VOTE_INSERT, row.vote_columns()).scalar()
    if vote_id is not None:
        connection.execute(_SQLITE_EVIDENCE_INSERT, {"vote_id": vote_id, **row.evidence_columns()})
    return vote_id
