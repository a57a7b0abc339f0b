"""Issue 9 figure: a category ranking of 100 entries × 3 reviews, p95 <= 100 ms.

A fresh SQLite file (this script's own, in a temporary folder) holds one edition of 18
categories with 100 eligible entries each, every entry reviewed three times (submitted round-1
reviews) by 60 experts: 5,400 scores, all normalised together as the rankings page does (an
expert's leniency is measured over the whole edition). Then, in process through Flask's test
client as an organiser (the same method as ``bench_entries.py``: no network), ``--requests``
requests of the organisers' category ranking page over the categories after a warm-up, and as
many calls of the service ``category_ranking`` alone; p50/p95 in milliseconds of wall clock,
and the page's p95 in CPU time of this process (the database is in process too). Prints a
summary and, as its last line, one JSON object with the flat figures (read by
``benchmarks/run.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from awards import create_app  # noqa: E402
from awards.accounts.models import RoleGrant, User  # noqa: E402
from awards.accounts.roles import Role  # noqa: E402
from awards.contest.models import Category, Edition  # noqa: E402
from awards.contest.services import calendar_2021  # noqa: E402
from awards.extensions import db  # noqa: E402
from awards.review.models import AssignmentState, ReviewAssignment  # noqa: E402
from awards.review.rankings import category_ranking  # noqa: E402
from awards.stakeholders import StakeholderType  # noqa: E402
from awards.submissions.models import Entry, EntryState, ProjectStatus, Screening  # noqa: E402

CATEGORIES, PER_CATEGORY, PER_ENTRY, EXPERTS = 18, 100, 3, 60
P95_TARGET_MS = 100.0


def make_app(url: str) -> Any:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-" + os.urandom(8).hex(),
            "WTF_CSRF_ENABLED": False,
            "MAIL_DELIVER_AFTER_COMMIT": False,
            "MAIL_CONSOLE": False,
            "RATELIMIT_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
            "SERVER_NAME": "awards.test",
        }
    )


def _user(i: int, name: str, at: datetime) -> dict[str, Any]:
    return {
        "id": i,
        "name": name,
        "email": f"u{i}@bench.test",
        "email_key": f"u{i}@bench.test",
        "password_hash": "!",
        "stakeholder_type": StakeholderType.ACADEMIA,
        "country": "CH",
        "email_verified_at": at,
        "locale": "en",
        "security_stamp": 0,
        "is_active_account": True,
        "created_at": at,
    }


def seed(rng: random.Random) -> tuple[int, int, list[int]]:
    """The edition, its organiser, entries and reviews. Returns (organiser, edition, categories)."""
    at = datetime(2021, 2, 10, 12, tzinfo=UTC)
    edition = Edition(year=2021, title="WSIS Prizes 2021 (benchmark)", **calendar_2021())
    for number in range(1, CATEGORIES + 1):
        edition.categories.append(
            Category(number=number, action_line=f"C{number}", name=f"Category {number}")
        )
    organiser = User(**{k: v for k, v in _user(1, "Organiser", at).items() if k != "id"})
    organiser.roles.append(RoleGrant(role=Role.ORGANISER, edition_id=None))
    db.session.add_all([edition, organiser])
    db.session.flush()
    experts = [organiser.id + 1 + j for j in range(EXPERTS)]
    db.session.execute(insert(User), [_user(i, f"Expert {i}", at) for i in experts])
    owner = experts[-1] + 1
    db.session.execute(insert(User), [_user(owner, "Submitter", at)])
    # Each expert has a leniency of their own, as real panels do.
    leniency = {e: rng.uniform(-1.5, 1.5) for e in experts}
    entries, reviews, n = [], [], 0
    for category in edition.categories:
        for _ in range(PER_CATEGORY):
            n += 1
            quality = rng.uniform(3, 8)
            entries.append(
                {
                    "id": n,
                    "edition_id": edition.id,
                    "category_id": category.id,
                    "owner_id": owner,
                    "state": EntryState.SUBMITTED,
                    "screening": Screening.ELIGIBLE,
                    "version": 1,
                    "title": f"Project {n} for digital inclusion",
                    "title_key": f"project {n} for digital inclusion",
                    "entity_name": f"Organisation {n}",
                    "entity_key": f"organisation {n}",
                    "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
                    "country": "KE",
                    "region": "Africa",
                    "website": "",
                    "website_key": "",
                    "start_date": date(2019, 1, 1),
                    "project_status": ProjectStatus.COMPLETED,
                    "declared_previous_winner": False,
                    "created_at": at - timedelta(days=30),
                    "updated_at": at - timedelta(days=20),
                    "submitted_at": at - timedelta(days=20),
                }
            )
            for expert in rng.sample(experts, PER_ENTRY):
                score = min(10.0, max(1.0, quality + leniency[expert] + rng.gauss(0, 1)))
                reviews.append(
                    {
                        "edition_id": edition.id,
                        "entry_id": n,
                        "expert_id": expert,
                        "round": 1,
                        "state": AssignmentState.SUBMITTED,
                        "created_at": at - timedelta(days=5),
                        "submitted_at": at,
                        "updated_at": at,
                        "weighted_score": round(score * 8) / 8,  # 8 criteria of weight 1
                        "comment_organisers": "Reviewed.",
                        "comment_team": "",
                    }
                )
    for table, rows in ((Entry, entries), (ReviewAssignment, reviews)):
        for start in range(0, len(rows), 1000):
            db.session.execute(insert(table), rows[start : start + 1000])
    db.session.commit()
    return organiser.id, edition.id, [c.id for c in edition.categories]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    rng = random.Random(2021)  # noqa: S311 - test data
    with tempfile.TemporaryDirectory(prefix="bench-rankings-") as folder:
        app = make_app(f"sqlite:///{folder}/bench.sqlite")
        with app.app_context():
            db.create_all()
            organiser_id, edition_id, category_ids = seed(rng)
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = db.session.get(User, organiser_id).get_id()
                session["_fresh"] = True
            paths = [
                f"/organise/editions/{edition_id}/rankings/{rng.choice(category_ids)}"
                for _ in range(args.requests + 10)
            ]
            page_ms, page_cpu_ms = [], []
            for index, path in enumerate(paths):
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get(path)
                response.get_data()
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
                if index >= 10:  # after the warm-up
                    page_ms.append(elapsed)
                    page_cpu_ms.append((time.process_time() - cpu) * 1000)
            service_ms = []
            edition = db.session.get(Edition, edition_id)
            categories = list(edition.categories)
            for _ in range(args.requests):
                category = rng.choice(categories)
                started = time.perf_counter()
                rows = category_ranking(edition, category)
                service_ms.append((time.perf_counter() - started) * 1000)
                assert len(rows) == PER_CATEGORY
            db.session.remove()
            db.engine.dispose()
    flat = {
        f"category ranking p95 ({PER_CATEGORY} entries × {PER_ENTRY} reviews) ms "
        f"(target {P95_TARGET_MS:g})": round(percentile(page_ms, 95), 1),
        "category ranking page p50 ms": round(percentile(page_ms, 50), 1),
        # On a shared machine the wall clock counts other people's work too; CPU time ours.
        "category ranking page CPU p95 ms": round(percentile(page_cpu_ms, 95), 1),
        "category ranking service p95 ms": round(percentile(service_ms, 95), 1),
        "ranking_entries": CATEGORIES * PER_CATEGORY,
    }
    print(  # noqa: T201 - the script's report
        f"SQLite, {CATEGORIES} categories x {PER_CATEGORY} entries x {PER_ENTRY} reviews, "
        f"{EXPERTS} experts | ranking page p50 {flat['category ranking page p50 ms']} ms, "
        f"p95 {percentile(page_ms, 95):.1f} ms (target {P95_TARGET_MS:g}) over {len(page_ms)} "
        f"requests | service p95 {flat['category ranking service p95 ms']} ms "
        f"(mean {statistics.fmean(service_ms):.1f})",
        flush=True,
    )
    print(json.dumps(flat, ensure_ascii=False), flush=True)  # noqa: T201 - read by run.py
    return 0


if __name__ == "__main__":
    sys.exit(main())
