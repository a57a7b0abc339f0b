"""Issue 9 figure: an expert's queue page, p95 <= 50 ms, under gunicorn on PostgreSQL.

A fresh PostgreSQL database (``BENCH_PG_URL``, the admin URL ``benchmarks/run.py`` passes)
migrated with ``flask db upgrade``; an edition in its nomination phase with 18 categories,
600 eligible entries (contacts, SDG answers) and 40 experts, each with 45 of the 1,800 round-1
reviews (3 per entry), 12 of them submitted with scores and 5 drafts, and a conflict each.
gunicorn (2 workers) serves it on loopback; the measured expert signs in through the real
form (CSRF and all), then ``--requests`` sequential requests of their queue page on one
keep-alive connection, after a warm-up; each must answer 200 with "12 of 45 submitted". Also
the gunicorn processes' CPU per queue request (from /proc: the machine's other work does not
count in it) and, as a yardstick of the run's load, the home page's p50 for the same expert.
Prints, as its last line, one JSON object with the figures (read by ``benchmarks/run.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402 - the runner's PostgreSQL, gunicorn and percentile helpers
from sqlalchemy import insert  # noqa: E402

from awards import create_app  # noqa: E402
from awards.accounts.models import RoleGrant, User  # noqa: E402
from awards.accounts.passwords import hash_password  # noqa: E402
from awards.accounts.roles import Role  # noqa: E402
from awards.contest.models import Category, Edition  # noqa: E402
from awards.contest.rules import Phase  # noqa: E402
from awards.contest.services import calendar_with_phase_now  # noqa: E402
from awards.extensions import db  # noqa: E402
from awards.review.conflicts import ConflictReason  # noqa: E402
from awards.review.models import (  # noqa: E402
    AssignmentState,
    ConflictOfInterest,
    ConflictSource,
    ExpertProfile,
    ReviewAssignment,
)
from awards.review.rubric import DEFAULT_CRITERIA  # noqa: E402
from awards.review.rubric_models import ReviewScore  # noqa: E402
from awards.stakeholders import StakeholderType  # noqa: E402
from awards.submissions.models import (  # noqa: E402
    Entry,
    EntryContact,
    EntryMember,
    EntrySdg,
    EntryState,
    MemberRole,
    ProjectStatus,
    Screening,
)

P95_TARGET_MS = 50.0
ENTRIES, EXPERTS, PER_ENTRY, CATEGORIES = 600, 40, 3, 18
QUEUE_LENGTH = ENTRIES * PER_ENTRY // EXPERTS  # 45
SUBMITTED, DRAFTS = 12, 5
PASSWORD = "bench expert password 42"  # noqa: S105 - a throwaway database's account
EXPERT_EMAIL = "expert0@bench-review.test"


def seed() -> dict[str, Any]:
    """Fill the database of the environment's DATABASE_URL (run in a subprocess)."""
    rng = random.Random(9)  # noqa: S311 - test data
    app = create_app()
    now = datetime.now(UTC)
    with app.app_context():
        edition = Edition(
            year=2098,
            title="WSIS Prizes 2098 (benchmark)",
            timezone="Europe/Zurich",
            **calendar_with_phase_now(Phase.NOMINATION, now),
        )
        for number in range(1, CATEGORIES + 1):
            edition.categories.append(
                Category(number=number, action_line=f"C{number}", name=f"Category {number}")
            )
        db.session.add(edition)
        db.session.flush()
        people = []
        for i in range(EXPERTS + ENTRIES // 4):
            expert = i < EXPERTS
            email = f"expert{i}@bench-review.test" if expert else f"owner{i}@bench-review.test"
            user = User(
                name=f"Person {i}",
                email=email,
                email_key=email,
                password_hash=hash_password(PASSWORD) if i == 0 else "!",
                stakeholder_type=StakeholderType.ACADEMIA,
                country="KE",
                email_verified_at=now,
                timezone="Asia/Tokyo" if i == 0 else None,
            )
            if expert:
                user.roles.append(RoleGrant(role=Role.JURY, edition_id=edition.id))
            people.append(user)
        db.session.add_all(people)
        db.session.flush()
        experts, owners = people[:EXPERTS], people[EXPERTS:]
        for expert in experts:
            db.session.add(ExpertProfile(edition_id=edition.id, user_id=expert.id))
        categories = [c.id for c in edition.categories]
        entries = []
        for i in range(ENTRIES):
            owner = owners[i % len(owners)]
            entry = Entry(
                edition_id=edition.id,
                category_id=rng.choice(categories),
                owner_id=owner.id,
                state=EntryState.SUBMITTED,
                screening=Screening.ELIGIBLE,
                screened_at=now - timedelta(days=5),
                title=f"Project {i} for digital inclusion of rural communities",
                title_key=f"project {i}",
                entity_name=f"Organisation {i}",
                entity_key=f"organisation {i}",
                stakeholder_type=StakeholderType.CIVIL_SOCIETY,
                country="KE",
                region="Africa",
                website=f"https://project{i}.example.org",
                website_key=f"project{i}.example.org",
                project_status=ProjectStatus.COMPLETED,
                description="A description of the project. " * 30,
                submitted_at=now - timedelta(days=10),
            )
            entries.append(entry)
        db.session.add_all(entries)
        db.session.flush()
        db.session.execute(
            insert(EntryContact),
            [
                {
                    "entry_id": e.id,
                    "position": p,
                    "name": f"Contact {e.id}-{p}",
                    "email": f"c{e.id}-{p}@bench-review.test",
                    "job_title": "Lead",
                }
                for e in entries
                for p in range(2)
            ],  # fmt: skip
        )
        db.session.execute(
            insert(EntrySdg),
            [{"entry_id": e.id, "sdg": s, "answer": "Linkage."} for e in entries for s in (1, 9)],
        )
        db.session.execute(
            insert(EntryMember),
            [{"entry_id": e.id, "user_id": e.owner_id, "role": MemberRole.OWNER} for e in entries],
        )
        by_expert = _reviews(edition.id, entries, experts, now)
        db.session.commit()
        return {"edition_id": edition.id, "queue": len(by_expert[experts[0].id])}


def _reviews(
    edition_id: int, entries: list[Entry], experts: list[User], now: datetime
) -> dict[int, list[ReviewAssignment]]:
    """3 reviews per entry, spread evenly; per expert 12 submitted, 5 drafts, a conflict."""
    assignments = []
    for i, entry in enumerate(entries):
        for k in range(PER_ENTRY):
            expert = experts[(i * PER_ENTRY + k) % EXPERTS]
            assignments.append(
                ReviewAssignment(
                    edition_id=edition_id, entry_id=entry.id, expert_id=expert.id, round=1
                )
            )
    db.session.add_all(assignments)
    db.session.flush()
    by_expert: dict[int, list[ReviewAssignment]] = {}
    for assignment in assignments:
        by_expert.setdefault(assignment.expert_id, []).append(assignment)
    scores = []
    for expert_id, own in by_expert.items():
        for n, assignment in enumerate(own[: SUBMITTED + DRAFTS]):
            submitted = n < SUBMITTED
            assignment.state = AssignmentState.SUBMITTED if submitted else AssignmentState.DRAFT
            assignment.updated_at = now - timedelta(hours=n)
            if submitted:
                assignment.submitted_at = assignment.updated_at
                assignment.weighted_score = 7.0
                assignment.comment_organisers = "Solid."
            for c in DEFAULT_CRITERIA:
                scores.append({"assignment_id": assignment.id, "criterion_key": c.key, "score": 7})
        # One conflict each, with an entry they do not review.
        reviewed = {a.entry_id for a in own}
        other = next(e for e in entries if e.id not in reviewed)
        db.session.add(
            ConflictOfInterest(
                edition_id=edition_id,
                expert_id=expert_id,
                entry_id=other.id,
                reason=ConflictReason.DECLARED,
                source=ConflictSource.DECLARED,
                note="Former colleague.",
                created_at=now,
            )
        )
    db.session.execute(insert(ReviewScore), scores)
    return by_expert


def server_cpu_seconds(port: int) -> float:
    """CPU seconds used so far by the gunicorn processes bound to ``port`` (master and
    workers, found in /proc): on a shared machine the wall clock counts others' work too."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            if b"gunicorn" not in command or f"127.0.0.1:{port}".encode() not in command:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


class Session:
    """One keep-alive connection that keeps the session cookie (even a Secure one: loopback)."""

    def __init__(self, base: str) -> None:
        host, port = re.match(r"http://([^:/]+):(\d+)", base).groups()  # type: ignore[union-attr]
        self.connection = HTTPConnection(host, int(port), timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Any:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text


def sign_in(session: Session) -> None:
    status, page = session.request("GET", "/account/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    if status != 200 or token is None:
        raise RuntimeError(f"login page: {status}")
    form = {"csrf_token": token.group(1), "email": EXPERT_EMAIL, "password": PASSWORD}
    status, _ = session.request("POST", "/account/login", form)
    if status != 302:
        raise RuntimeError(f"signing in answered {status}")


def measure(requests: int) -> dict[str, Any]:
    with bench.postgres_database("awards_bench_queue") as url:
        env = bench.clean_env(
            AWARDS_ENV="production",
            SECRET_KEY=secrets.token_hex(32),
            DATABASE_URL=url,
            RATELIMIT_ENABLED="false",
            MAIL_SERVER="",
            AWARDS_BASE_URL="http://127.0.0.1",
        )
        done = bench.flask(["db", "upgrade"], env)
        if done.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed: {bench.tail(done.stderr, 8)}")
        seeded = subprocess.run(
            [str(bench.BIN / "python"), __file__, "--seed"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if seeded.returncode != 0:
            raise RuntimeError(f"seeding failed: {bench.tail(seeded.stderr, 8)}")
        facts = json.loads(seeded.stdout.strip().splitlines()[-1])
        path = f"/jury/editions/{facts['edition_id']}/reviews"
        expected = f"{SUBMITTED} of {facts['queue']} submitted"
        with bench.gunicorn(env) as base:
            session = Session(base)
            sign_in(session)
            port = int(base.rsplit(":", 1)[1])
            times: list[float] = []
            cpu_before = 0.0
            for n in range(requests + 20):
                if n == 20:
                    cpu_before = server_cpu_seconds(port)
                started = time.perf_counter()
                status, page = session.request("GET", path)
                elapsed = (time.perf_counter() - started) * 1000
                if status != 200 or expected not in page:
                    raise RuntimeError(f"{path} answered {status} without {expected!r}")
                if n >= 20:  # after the warm-up of both workers' caches
                    times.append(elapsed)
            cpu_ms = (server_cpu_seconds(port) - cpu_before) * 1000 / len(times)
            # The home page, signed in as the same expert, as a yardstick of the run's load.
            home = []
            for _ in range(100):
                started = time.perf_counter()
                status, _page = session.request("GET", "/")
                home.append((time.perf_counter() - started) * 1000)
    p95 = bench.percentile(times, 0.95)
    return {
        "expert queue page (45 reviews, gunicorn, PostgreSQL) p50 ms": round(
            statistics.median(times), 1
        ),
        f"expert queue page (45 reviews, gunicorn, PostgreSQL) p95 ms (target "
        f"{P95_TARGET_MS:g})": round(p95, 1),
        # gunicorn's own CPU per request (not PostgreSQL's): what the machine's load hides.
        "expert queue page server CPU per request ms": round(cpu_ms, 1),
        "home page in the same run, signed in, p50 ms": round(statistics.median(home), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.seed:
        print(json.dumps(seed()), flush=True)  # noqa: T201 - read by the parent
        return 0
    figures = measure(args.requests)
    print(json.dumps(figures), flush=True)  # noqa: T201 - last line read by benchmarks/run.py
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
