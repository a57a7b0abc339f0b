"""Issue 3 figures for organisers: the entries list and the CSV/XLSX exports over 5,000 entries.

Seeds ``--entries`` entries (with contacts and SDG answers) into one edition of a database
that this script EMPTIES first (a SQLite file in a temporary folder by default; a PostgreSQL
database given by ``--database-url``; or, when ``--pg-admin-url``/``BENCH_PG_URL`` is set and
no URL is given, a fresh ``awards_bench_entries`` database created next to SQLite). Then, in
process through Flask's test client (no network; the app, ORM and database are what is
measured):

* the organisers' list: ``--requests`` requests over varied filters, searches, sorts and pages
  (after a warm-up), p50/p95/max in milliseconds; target p95 <= 150 ms;
* the CSV and XLSX exports of every entry: best and median of 3 runs, seconds; target <= 2 s;
* the duplicates and charts pages, once each (for information).

Writes ``benchmarks/results/entries-<sqlite|postgresql>.json`` (or ``--out``), prints a
summary, and prints as its last line one JSON object with the flat figures (read by
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

from sqlalchemy import create_engine, insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from awards import create_app  # noqa: E402
from awards.accounts.models import Role, RoleGrant, User  # noqa: E402
from awards.contest.models import Category, Edition  # noqa: E402
from awards.contest.services import calendar_2021  # noqa: E402
from awards.extensions import db  # noqa: E402
from awards.geography import REGION_OF_COUNTRY  # noqa: E402
from awards.stakeholders import StakeholderType  # noqa: E402
from awards.submissions.models import (  # noqa: E402
    Entry,
    EntryContact,
    EntrySdg,
    EntryState,
    ProjectStatus,
    Screening,
)

RESULTS = ROOT / "benchmarks" / "results"
LIST_P95_TARGET_MS = 150.0
EXPORT_TARGET_S = 2.0
PG_DATABASE = "awards_bench_entries"

WORDS = (  # noqa: SIM905 - a sentence of words reads better than a list
    "digital inclusion rural women schools health clinics mobile broadband farmers market "
    "data open government services learning platform community network solar access youth "
    "innovation security trust cloud agriculture climate water early warning telemedicine "
    "literacy skills training small business payments identity e-government portal citizens "
    "indigenous languages culture media ethics cooperation regional infrastructure fibre"
).split()
COUNTRIES = sorted(REGION_OF_COUNTRY)
GENDERS = ("female", "male", "other", "undisclosed", None)


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize() + "."


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


def seed(count: int, rng: random.Random) -> tuple[int, list[int]]:
    """One edition of 18 categories, an organiser, and ``count`` entries. Returns ids."""
    at = datetime(2020, 11, 5, 8, tzinfo=UTC)
    edition = Edition(year=2021, title="WSIS Prizes 2021 (benchmark)", **calendar_2021())
    for number in range(1, 19):
        edition.categories.append(
            Category(number=number, action_line=f"C{number}", name=f"Category {number}")
        )
    organiser = User(
        name="Organiser",
        email="organiser@bench.test",
        email_key="organiser@bench.test",
        password_hash="!",  # noqa: S106 - no password: the benchmark signs in by session
        stakeholder_type=StakeholderType.INTERNATIONAL_ORGANIZATION,
        country="CH",
        email_verified_at=at,
    )
    organiser.roles.append(RoleGrant(role=Role.ORGANISER, edition_id=None))
    db.session.add_all([edition, organiser])
    db.session.flush()
    owners = []
    for i in range(max(1, count // 4)):
        owners.append(
            {
                "id": organiser.id + 1 + i,
                "name": f"Submitter {i}",
                "email": f"s{i}@bench.test",
                "email_key": f"s{i}@bench.test",
                "password_hash": "x",
                "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
                "country": "KE",
                "email_verified_at": at,
                "locale": rng.choice(["en", "fr", "es", "ar", "ru", "zh"]),
                "security_stamp": 0,
                "is_active_account": True,
                "created_at": at,
            }
        )
    db.session.execute(insert(User), owners)
    category_ids = [c.id for c in edition.categories]
    entries, contacts, sdgs = [], [], []
    span = (edition.submission_closes - at).total_seconds()
    for i in range(1, count + 1):
        state = rng.choices(
            [EntryState.SUBMITTED, EntryState.DRAFT, EntryState.WITHDRAWN], [90, 7, 3]
        )[0]
        screening = (
            rng.choice([Screening.PENDING, Screening.ELIGIBLE, Screening.INELIGIBLE])
            if state is EntryState.SUBMITTED
            else Screening.PENDING
        )
        submitted = at + timedelta(seconds=rng.uniform(0, span))
        country = rng.choice(COUNTRIES)
        title = words(rng, rng.randint(3, 9)).rstrip(".")
        entries.append(
            {
                "id": i,
                "edition_id": edition.id,
                "category_id": rng.choice(category_ids),
                "owner_id": rng.choice(owners)["id"],
                "state": state,
                "screening": screening,
                "ineligible_reason": "incomplete" if screening is Screening.INELIGIBLE else None,
                "version": 1,
                "title": title,
                "title_key": title.casefold(),
                "entity_name": f"Organisation {i}",
                "entity_key": f"organisation {i}",
                "stakeholder_type": rng.choice(list(StakeholderType)),
                "country": country,
                "region": REGION_OF_COUNTRY[country].value,
                "website": f"https://project{i}.example.org",
                "website_key": f"project{i}.example.org",
                "start_date": date(2018, 1, 1) + timedelta(days=rng.randint(0, 900)),
                "project_status": ProjectStatus.COMPLETED,
                "description": words(rng, 180),
                "impact_economic": words(rng, 60),
                "impact_social": words(rng, 60),
                "impact_environmental": words(rng, 60),
                "partnerships": words(rng, 60),
                "challenges": words(rng, 60),
                "declared_previous_winner": False,
                "created_at": submitted - timedelta(days=3),
                "updated_at": submitted,
                "submitted_at": submitted if state is EntryState.SUBMITTED else None,
                "withdrawn_at": submitted if state is EntryState.WITHDRAWN else None,
            }
        )
        for position in range(rng.randint(1, 3)):
            contacts.append(
                {
                    "entry_id": i,
                    "position": position,
                    "name": f"Contact {i}-{position}",
                    "email": f"c{i}-{position}@bench.test",
                    "job_title": "Project lead",
                    "gender": rng.choice(GENDERS),
                }
            )
        for sdg in rng.sample(range(1, 18), rng.randint(2, 4)):
            sdgs.append({"entry_id": i, "sdg": sdg, "answer": words(rng, 30)})
    for table, rows in ((Entry, entries), (EntryContact, contacts), (EntrySdg, sdgs)):
        for start in range(0, len(rows), 1000):
            db.session.execute(insert(table), rows[start : start + 1000])
    db.session.commit()
    return organiser.id, category_ids


def list_queries(rng: random.Random, category_ids: list[int], n: int) -> list[dict[str, Any]]:
    """Varied list requests: filters, searches, sorts, directions and pages."""
    makers = [
        lambda: {},
        lambda: {"page": rng.randint(1, 90)},
        lambda: {"category": rng.choice(category_ids)},
        lambda: {"region": rng.choice(["Africa", "Europe", "Americas", "Asia & Pacific"])},
        lambda: {"country": rng.choice(COUNTRIES)},
        lambda: {"stakeholder": rng.choice(list(StakeholderType)).value},
        lambda: {"state": rng.choice(["pending", "eligible", "ineligible", "draft"])},
        lambda: {"q": rng.choice(WORDS)},
        lambda: {"q": "kenya"},
        lambda: {
            "sort": rng.choice(["title", "category", "entity", "updated", "submitted"]),
            "direction": rng.choice(["asc", "desc"]),
            "page": rng.randint(1, 20),
        },
        lambda: {
            "category": rng.choice(category_ids),
            "state": "pending",
            "sort": "title",
            "page": rng.randint(1, 3),
        },
    ]
    return [rng.choice(makers)() | {"edition": 2021} for _ in range(n)]


#: CPU seconds of this process per request, in order: on a shared 2-core machine the wall
#: clock also counts other people's work, the CPU time only ours (and not the database
#: server's, for PostgreSQL).
CPU: list[float] = []


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def timed_get(client: Any, path: str, **query: Any) -> tuple[float, Any]:
    """Wall-clock seconds of one request (body consumed); CPU seconds go to ``CPU``."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(path, query_string=query)
    body = response.get_data()  # consume streamed bodies
    elapsed = time.perf_counter() - started
    CPU.append(time.process_time() - cpu)
    if response.status_code != 200:
        raise RuntimeError(f"{path} {query} answered {response.status_code}")
    return elapsed, body


