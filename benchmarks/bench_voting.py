"""Issue 10 figures: casting votes under gunicorn on PostgreSQL, beside /healthz and a bare app.

A fresh PostgreSQL database (``BENCH_PG_URL`` is the admin URL), migrated; an edition in its
voting phase with 18 categories of 20 nominees (360); 10,000 verified voters whose sessions are
signed with the application's own session serializer (no 10,000 sign-ins), each with the CSRF
token its confirmation form would carry. Then, in one run and under the same gunicorn settings
(sync workers, 2 x CPUs + 1 of them):

1. ``/healthz`` of the application, vote casting and the bare Flask app of
   ``benchmarks/bare_app.py``, each at 64 connections, in turn, in 5 rounds (this machine's
   speed drifts within minutes; the figures are medians over the rounds, each ratio the median
   of the rounds' own ratios);
2. in casting every request is a distinct voter and category, so each one should be a success
   (303 to the receipt); afterwards the votes in the database must equal the success responses
   exactly;
3. the category page (20 nominee cards, a signed-in voter's own order and progress) and the
   all-categories page (360 nominees), p95 at 2 connections (one per worker: service time,
   not queueing);
4. vote casting paced at the estimated peak of an edition (``PEAK_VOTES_PER_S``, docs/voting.md)
   over 64 connections: the latency a voter sees at that load, each counted from the moment its
   request was due;
5. a profile of 300 votes in process (cProfile, and the time spent waiting for PostgreSQL
   against the time spent in Python), written to ``benchmarks/results/voting-profile.txt``.

The load generator is ``benchmarks/http_load.py`` (Python: unlike wrk it stops by finishing the
requests in flight, which the "database == successes" check needs); all three throughputs are
measured with it, so their ratios compare like with like. Prints a summary and, as its last
line, one JSON object.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import secrets
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from http_load import AGENT, WORKERS, Job, gunicorn, load, paced  # noqa: E402
from itsdangerous import URLSafeTimedSerializer  # noqa: E402
from sqlalchemy import create_engine, event, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from awards import create_app  # noqa: E402
from awards.accounts.models import User  # noqa: E402
from awards.clock import utcnow  # noqa: E402
from awards.contest.rules import Phase  # noqa: E402
from awards.contest.services import calendar_with_phase_now, create_edition  # noqa: E402
from awards.extensions import db, login_manager  # noqa: E402
from awards.geography import region_of  # noqa: E402
from awards.review.selection_models import CategoryNomination, Nominee  # noqa: E402
from awards.stakeholders import StakeholderType  # noqa: E402
from awards.submissions.models import Entry, EntryState, Screening  # noqa: E402
from awards.voting.models import Vote  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres")
SECRET = secrets.token_hex(32)
YEAR = 2031
NOMINEES = 20
#: The busiest minute of an edition as docs/voting.md estimates it: the paced run's rate.
PEAK_VOTES_PER_S = 110.0
PRIVATE_ENV = ("DATABASE_URL", "TEST_DATABASE_URL", "AWARDS_REQUIRE_ALL", "SECRET_KEY", "PORT")
COUNTRIES = ("KE", "NG", "BR", "MX", "EG", "AE", "IN", "JP", "RU", "KZ", "CH", "PL", "AU", "PE")
TARGETS = {"vs_healthz": 0.5, "vs_bare": 0.2, "p99_ms": 100.0, "page_p95_ms": 30.0}


def log(message: str) -> None:
    print(f"[bench voting {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextmanager
def database() -> Iterator[str]:
    admin_url = make_url(PG_ADMIN_URL)
    name = f"awards_bench_voting_{int(time.time())}_{os.getpid()}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def app_config(url: str) -> dict[str, Any]:
    return {
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "AWARDS_BASE_URL": "http://127.0.0.1",
        "MAIL_CONSOLE": True,
        "MAIL_DELIVER_AFTER_COMMIT": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_VOTE": "1000000 per minute",
        "RATELIMIT_VOTE_ACCOUNT": "1000000 per minute",
    }


# --- the data ---------------------------------------------------------------------------------
def load_data(app: Any, voters: int) -> dict[str, Any]:
    """The edition, 360 nominees and ``voters`` accounts; their signed sessions."""
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        now = utcnow()
        dates = calendar_with_phase_now(Phase.VOTING, now, "Europe/Zurich")
        edition = create_edition(YEAR, "Voting bench", "Europe/Zurich", dates, wsis_categories=True)
        owner = User(
            name="Owner",
            email="owner@bench.test",
            email_key="owner@bench.test",
            password_hash="unused",  # noqa: S106 - nobody signs in with it
            stakeholder_type=StakeholderType.OTHER,
            country="CH",
            email_verified_at=now,
        )
        db.session.add(owner)
        db.session.flush()
        nominees: dict[int, list[int]] = {}
        serial = 0
        for category in edition.categories:
            entries = []
            for _ in range(NOMINEES):
                serial += 1
                country = COUNTRIES[serial % len(COUNTRIES)]
                region = region_of(country)
                entries.append(
                    Entry(
                        edition_id=edition.id,
                        category_id=category.id,
                        owner_id=owner.id,
                        state=EntryState.SUBMITTED,
                        screening=Screening.ELIGIBLE,
                        submitted_at=now - timedelta(days=60),
                        screened_at=now,
                        title=f"Digital services for rural communities, project {serial:03d}",
                        title_key=f"project {serial:03d}",
                        entity_name=f"Community Network Association {serial:03d}",
                        entity_key=f"association {serial:03d}",
                        country=country,
                        region=region.value if region else None,
                        stakeholder_type=list(StakeholderType)[serial % 6],
                        description=(
                            "The project connects schools, clinics and cooperatives "
                            "with affordable broadband and trains local people. "
                        )
                        * 12,
                    )
                )
            db.session.add_all(entries)
            db.session.flush()
            for rank, entry in enumerate(entries, start=1):
                db.session.add(
                    Nominee(
                        edition_id=edition.id, category_id=category.id, entry_id=entry.id, rank=rank
                    )
                )
            db.session.add(CategoryNomination(edition_id=edition.id, category_id=category.id))
            nominees[category.number] = [e.id for e in entries]
        created = now - timedelta(days=10)
        rows = [
            {
                "name": f"Voter {n}",
                "email": f"voter{n}@bench.test",
                "email_key": f"voter{n}@bench.test",
                "password_hash": "unused",
                "stakeholder_type": StakeholderType.CIVIL_SOCIETY,
                "country": "CH",
                "locale": "en",
                "email_verified_at": created,
                "created_at": created,
                "security_stamp": 0,
                "session_stamp": 0,
                "is_active_account": True,
            }
            for n in range(voters)
        ]
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(User), rows[start : start + 2000])
        ids = list(
            db.session.scalars(select(User.id).where(User.email.like("voter%")).order_by(User.id))
        )
        db.session.commit()
    serializer = app.session_interface.get_signing_serializer(app)
    csrf = URLSafeTimedSerializer(SECRET, salt="wtf-csrf-token")
    # The session's "_id" as Flask-Login computes it for this address and agent: with another
    # one, every vote would mark its session non-fresh and send a new cookie (a browser keeps
    # that cookie; the load generator replays the first one).
    headers = {"User-Agent": AGENT}
    with app.test_request_context(headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}):
        identifier = login_manager._session_identifier_generator()
    sessions = []
    for user_id in ids:
        raw = secrets.token_hex(20)
        cookie = serializer.dumps(
            {"_user_id": f"{user_id}:0:0", "_fresh": True, "_id": identifier, "csrf_token": raw}
        )
        sessions.append((cookie, csrf.dumps(raw)))
    return {"nominees": nominees, "sessions": sessions}


def vote_jobs(data: dict[str, Any], voters: range) -> list[Job]:
    """(method, path, cookie, body) of one vote per voter and category, category by category."""
    jobs = []
    for number, entries in sorted(data["nominees"].items()):
        for index in voters:
            cookie, token = data["sessions"][index]
            entry = entries[(index * 7 + number) % len(entries)]
            body = urlencode({"csrf_token": token, "category": str(number)})
            jobs.append(("POST", f"/vote/{YEAR}/nominees/{entry}/cast", cookie, body))
    return jobs


# --- the profile --------------------------------------------------------------------------------
def profile_votes(url: str, data: dict[str, Any], voters: range) -> dict[str, Any]:
    """300 votes in process: where the time goes, and how much of it waits for PostgreSQL."""
    app = create_app({**app_config(url), "AWARDS_ENV": "production", "SERVER_NAME": None})
    client = app.test_client()
    jobs = vote_jobs(data, voters)[:300]
    statements = [0]
    waiting = [0.0]
    committing = [0.0]
    commits = [0.0]
    with app.app_context():
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def before(connection: Any, *_: Any) -> None:
            statements[0] += 1
            connection.info["bench_started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(connection: Any, *_: Any) -> None:
            waiting[0] += time.perf_counter() - connection.info.pop("bench_started")

        @event.listens_for(engine, "commit")
        def on_commit(connection: Any) -> None:
            statements[0] += 1  # the COMMIT's round trip
            committing[0] = time.perf_counter()

    @event.listens_for(Session, "after_commit")
    def committed(_: Any) -> None:
        if committing[0]:
            waiting[0] += time.perf_counter() - committing[0]
            commits[0] += time.perf_counter() - committing[0]
            committing[0] = 0.0

    def cast_all(batch: list[Job]) -> Counter[int]:
        codes: Counter[int] = Counter()
        for _, path, cookie, body in batch:
            client.set_cookie("session", cookie, domain="localhost")
            response = client.post(
                path,
                data=body,
                content_type="application/x-www-form-urlencoded",
                headers={"User-Agent": AGENT},
                environ_base={"REMOTE_ADDR": "127.0.0.1"},
            )
            codes[response.status_code] += 1
        return codes

    # Timed without the profiler first (its overhead would inflate Python's share)...
    half = len(jobs) // 2
    started, cpu = time.perf_counter(), time.process_time()
    codes = cast_all(jobs[:half])
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    timed = {"statements": statements[0], "waiting": waiting[0], "commits": commits[0]}
    # ...then profiled, for where the time goes.
    profiler = cProfile.Profile()
    profiler.enable()
    codes += cast_all(jobs[half:])
    profiler.disable()
    breakdown = _breakdown(pstats.Stats(profiler), len(jobs) - half)
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(40)
    tottime = io.StringIO()
    pstats.Stats(profiler, stream=tottime).sort_stats("tottime").print_stats(25)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "voting-profile.txt").write_text(
        f"{len(jobs) - half} votes in process under cProfile (statuses of all {len(jobs)}: "
        f"{dict(codes)})\n\n"
        "By cumulative time:\n" + report.getvalue() + "\nBy own time:\n" + tottime.getvalue()
    )
    return {
        "votes": len(jobs),
        "statuses": dict(codes),
        "ms_per_vote": round(total * 1000 / half, 2),
        "cpu_ms_per_vote": round(cpu * 1000 / half, 2),
        "database_wait_ms_per_vote": round(timed["waiting"] * 1000 / half, 2),
        "statements_per_vote": round(timed["statements"] / half, 1),
        "commit_ms_per_vote": round(timed["commits"] * 1000 / half, 2),
        "profiled_ms_per_vote_by_part": breakdown,
    }


#: Parts of a vote's request, by (file ending, function) in the profile.
PARTS = {
    "whole request": ("flask/app.py", "wsgi_app"),
    "loading the account (Flask-Login)": ("awards/accounts/loader.py", "load_user"),
    "rate limits (Flask-Limiter)": ("flask_limiter/_extension.py", "_check_request_limit"),
    "CSRF check": ("flask_wtf/csrf.py", "protect"),
    "the cast view": ("awards/voting/public_views.py", "cast"),
    "the ballot: entry, nominee status, settings, current vote (one query)": (
        "awards/voting/ballots.py",
        "ballot_entry",
    ),
    "cast_ballot (rule and insert)": ("awards/voting/ballots.py", "cast_ballot"),
    "the vote and its evidence (one INSERT)": ("awards/voting/vote_rows.py", "insert_vote"),
    "commit": ("awards/transaction.py", "commit"),
    "waiting on PostgreSQL (psycopg)": ("psycopg/connection.py", "wait"),
}


def _breakdown(stats: pstats.Stats, votes: int) -> dict[str, float]:
    """Cumulative profiled milliseconds per vote of each part (cProfile inflates them alike)."""
    found: dict[str, float] = {}
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        for part, (ending, name) in PARTS.items():
            if filename.endswith(ending) and function == name:
                found[part] = found.get(part, 0.0) + row[3]
    return {part: round(found.get(part, 0.0) * 1000 / votes, 2) for part in PARTS}


def _rounds(port: int, bare_port: int, jobs: list[Job], args: Any) -> list[dict[str, Any]]:
    """``/healthz``, casting and the bare app in turn, ``args.rounds`` times.

    This machine's speed drifts by a third within minutes (other tenants of the host): each
    round's three throughputs are measured within seconds of each other, and the figures are
    the medians over the rounds. Each round casts its own share of the votes (no voter and
    category twice).
    """
    seconds = args.seconds / args.rounds
    rounds = []
    for number in range(args.rounds):
        log(f"round {number + 1}: /healthz, votes, bare app at {args.connections} connections")
        healthz = load(port, [("GET", "/healthz", "", "")], args.connections, seconds)
        votes = load(port, jobs[number :: args.rounds], args.connections, seconds, cycle=False)
        bare = load(bare_port, [("GET", "/", "", "")], args.connections, seconds)
        rounds.append({"healthz": healthz, "votes": votes, "bare": bare})
    return rounds


# --- main ---------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    profile_voters = 300
    single_voters = 100
    paced_voters = 100  # 1,800 votes: more than the paced run sends
    with database() as url:
        env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
        env.update(
            AWARDS_ENV="production",
            SECRET_KEY=SECRET,
            DATABASE_URL=url,
            MAIL_SERVER="",
            AWARDS_BASE_URL="http://127.0.0.1",
            RATELIMIT_VOTE="1000000 per minute",
            RATELIMIT_VOTE_ACCOUNT="1000000 per minute",
        )
        extra = profile_voters + single_voters + paced_voters
        log(f"loading 360 nominees and {args.voters + extra} voters")
        app = create_app({**app_config(url), "SERVER_NAME": None})
        data = load_data(app, args.voters + extra)
        voters = range(args.voters)
        jobs = vote_jobs(data, voters)
        sessions = data["sessions"]
        figures: dict[str, Any] = {
            "voter sessions (target 10000)": args.voters,
            "nominees": 18 * NOMINEES,
        }
        bare_args = ("--pythonpath", str(ROOT / "benchmarks"))
        with (
            gunicorn("wsgi:app", env) as port,
            gunicorn("bare_app:app", env, bare_args) as bare_port,
        ):
            warm = load(port, jobs[:40], 2, 30, cycle=False)
            jobs = jobs[40:]
            rounds = _rounds(port, bare_port, jobs, args)
            pages = {}
            for name, path in (
                ("category", f"/vote/{YEAR}/categories/7"),
                ("all", f"/vote/{YEAR}"),
            ):
                page_jobs = [("GET", path, cookie, "") for cookie, _ in sessions[:2000]]
                log(f"{path} at 2 connections")
                pages[name] = load(port, page_jobs, 2, max(5.0, args.seconds / 2))
            singles = range(
                args.voters + profile_voters, args.voters + profile_voters + single_voters
            )
            one = load(port, vote_jobs(data, singles), 1, 10, cycle=False)
            first = args.voters + profile_voters + single_voters
            rate = PEAK_VOTES_PER_S
            peak_jobs = vote_jobs(data, range(first, first + paced_voters))
            peak_jobs = peak_jobs[: int(rate * 15)]  # 15 seconds of it
            log(f"votes paced at {rate:g}/s over {args.connections} connections")
            peak = paced(port, peak_jobs, rate, args.connections)
        with app.app_context():
            stored = db.session.scalar(select(func.count()).select_from(Vote)) or 0
            db.session.remove()
        vote_parts = [warm, one, peak, *(r["votes"] for r in rounds)]
        successes = sum(part["statuses"].get(303, 0) for part in vote_parts)
        log("profiling 300 votes in process")
        profile = profile_votes(url, data, range(args.voters, args.voters + profile_voters))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    rate_of = {
        part: statistics.median(r[part]["requests_per_s"] for r in rounds)
        for part in ("healthz", "votes", "bare")
    }

    def median_of(part: str, key: str) -> float:
        return round(statistics.median(r[part][key] for r in rounds), 1)

    def ratio(baseline: str) -> float:
        """The median over the rounds of casting / baseline, each round's own pair."""
        return round(
            100
            * statistics.median(
                r["votes"]["requests_per_s"] / r[baseline]["requests_per_s"] for r in rounds
            ),
            1,
        )

    figures.update(
        {
            "connections": args.connections,
            "gunicorn_workers": WORKERS,
            "rounds (healthz, votes, bare app in turn; medians)": len(rounds),
            "vote statuses": dict(
                sum((Counter(r["votes"]["statuses"]) for r in rounds), Counter())
            ),
            "vote casting requests/s at 64 connections": rate_of["votes"],
            "healthz requests/s at 64 connections, same run": rate_of["healthz"],
            "bare Flask app requests/s at 64 connections, same gunicorn": rate_of["bare"],
            "vote casting throughput in % of healthz (target 50)": ratio("healthz"),
            "vote casting throughput in % of the bare app (target 20)": ratio("bare"),
            "vote casting p50 at 64 connections ms": median_of("votes", "p50_ms"),
            "vote casting p99 at 64 connections (target 100) ms": median_of("votes", "p99_ms"),
            "vote casting p50 at 1 connection ms": one["p50_ms"],
            "vote casting p99 at 1 connection ms": one["p99_ms"],
            f"vote casting paced at {PEAK_VOTES_PER_S:g}/s (the estimated peak), "
            f"{args.connections} connections, p50 ms": peak["p50_ms"],
            f"vote casting paced at {PEAK_VOTES_PER_S:g}/s (the estimated peak), "
            f"{args.connections} connections, p99 ms": peak["p99_ms"],
            "votes stored": stored,
            "success responses": successes,
            "votes stored minus success responses (target 0)": stored - successes,
            "category page (20 nominees) p95 (target 30) ms": pages["category"]["p95_ms"],
            "all-categories page (360 nominees) p95 (target 30) ms": pages["all"]["p95_ms"],
            "profile: time per vote in process ms": profile["ms_per_vote"],
            "profile: of which waiting for PostgreSQL ms": profile["database_wait_ms_per_vote"],
            "profile: application CPU per vote ms": profile["cpu_ms_per_vote"],
            "profile: SQL statements per vote": profile["statements_per_vote"],
            "profile: of which the commit (WAL flush) ms": profile["commit_ms_per_vote"],
            "detail": {
                "rounds": rounds,
                "one": one,
                "paced": peak,
                "pages": pages,
                "warm_up": warm,
                "profile": profile,
            },
        }
    )
    print(json.dumps(figures, indent=2), file=sys.stderr)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
