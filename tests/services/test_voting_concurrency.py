"""The unique constraint under concurrency, on PostgreSQL: many threads, one voter, one category.

Each thread is a request of its own (its own app context, session and connection) and they all
pass the rule's check before any of them inserts; the constraint lets exactly one vote through
and every other request gets the 409 "already voted", never an error. Runs in the PostgreSQL
pass (``TEST_DATABASE_URL``) on a database of its own, since the threads must see committed
rows; the SQLite pass skips it (SQLite takes one writer at a time, so no race exists there).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from awards import create_app
from awards.accounts.models import User
from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.submissions.models import Entry
from awards.transaction import commit, rollback
from awards.voting.ballots import Evidence, VoteRefused, cast_vote
from awards.voting.models import Vote, VotingSettings
from tests.conftest import Clock, schedule_kwargs, test_config
from tests.entry_factory import make_entry
from tests.voting_factory import nominate

THREADS = 24
NOW = Clock.DURING_VOTING


@pytest.fixture
def race_app() -> Iterator[Flask]:
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip(
            "PostgreSQL only (the PostgreSQL pass runs it): SQLite has no concurrent writers"
        )
    url = make_url(base)
    name = f"{url.database}_race_{os.getpid()}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    app = create_app(
        test_config(
            url.set(database=name).render_as_string(hide_password=False),
            SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": THREADS + 2},
        )
    )
    try:
        with app.app_context():
            db.create_all()
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _world(app: Flask, *, allow_change: bool) -> dict[str, Any]:
    with app.app_context():
        edition = Edition(year=2021, title="WSIS Prizes 2021", **schedule_kwargs())
        edition.categories.append(Category(number=1, action_line="C1", name="Category 1"))
        db.session.add(edition)
        owner = User(
            name="Owner",
            email="owner@example.org",
            email_key="owner@example.org",
            password_hash="x",
            stakeholder_type="civil_society",
            country="CH",
            email_verified_at=NOW,
        )
        voter = User(
            name="Voter",
            email="voter@example.org",
            email_key="voter@example.org",
            password_hash="x",
            stakeholder_type="civil_society",
            country="CH",
            email_verified_at=NOW,
        )
        db.session.add_all([owner, voter])
        db.session.flush()
        entries = nominate(make_entry(edition, owner) for _ in range(4))
        db.session.add(VotingSettings(edition_id=edition.id, allow_change=allow_change))
        db.session.commit()
        return {"voter": voter.id, "entries": [e.id for e in entries]}


def _race(app: Flask, world: dict[str, Any]) -> list[Any]:
    start = threading.Barrier(THREADS)
    results: list[Any] = []
    lock = threading.Lock()

    def request(n: int) -> None:
        with app.app_context():
            voter = db.session.get(User, world["voter"])
            entry = db.session.get(Entry, world["entries"][n % len(world["entries"])])
            assert voter is not None
            assert entry is not None
            _ = (voter.roles, entry.edition)  # loaded before the start, like a request's reads
            start.wait(timeout=30)
            try:
                vote = cast_vote(voter, entry, now=NOW, evidence=Evidence(ip=f"192.0.2.{n}"))
                commit()
                outcome: Any = ("ok", vote.receipt)
            except VoteRefused as refused:
                rollback()
                outcome = (refused.status_code, refused.message)
            except Exception as exc:  # noqa: BLE001 - any other outcome is the bug we look for
                rollback()
                outcome = ("error", repr(exc))
            finally:
                db.session.remove()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=request, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _stored(app: Flask) -> list[Vote]:
    with app.app_context():
        return list(db.session.scalars(select(Vote).order_by(Vote.sequence)))


def test_many_parallel_votes_of_one_voter_in_one_category_make_exactly_one(race_app: Flask) -> None:
    world = _world(race_app, allow_change=False)
    results = _race(race_app, world)
    assert len(results) == THREADS
    successes = [r for r in results if r[0] == "ok"]
    assert len(successes) == 1
    assert [r for r in results if r[0] != "ok"] == [
        (409, "You have already voted in this category.")
    ] * (THREADS - 1)
    stored = _stored(race_app)
    assert [v.receipt for v in stored] == [successes[0][1]]


def test_parallel_changes_keep_one_vote_per_sequence_and_no_error(race_app: Flask) -> None:
    world = _world(race_app, allow_change=True)
    results = _race(race_app, world)
    assert [r for r in results if r[0] not in ("ok", 409)] == []
    successes = {r[1] for r in results if r[0] == "ok"}
    stored = _stored(race_app)
    # Every success is stored, nothing else is, and the sequences run 1, 2, 3... without a gap.
    assert {v.receipt for v in stored} == successes
    assert [v.sequence for v in stored] == list(range(1, len(stored) + 1))
    with race_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Vote)) == len(successes)