def bench_one(url: str, entries: int, requests: int, seed_value: int = 2021) -> dict[str, Any]:
    rng = random.Random(seed_value)
    app = make_app(url)
    kind = make_url(url).get_backend_name()
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        organiser_id, category_ids = seed(entries, rng)
        seed_s = time.perf_counter() - started
        if kind == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        user = db.session.get(User, organiser_id)
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        base = "/organise/entries/"
        for query in list_queries(rng, category_ids, 10):  # warm-up
            timed_get(client, base, **query)
        CPU.clear()
        times = [
            timed_get(client, base, **q)[0] * 1000
            for q in list_queries(rng, category_ids, requests)
        ]
        list_cpu = [c * 1000 for c in CPU]
        csv_times, xlsx_times, csv_cpu, xlsx_cpu = [], [], [], []
        for _ in range(3):
            elapsed, body = timed_get(client, base + "export.csv", edition=2021)
            csv_times.append(elapsed)
            csv_cpu.append(CPU[-1])
            csv_bytes = len(body)
            elapsed, _ = timed_get(client, base + "export.xlsx", edition=2021)
            xlsx_times.append(elapsed)
            xlsx_cpu.append(CPU[-1])
        charts_s, _ = timed_get(client, base + "charts", edition=2021)
        duplicates_s, _ = timed_get(client, base + "duplicates", edition=2021)
        db.session.remove()
        db.engine.dispose()
    p95 = percentile(times, 95)
    return {
        "database": kind,
        "entries": entries,
        "method": "Flask test client, in process (no network)",
        "seed_s": round(seed_s, 2),
        "list": {
            "requests": len(times),
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(max(times), 1),
            "mean_ms": round(statistics.fmean(times), 1),
            "cpu_p50_ms": round(percentile(list_cpu, 50), 1),
            "cpu_p95_ms": round(percentile(list_cpu, 95), 1),
            "target_p95_ms": LIST_P95_TARGET_MS,
            "meets_target": p95 <= LIST_P95_TARGET_MS,
        },
        "export_csv": {
            "best_s": round(min(csv_times), 3),
            "median_s": round(statistics.median(csv_times), 3),
            "cpu_median_s": round(statistics.median(csv_cpu), 3),
            "megabytes": round(csv_bytes / 1e6, 1),
            "target_s": EXPORT_TARGET_S,
            "meets_target": statistics.median(csv_times) <= EXPORT_TARGET_S,
        },
        "export_xlsx": {
            "best_s": round(min(xlsx_times), 3),
            "median_s": round(statistics.median(xlsx_times), 3),
            "cpu_median_s": round(statistics.median(xlsx_cpu), 3),
            "target_s": EXPORT_TARGET_S,
            "meets_target": statistics.median(xlsx_times) <= EXPORT_TARGET_S,
        },
        "charts_page_s": round(charts_s, 3),
        "duplicates_page_s": round(duplicates_s, 3),
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def fresh_postgres(admin_url: str) -> str:
    """Create (or re-create) the benchmark database next to ``admin_url``; return its URL."""
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
    engine.dispose()
    return make_url(admin_url).set(database=PG_DATABASE).render_as_string(hide_password=False)


def summary(result: dict[str, Any]) -> str:
    lst, csv_, xlsx = result["list"], result["export_csv"], result["export_xlsx"]
    return (
        f"{result['database']}: {result['entries']} entries | list p50 {lst['p50_ms']} ms, "
        f"p95 {lst['p95_ms']} ms (target {lst['target_p95_ms']}; CPU p95 {lst['cpu_p95_ms']} ms) "
        f"over {lst['requests']} requests | CSV {csv_['median_s']} s ({csv_['megabytes']} MB, "
        f"CPU {csv_['cpu_median_s']} s) | XLSX {xlsx['median_s']} s (CPU "
        f"{xlsx['cpu_median_s']} s) (target "
        f"{EXPORT_TARGET_S} s) | charts {result['charts_page_s']} s | duplicates "
        f"{result['duplicates_page_s']} s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        help="database to EMPTY and seed (default: a SQLite file in a temporary folder)",
    )
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get("BENCH_PG_URL"),
        help="without --database-url, also measure PostgreSQL in a fresh database created "
        f"with this URL ({PG_DATABASE}); default $BENCH_PG_URL",
    )
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--out", help="JSON file (default benchmarks/results/entries-<db>.json)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-entries-") as folder:
        urls = [args.database_url] if args.database_url else [f"sqlite:///{folder}/bench.sqlite"]
        notes: dict[str, str] = {}
        if not args.database_url and args.pg_admin_url:
            try:
                urls.append(fresh_postgres(args.pg_admin_url))
            except Exception as exc:  # noqa: BLE001 - PostgreSQL absent: report, measure SQLite
                notes["postgresql"] = f"not measured: {type(exc).__name__}: {exc}"[:300]
        flat: dict[str, Any] = {"entries": args.entries}
        for url in urls:
            result = bench_one(url, args.entries, args.requests)
            kind = result["database"]
            default = RESULTS / f"entries-{kind}.json"
            out = Path(args.out) if args.out and len(urls) == 1 else default
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(result, indent=2) + "\n")
            print(summary(result), flush=True)  # noqa: T201 - the script's report
            print(f"  -> {out}", flush=True)  # noqa: T201
            flat[f"{kind} list p50 ms"] = result["list"]["p50_ms"]
            flat[f"{kind} list p95 ms (target 150)"] = result["list"]["p95_ms"]
            flat[f"{kind} CSV export s (target 2)"] = result["export_csv"]["median_s"]
            flat[f"{kind} XLSX export s (target 2)"] = result["export_xlsx"]["median_s"]
            flat[f"{kind} list CPU p95 ms"] = result["list"]["cpu_p95_ms"]
            flat[f"{kind} duplicates page s"] = result["duplicates_page_s"]
        flat.update(notes)
    print(json.dumps(flat), flush=True)  # noqa: T201 - last line read by benchmarks/run.py
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
