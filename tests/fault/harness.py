"""What the fault tests share: a private PostgreSQL cluster, gunicorn, voters and their votes.

The private cluster is ours alone (``initdb`` into a temporary folder, ``pg_ctl`` on a free
port, as the ``postgres`` OS user when we are root), so stopping it hurts nobody: the shared
PostgreSQL of the machine is never stopped or restarted. Voters' sessions are signed with the
application's own session serializer (no sign-in per voter), each with the CSRF token a real
form would carry.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask_migrate import upgrade
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from awards import create_app
from awards.accounts.models import User
from awards.clock import utcnow
from awards.contest import services as contest
from awards.contest.models import Category
from awards.contest.rules import Phase
from awards.extensions import db
from awards.stakeholders import StakeholderType
from awards.voting.models import Vote
from tests.conftest import skip_or_fail, test_config
from tests.entry_factory import make_entry
from tests.voting_factory import nominate

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET = "fault-tests-secret-key"
AGENT = "fault-test-voter/1.0"
PRIVATE_ENV = ("DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY", "PORT", "REDIS_URL")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_bin() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts)
    return versions[-1].parent if versions else None


class PrivateCluster:
    """A PostgreSQL cluster in a temporary folder, started and stopped by the tests alone."""

    def __init__(self) -> None:
        bin_dir = _postgres_bin() or (
            Path(shutil.which("initdb")).parent if shutil.which("initdb") else None
        )
        if bin_dir is None:
            skip_or_fail("initdb/pg_ctl not found: the fault tests need a private PostgreSQL")
        self.bin = bin_dir
        self.root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="awards-fault-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        if self.root:
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / tool), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Voter:
    user_id: int
    cookie: str
    csrf: str


@dataclass
class World:
    year: int
    #: category number -> nominee entry ids
    nominees: dict[int, list[int]]
    voters: list[Voter]
    app: Any


def prepare(url: str, *, voters: int, categories: int = 2, nominees: int = 4) -> World:
    """Migrate ``url``, load an edition in its voting phase with nominees and ``voters``."""
    app = create_app(test_config(url, SECRET_KEY=SECRET, SERVER_NAME=None))
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        now = utcnow()
        dates = contest.calendar_with_phase_now(Phase.VOTING, now, "Europe/Zurich")
        edition = contest.create_edition(2031, "Fault tests", "Europe/Zurich", dates)
        for number in range(1, categories + 1):
            edition.categories.append(
                Category(number=number, action_line=f"C{number}", name=f"Category {number}")
            )
        db.session.flush()
        owner = _user("owner@example.org")
        table: dict[int, list[int]] = {}
        for category in edition.categories:
            entries = nominate(
                make_entry(edition, owner, category=category) for _ in range(nominees)
            )
            table[category.number] = [e.id for e in entries]
        users = [
            _user(f"voter{n}@example.org", now - timedelta(days=3), flush=False)
            for n in range(voters)
        ]
        db.session.flush()
        signed = [_session(app, user) for user in users]  # before the commit expires them
        db.session.commit()
        year = edition.year
        db.session.remove()
    return World(year=year, nominees=table, voters=signed, app=app)


def _user(email: str, created: Any = None, *, flush: bool = True) -> User:
    user = User(
        name="Fault Voter",
        email=email,
        email_key=email,
        password_hash="not-used",
        stakeholder_type=StakeholderType.CIVIL_SOCIETY,
        country="CH",
        email_verified_at=utcnow() - timedelta(days=1),
        created_at=created or utcnow(),
    )
    db.session.add(user)
    if flush:
        db.session.flush()
    return user


def _session(app: Any, user: User) -> Voter:
    """A signed session cookie for ``user`` and the CSRF token its forms carry."""
    raw = hashlib.sha1(os.urandom(64)).hexdigest()  # noqa: S324 - Flask-WTF's own shape
    identifier = hashlib.sha512(f"127.0.0.1|{AGENT}".encode()).hexdigest()
    data = {"_user_id": user.get_id(), "_fresh": True, "_id": identifier, "csrf_token": raw}
    cookie = app.session_interface.get_signing_serializer(app).dumps(data)
    csrf = URLSafeTimedSerializer(SECRET, salt="wtf-csrf-token").dumps(raw)
    return Voter(user.id, cookie, csrf)


def server_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
    env.update(
        AWARDS_ENV="production",
        SECRET_KEY=SECRET,
        DATABASE_URL=url,
        AWARDS_BASE_URL="http://127.0.0.1",
        RATELIMIT_ENABLED="false",
        MAIL_SERVER="",
    )
    return env


def status_of(port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


@contextmanager
def gunicorn(url: str, workers: int) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """gunicorn ``wsgi:app`` on the private database; yields (port, master process)."""
    if not (BIN / "gunicorn").exists():
        skip_or_fail("gunicorn is not installed in the virtual environment")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(BIN / "gunicorn"),
            "--workers",
            str(workers),
            "--graceful-timeout",
            "2",
            "--timeout",
            "30",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=server_env(url),
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("FAULT_SERVER_LOG", os.devnull), "ab"),  # noqa: SIM115
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while status_of(port, "/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz within 30 s")
            time.sleep(0.1)
        yield port, process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def workers_of(master: int) -> list[int]:
    """The gunicorn master's worker processes (Linux /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@dataclass
