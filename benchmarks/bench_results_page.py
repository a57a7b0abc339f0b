"""Issue 11's figure: the public results page's p95 (target 30 ms).

An edition of 800 entries (``bench_entries.seed``), 10 nominees per category and a few
thousand votes (written here, so that it runs on SQLite too) is tallied, its Winners
confirmed and its results published; then ``GET /results/2021`` is requested 300 times
with the test client (after 20 warm-up requests) and the 95th percentile reported. SQLite
in a temporary file by default, or ``--database-url``. The last stdout line is JSON for
benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_entries import make_app, seed  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from awards.accounts.models import User  # noqa: E402
from awards.contest.models import Edition  # noqa: E402
from awards.extensions import db  # noqa: E402
from awards.paths import ROOT  # noqa: E402
from awards.results.publishing import publish  # noqa: E402
from awards.results.snapshots import record_champions_from, take_snapshot  # noqa: E402
from awards.review.champions import champions_of  # noqa: E402
from awards.review.selection_models import CategoryNomination, Nominee, WinnerDecision  # noqa: E402
from awards.stakeholders import StakeholderType  # noqa: E402
from awards.submissions.models import Entry, EntryState  # noqa: E402
from awards.voting.models import Vote  # noqa: E402

TARGET_MS = 30.0
NOMINEES = 10


def seed_votes(voters: int) -> Edition:
    """800 entries, ``NOMINEES`` nominees per category, ``voters`` voting in every category."""
    seed(800, random.Random(11))  # noqa: S311 - fake entries
    edition = db.session.scalar(select(Edition))
    assert edition is not None
    cast = edition.voting_opens + timedelta(days=3)
    nominees: dict[int, list[int]] = {}
    for category in edition.categories:
        ids = db.session.scalars(
            select(Entry.id)
            .where(Entry.category_id == category.id, Entry.state == EntryState.SUBMITTED)
            .order_by(Entry.id)
            .limit(NOMINEES)
        ).all()
        nominees[category.id] = list(ids)
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
    first = (db.session.scalar(select(db.func.max(User.id))) or 0) + 1
    db.session.execute(
        insert(User),
        [
            {
                "id": first + g,
                "name": f"Voter {g}",
                "email": f"v{g}@bench.test",
                "email_key": f"v{g}@bench.test",
                "password_hash": "!",
                "country": "KE",
                "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
                "email_verified_at": cast - timedelta(days=30),
            }
            for g in range(voters)
        ],
    )
    rng = random.Random(7)  # noqa: S311 - fake votes
    rows = []
    for g in range(voters):
        for category_id, ids in nominees.items():
            rows.append(
                {
                    "edition_id": edition.id,
                    "category_id": category_id,
                    "entry_id": ids[min(int(rng.expovariate(0.4)), len(ids) - 1)],
                    "voter_id": first + g,
                    "sequence": 1,
                    "receipt": f"{g:08d}{category_id:08d}",
                    "cast_at": cast,
                    "account_created_at": cast - timedelta(days=30),
                    "subnet": f"10.{g % 250}.0.0/24",
                }
            )
    db.session.execute(insert(Vote), rows)
    db.session.commit()
    return edition


RUNS, WARM_UP = 300, 20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", help="default: SQLite in a temporary file")
    parser.add_argument("--voters", type=int, default=500)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench-results-page.db"
        app = make_app(url)
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            edition = seed_votes(args.voters)
            organiser = db.session.scalar(select(User).where(User.email == "organiser@bench.test"))
            assert organiser is not None
            after = edition.voting_closes + timedelta(days=1)
            snapshot = take_snapshot(edition, actor=organiser, now=after)
            record_champions_from(snapshot, actor=organiser, now=after)
            for category_id, rows in champions_of(edition).items():
                db.session.add(
                    WinnerDecision(
                        edition_id=edition.id, category_id=category_id, entry_id=rows[0].entry_id
                    )
                )
            db.session.flush()
            publish(edition, actor=organiser, now=after)
            db.session.commit()
            year = edition.year
        client = app.test_client()
        times = []
        for i in range(WARM_UP + RUNS):
            started = time.perf_counter()
            response = client.get(f"/results/{year}")
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if i >= WARM_UP:
                times.append(elapsed)
    p95 = statistics.quantiles(times, n=100)[94]
    figures = {
        f"public results page p95 ms (target {TARGET_MS:g})": round(p95, 2),
        "public results page median ms": round(statistics.median(times), 2),
    }
    print(json.dumps(figures), flush=True)  # noqa: T201 - last line read by benchmarks/run.py
    return 0


if __name__ == "__main__":
    sys.exit(main())
