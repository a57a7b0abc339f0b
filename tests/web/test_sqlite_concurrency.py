"""The README's default set-up (SQLite in instance/) under gunicorn takes concurrent writes.

Two workers and twenty browsers registering at the same moment: writers wait for each other
(WAL, BEGIN IMMEDIATE, a busy timeout) or get a clear 503, never a 500, and every account whose
registration was answered with a redirect is in the database.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from awards.sqlite import is_database_busy

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WRITERS = 20
PASSWORD = "correct horse battery staple"
# Environment variables of the caller that must not leak into the server.
PRIVATE_ENV = ("DATABASE_URL", "TEST_DATABASE_URL", "SECRET_KEY", "PORT", "REDIS_URL")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _server_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PRIVATE_ENV}
    env.update(
        AWARDS_ENV="development",
        SECRET_KEY="concurrency-test-secret",
        DATABASE_URL=f"sqlite:///{tmp_path / 'awards.sqlite'}",
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        RATELIMIT_ENABLED="0",
        MAIL_DELIVER_AFTER_COMMIT="0",
        PASSWORD_HASH_TIME_COST="1",
        PASSWORD_HASH_MEMORY_KIB="1024",
    )
    return env


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """gunicorn with two workers on a fresh, migrated SQLite file; yields (base URL, file)."""
    env = _server_env(tmp_path)
    subprocess.run(  # noqa: S603 - our own CLI
        [str(BIN / "flask"), "--app", "awards", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own server
        [
            str(BIN / "gunicorn"),
            "--workers",
            "2",
            "--graceful-timeout",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while _status(f"{base}/healthz") != 200:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer /healthz within 15 s")
            time.sleep(0.1)
        yield base, tmp_path / "awards.sqlite"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _register(base: str, email: str, start: threading.Barrier) -> int:
    """GET the form for its CSRF token, wait for the others, POST it; the POST's status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/account/register", timeout=10) as response:
        html = response.read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token, "the registration form carries a CSRF token"
    form = {
        "csrf_token": token.group(1),
        "name": "Ana Lima",
        "email": email,
        "password": PASSWORD,
        "confirm": PASSWORD,
        "stakeholder_type": "academia",
        "country": "BR",
        "organisation": "Universidade Livre",
    }
    start.wait(timeout=10)
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}/account/register", data=urllib.parse.urlencode(form).encode(), method="POST"
    )
    try:
        with opener.open(request, timeout=15) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_twenty_simultaneous_registrations_on_sqlite_never_give_a_500(server) -> None:
    base, database = server
    emails = [f"writer{n}@example.org" for n in range(WRITERS)]
    statuses: dict[str, int] = {}
    start = threading.Barrier(WRITERS)

    def run(email: str) -> None:
        statuses[email] = _register(base, email, start)

    threads = [threading.Thread(target=run, args=(email,)) for email in emails]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(statuses) == WRITERS
    assert 500 not in statuses.values(), statuses
    assert set(statuses.values()) <= {302, 503}, statuses
    with sqlite3.connect(database) as connection:
        stored = {row[0] for row in connection.execute("SELECT email FROM user_account")}
    accepted = {email for email, status in statuses.items() if status == 302}
    assert accepted <= stored
    assert len(accepted) == WRITERS, "with a busy timeout every writer waits its turn"


def _locked() -> OperationalError:
    return OperationalError(
        "INSERT INTO user_account ...", {}, sqlite3.OperationalError("database is locked")
    )


@pytest.mark.parametrize(
    ("error", "busy"),
    [
        (_locked(), True),
        (OperationalError("x", {}, sqlite3.OperationalError("no such table: x")), False),
        (OperationalError("x", {}, RuntimeError("database is locked")), False),
        (RuntimeError("database is locked"), False),
    ],
)
def test_only_sqlite_saying_locked_counts_as_busy(error, busy) -> None:
    assert is_database_busy(error) is busy


def test_a_write_still_locked_after_the_timeout_is_a_503_try_again(client, monkeypatch) -> None:
    def locked(*args, **kwargs):
        raise _locked()

    monkeypatch.setattr("awards.accounts.views.registration.register", locked)
    form = {"name": "Ana Lima", "email": "ana@example.org", "password": PASSWORD}
    form |= {"confirm": PASSWORD, "stakeholder_type": "academia", "country": "BR"}
    response = client.post("/account/register", data=form)
    assert response.status_code == 503
    assert "Nothing was saved: please try again." in response.get_data(as_text=True)
