"""Running tallies of the votes cast, for the fraud signals and the live view.

Scanning two million votes takes seconds; these tables hold the same counts, added up once per
batch of votes (:mod:`awards.voting.tallies`), so the organisers' pages read a few hundred rows
through an index. They count every vote cast (changed and quarantined ones included: they are
traffic, not results; the results use :mod:`awards.voting.valid_votes`). The tallies can be
dropped and rebuilt from the votes at any time.

``hour`` is the number of whole hours since 1970-01-01 UTC of the vote's ``cast_at``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from awards.extensions import Model


class VoteTallyMark(Model):
    """How far the tallies of an edition go: every vote cast before ``sealed_until``."""

    __tablename__ = "vote_tally_mark"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True
    )
    sealed_until: Mapped[datetime | None]
    #: Votes counted so far.
    votes: Mapped[int] = mapped_column(default=0)


class VoteEntryTally(Model):
    """Votes cast for one nominee, and how many came from fresh accounts."""

    __tablename__ = "vote_entry_tally"

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(default=0)
    fresh_votes: Mapped[int] = mapped_column(default=0)


class VoteHourTally(Model):
    """Votes cast for one nominee in one hour, and how many came from fresh accounts."""

    __tablename__ = "vote_hour_tally"
    __table_args__ = (
        Index("ix_vote_hour_tally_votes", "edition_id", "votes"),
        Index("ix_vote_hour_tally_fresh", "edition_id", "fresh_votes"),
        Index("ix_vote_hour_tally_hour", "edition_id", "hour"),
    )

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True
    )
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(default=0)
    fresh_votes: Mapped[int] = mapped_column(default=0)


class VoteSubnetTally(Model):
    """Votes cast for one nominee from one /24 (IPv4) or /48 (IPv6) network."""

    __tablename__ = "vote_subnet_tally"
    __table_args__ = (
        Index("ix_vote_subnet_tally_votes", "edition_id", "votes"),
        Index("ix_vote_subnet_tally_category", "edition_id", "subnet", "category_id"),
    )

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True
    )
    subnet: Mapped[str] = mapped_column(String(64), primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(default=0)


class VoteAgentTally(Model):
    """Votes cast for one nominee with one user-agent fingerprint."""

    __tablename__ = "vote_agent_tally"
    __table_args__ = (
        Index("ix_vote_agent_tally_votes", "edition_id", "votes"),
        Index("ix_vote_agent_tally_category", "edition_id", "agent_key", "category_id"),
    )

    edition_id: Mapped[int] = mapped_column(
        ForeignKey("edition.id", ondelete="CASCADE"), primary_key=True
    )
    agent_key: Mapped[str] = mapped_column(String(16), primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(default=0)
