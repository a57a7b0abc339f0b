"""Issue 11 figures on PostgreSQL: the tally and the Merkle snapshot over 2 million votes.

Creates (or re-creates) the database ``awards_bench_results`` next to ``$BENCH_PG_URL`` (or
``--pg-admin-url``), migrates it with ``flask db upgrade``, seeds one edition of 18
categories with 20 nominees each (360), ``--votes`` votes (default 2,000,000) from voters who
vote in every category, and a few quarantines, all with SQL ``INSERT ... SELECT``. Then, in
the same run and on the same table:

* the bare ``SELECT category_id, entry_id, count(*) FROM vote GROUP BY 1, 2``: median of 5;
* ``valid_counts`` (current votes minus quarantines, one aggregate query): median of 5;
  targets <= 1 s and <= 2x the bare query;
* the Merkle snapshot: every category's tree over its valid votes (streamed receipts, hashed
  with hashlib) and the tally stored: median of 3; target <= 10 s.

The last stdout line is one JSON object of flat figures (read by benchmarks/run.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_entries import make_app, seed  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from awards.accounts.models import User  # noqa: E402
from awards.contest.models import Edition  # noqa: E402
from awards.extensions import db  # noqa: E402
from awards.results.snapshots import take_snapshot  # noqa: E402
from awards.review.selection_models import CategoryNomination, Nominee  # noqa: E402
from awards.submissions.models import Entry, EntryState  # noqa: E402
from awards.voting.valid_votes import valid_counts  # noqa: E402

PG_DATABASE = "awards_bench_results"
TALLY_TARGET_S = 1.0
TALLY_RATIO_TARGET = 2.0
MERKLE_TARGET_S = 10.0
CATEGORIES = 18
NOMINEES = 20


def fresh_postgres(admin_url: str) -> str:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
    engine.dispose()
    return make_url(admin_url).set(database=PG_DATABASE).render_as_string(hide_password=False)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def seed_votes(votes: int) -> tuple[Edition, int]:
    """An edition of 800 entries (``bench_entries.seed``), 360 nominees, and ceil(votes / 18)
    voters voting in every category. Returns the edition and the votes written."""
    seed(800, random.Random(11))  # noqa: S311 - fake entries
    edition = db.session.scalar(select(Edition))
    assert edition is not None
    cast = datetime(2021, 3, 10, tzinfo=UTC)
    for category in edition.categories:
        ids = db.session.scalars(
            select(Entry.id)
            .where(Entry.category_id == category.id, Entry.state == EntryState.SUBMITTED)
            .order_by(Entry.id)
            .limit(NOMINEES)
        ).all()
        for place, entry_id in enumerate(ids, start=1):
            db.session.add(
                Nominee(
                    edition_id=edition.id,
                    category_id=category.id,
                    entry_id=entry_id,
                    rank=place,
                    normalised_score=10 - place / 5,
                )
            )
        db.session.add(CategoryNomination(edition_id=edition.id, category_id=category.id))
    db.session.flush()
    voters = -(-votes // CATEGORIES)
    first = (db.session.scalar(select(db.func.max(User.id))) or 0) + 1
    db.session.execute(
        text(
            "INSERT INTO user_account (id, name, email, email_key, password_hash,"
            " stakeholder_type, country, locale, email_verified_at, security_stamp,"
            " session_stamp, is_active_account, created_at)"
            " SELECT :first + g, 'Voter ' || g, 'v' || g || '@bench.test',"
            " 'v' || g || '@bench.test', '!', 'civil_society', 'KE', 'en', :at, 0, 0, true, :at"
            " FROM generate_series(0, :n - 1) AS g"
        ),
        {"first": first, "n": voters, "at": cast - timedelta(days=30)},
    )
    # Each voter votes once in every category, for a nominee picked by a hash of (voter,
    # category), skewed towards the first nominees as campaigns skew real votes.
    db.session.execute(
        text(
            "WITH n AS (SELECT category_id, array_agg(entry_id ORDER BY rank) AS ids"
            " FROM nominee WHERE edition_id = :edition GROUP BY category_id)"
            " INSERT INTO vote (edition_id, category_id, entry_id, voter_id, sequence, receipt,"
            " cast_at, account_created_at, subnet, agent_key)"
            " SELECT :edition, n.category_id,"
            "  n.ids[1 + (19 - floor(sqrt(abs(hashtext(g::text || '-' || n.category_id))"
            "   % 400))::int)"
            "   % cardinality(n.ids)],"
            "  :first + g, 1, md5(g::text || '-' || n.category_id::text),"
            "  :at + (g % 2592000) * interval '1 second', :at - interval '30 days',"
            "  '10.' || (g % 250) || '.' || (g / 250 % 250) || '.0/24', 'ua' || (g % 40)"
            " FROM generate_series(0, :voters - 1) AS g CROSS JOIN n"
        ),
        {"edition": edition.id, "first": first, "voters": voters, "at": cast},
    )
    db.session.execute(
        text(
            "INSERT INTO quarantine (edition_id, kind, voter_id, reason, note, created_at)"
            " SELECT :edition, 'account', :first + g, 'subnet', 'bench', :at"
            " FROM generate_series(0, 499) AS g"
        ),
        {"edition": edition.id, "first": first, "at": cast},
    )
    db.session.commit()
    # The planner's statistics, as autovacuum would leave them after 2M inserts; committed, or
    # PostgreSQL rolls them back with the transaction and plans for an empty table.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return edition, db.session.scalar(text("SELECT count(*) FROM vote")) or 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-admin-url", default=os.environ.get("BENCH_PG_URL"))
    parser.add_argument("--votes", type=int, default=2_000_000)
    args = parser.parse_args(argv)
    if not args.pg_admin_url:
        print(json.dumps({"note": "not measured: no PostgreSQL URL"}))  # noqa: T201
        return 1
    url = fresh_postgres(args.pg_admin_url)
    app = make_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        started = time.perf_counter()
        edition, written = seed_votes(args.votes)
        seeded_s = time.perf_counter() - started
        bare_s, _ = timed(
            lambda: db.session.execute(
                text("SELECT category_id, entry_id, count(*) FROM vote GROUP BY 1, 2")
            ).all(),
            5,
        )
        tally_s, counts = timed(lambda: valid_counts(edition.id), 5)
        organiser = db.session.scalar(select(User).where(User.email == "organiser@bench.test"))
        assert organiser is not None
        after = edition.voting_closes + timedelta(days=1)

        def snapshot() -> Any:
            taken = take_snapshot(edition, actor=organiser, now=after)
            db.session.rollback()
            return taken

        merkle_s, _ = timed(snapshot, 3)
        valid = sum(counts.values())
    figures = {
        "tally_votes": written,
        f"tally of {written:,} votes (valid_counts) s (target {TALLY_TARGET_S:g})": round(
            tally_s, 3
        ),
        f"bare GROUP BY over the same {written:,} votes s": round(bare_s, 3),
        f"tally / bare GROUP BY ratio (target {TALLY_RATIO_TARGET:g})": round(tally_s / bare_s, 2),
        f"Merkle snapshot of {valid:,} valid votes s (target {MERKLE_TARGET_S:g})": round(
            merkle_s, 2
        ),
        "seeding s": round(seeded_s, 1),
    }
    print(json.dumps(figures), flush=True)  # noqa: T201 - last line read by benchmarks/run.py
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
