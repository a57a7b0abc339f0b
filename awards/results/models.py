"""Results: tally snapshots (with the checksum of their inputs) and their publication."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from awards import clock
from awards.contest.models import Edition
from awards.extensions import Model


class TallySnapshot(Model):
    """A stored tally of an edition: per category the counts, Champions and Merkle root, and
    a checksum of the valid votes it was computed from (``flask awards verify-tally``)."""

    __tablename__ = "tally_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: SHA-256 over the sorted valid votes of every category (hex).
    inputs_checksum: Mapped[str] = mapped_column(String(64))
    #: {category number: {"counts": {entry id: n}, "champions": [...], "root": hex, "size": n,
    #: "checksum": hex}}
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    edition: Mapped[Edition] = relationship()


class Publication(Model):
    """An edition's results made public (once): which snapshot, when, by whom."""

    __tablename__ = "results_publication"
    __table_args__ = (UniqueConstraint("edition_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("tally_snapshot.id", ondelete="RESTRICT"))
    published_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    #: Whether per-project vote counts are public too (off by default).
    counts_public: Mapped[bool] = mapped_column(default=False, server_default=false())

    snapshot: Mapped[TallySnapshot] = relationship()


class ResultNotice(Model):
    """One results e-mail queued to one person of a nominee's team: the outbox row and this
    one are committed together, so a re-run after a failure skips whoever was told."""

    __tablename__ = "result_notice"
    __table_args__ = (UniqueConstraint("edition_id", "entry_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    #: "winner", "champion" or "nominee".
    kind: Mapped[str] = mapped_column(String(16))
    queued_at: Mapped[datetime] = mapped_column(default=clock.utcnow)
