"""Adding up the votes cast into the running tallies (:mod:`awards.voting.tally_models`).

:func:`seal` counts the votes cast since the last batch and up to ``now - SEAL_LAG`` (a vote
is written in the request that casts it, which never lasts ten minutes, so no vote older than
that can still appear), with four ``INSERT ... SELECT ... GROUP BY ... ON CONFLICT DO UPDATE``
statements over the ``(edition_id, cast_at)`` index: the organisers' pages call it and then
read the tallies. The edition's mark row is locked while a batch is added (``FOR UPDATE`` on
PostgreSQL; SQLite has one writer at a time), so two organisers never add one batch twice.
Flush, never commit.

The hour and the account's age are computed by the database: :func:`epoch_seconds` is the one
per-dialect expression (PostgreSQL ``extract(epoch ...)``, SQLite ``strftime('%s', ...)``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Integer,
    case,
    cast,
    delete,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite

from awards.extensions import db
from awards.voting.fraud_rules import FRESH_ACCOUNT_SECONDS, HOUR_SECONDS, SEAL_LAG
from awards.voting.models import Vote
from awards.voting.tally_models import (
    VoteAgentTally,
    VoteEntryTally,
    VoteHourTally,
    VoteSubnetTally,
    VoteTallyMark,
)

TALLIES = (VoteEntryTally, VoteHourTally, VoteSubnetTally, VoteAgentTally)
#: A batch of at least this many votes refreshes the tallies' planner statistics.
ANALYZE_AFTER = 50_000


def dialect_name() -> str:
    return db.session.get_bind().dialect.name


def epoch_seconds(column: Any) -> ColumnElement[int]:
    """Whole seconds since 1970-01-01 UTC of a datetime column, in SQL."""
    if dialect_name() == "postgresql":
        return cast(func.floor(func.extract("epoch", column)), BigInteger)
    return cast(func.strftime("%s", column), Integer)


def hour_number(column: Any) -> ColumnElement[int]:
    """The hour number (hours since 1970-01-01 UTC) of a datetime column, in SQL."""
    # A literal, not a parameter: PostgreSQL must see GROUP BY and SELECT as one expression.
    return epoch_seconds(column) // literal_column(str(HOUR_SECONDS), Integer)


def _insert(table: Any) -> Any:
    return (postgresql if dialect_name() == "postgresql" else sqlite).insert(table)


def _add_up(
    model: Any, keys: tuple[str, ...], query: Any, totals: tuple[str, ...], *, first: bool
) -> None:
    """``INSERT INTO model SELECT query ON CONFLICT (keys) DO UPDATE SET t = t + excluded.t``;
    the edition's first batch has nothing to add to: a plain ``INSERT ... SELECT``."""
    columns = [c.name for c in query.selected_columns]
    statement = _insert(model.__table__).from_select(columns, query)
    if first:
        db.session.execute(statement)
        return
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: getattr(model, name) + getattr(statement.excluded, name) for name in totals},
    )
    db.session.execute(statement)


def _mark(edition_id: int) -> VoteTallyMark:
    """The edition's mark row, created if missing, locked for this transaction."""
    db.session.execute(
        _insert(VoteTallyMark.__table__)
        .values(edition_id=edition_id, votes=0)
        .on_conflict_do_nothing(index_elements=["edition_id"])
    )
    mark = db.session.scalar(
        select(VoteTallyMark)
        .where(VoteTallyMark.edition_id == edition_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert mark is not None  # inserted just above
    return mark


def seal(edition_id: int, now: datetime) -> VoteTallyMark:
    """Add the votes cast since the last batch, up to ``now - SEAL_LAG``; return the mark."""
    mark = _mark(edition_id)
    until = now - SEAL_LAG
    if mark.sealed_until is not None and mark.sealed_until >= until:
        return mark
    window = [Vote.edition_id == edition_id, Vote.cast_at < until]
    if mark.sealed_until is not None:
        window.append(Vote.cast_at >= mark.sealed_until)
    counted = db.session.scalar(select(func.count()).select_from(Vote).where(*window)) or 0
    if counted:
        _add_all(edition_id, window, first=mark.sealed_until is None)
    if counted >= ANALYZE_AFTER and dialect_name() == "postgresql":
        # The planner's statistics of a table that just grew by thousands of rows are stale
        # until autovacuum comes by, and with them the candidates' index goes unused.
        for model in TALLIES:
            db.session.execute(text(f"ANALYZE {model.__tablename__}"))
    mark.sealed_until = until
    mark.votes += counted
    db.session.flush()
    return mark


def _add_all(edition_id: int, window: list[Any], *, first: bool) -> None:
    edition = Vote.edition_id.label("edition_id")
    votes = func.count().label("votes")
    age = epoch_seconds(Vote.cast_at) - epoch_seconds(Vote.account_created_at)
    fresh = func.sum(case((age <= FRESH_ACCOUNT_SECONDS, 1), else_=0)).label("fresh_votes")
    _add_up(
        VoteEntryTally,
        ("edition_id", "entry_id"),
        select(edition, Vote.entry_id, Vote.category_id, votes, fresh)
        .where(*window)
        .group_by(Vote.edition_id, Vote.entry_id, Vote.category_id),
        ("votes", "fresh_votes"),
        first=first,
    )
    hour = hour_number(Vote.cast_at).label("hour")
    _add_up(
        VoteHourTally,
        ("edition_id", "entry_id", "hour"),
        select(edition, Vote.entry_id, hour, Vote.category_id, votes, fresh)
        .where(*window)
        .group_by(Vote.edition_id, Vote.entry_id, hour_number(Vote.cast_at), Vote.category_id),
        ("votes", "fresh_votes"),
        first=first,
    )
    for model, source in ((VoteSubnetTally, Vote.subnet), (VoteAgentTally, Vote.agent_key)):
        _add_up(
            model,
            ("edition_id", source.key, "entry_id"),
            select(edition, source, Vote.entry_id, Vote.category_id, votes)
            .where(*window)
            .group_by(Vote.edition_id, source, Vote.entry_id, Vote.category_id),
            ("votes",),
            first=first,
        )


def rebuild(edition_id: int) -> None:
    """Forget the edition's tallies; the next :func:`seal` counts every vote again.

    For votes written with a past ``cast_at`` (the demo, imports) and after a change of
    :data:`~awards.voting.fraud_rules.FRESH_ACCOUNT_SECONDS`.
    """
    for model in (*TALLIES, VoteTallyMark):
        db.session.execute(delete(model).where(model.edition_id == edition_id))
    db.session.flush()