class Outcome:
    """One vote request: what was asked and what came back (status None: no answer at all)."""

    voter: int
    category: int
    status: int | None
    receipt: str | None
    sent_at: float
    answered_at: float
    body: str = ""


def cast(port: int, world: World, voter: Voter, category: int, entry: int) -> Outcome:
    body = urlencode({"csrf_token": voter.csrf, "category": str(category)})
    started = time.monotonic()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        connection.request(
            "POST",
            f"/vote/{world.year}/nominees/{entry}/cast",
            body=body,
            headers={
                "Cookie": f"session={voter.cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": AGENT,
                "Accept-Language": "en",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        location = response.getheader("Location") or ""
        connection.close()
        found = re.search(r"/receipts/([0-9A-Z]{26})$", location)
        return Outcome(
            voter.user_id,
            category,
            response.status,
            found and found.group(1),
            started,
            time.monotonic(),
            text,
        )
    except (OSError, http.client.HTTPException):
        return Outcome(voter.user_id, category, None, None, started, time.monotonic())


@dataclass
class Load:
    """Votes fired from ``threads`` threads, each voter once per category, until told to stop."""

    port: int
    world: World
    threads: int
    outcomes: list[Outcome] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    pause: float = 0.0

    def run(self, on_each: Callable[[int], None] | None = None) -> None:
        jobs = iter(
            (voter, number, entries[voter.user_id % len(entries)])
            for number, entries in self.world.nominees.items()
            for voter in self.world.voters
        )
        lock = threading.Lock()

        def worker() -> None:
            while not self.stop.is_set():
                with lock:
                    job = next(jobs, None)
                if job is None:
                    return
                outcome = cast(self.port, self.world, *job)
                with lock:
                    self.outcomes.append(outcome)
                    count = len(self.outcomes)
                if on_each is not None:
                    on_each(count)
                if self.pause:
                    time.sleep(self.pause)

        pool = [threading.Thread(target=worker) for _ in range(self.threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join(timeout=300)


def stored_votes(world: World) -> list[tuple[int, int, str]]:
    """(voter id, category number, receipt) of every vote in the database."""
    with world.app.app_context():
        rows = db.session.execute(select(Vote.voter_id, Vote.category_id, Vote.receipt)).all()
        numbers = {c.id: c.number for c in db.session.scalars(select(Category))}
        result = [(voter, numbers[category], receipt) for voter, category, receipt in rows]
        db.session.remove()
        db.engine.dispose()
    return result
