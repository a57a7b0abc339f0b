"""Browser tier: the real app served over HTTP, real Chromium, a real SMTP server on loopback.

The live server runs on its OWN database (a fresh SQLite file, or ``<TEST_DATABASE_URL>_browser``
on PostgreSQL), created with ``create_all`` and dropped afterwards: the browser's requests are
real commits from another thread, so the per-test rollback of ``tests/conftest.py`` cannot
wrap them. CSRF is on, mail is delivered after commit to an aiosmtpd server, as in production.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright; ``playwright install`` is never
run. Without Chromium (or Playwright) the tests skip with the reason, and fail under CI
(``AWARDS_REQUIRE_ALL=1``).

Every page a test visits must be checked with ``axe_check(page)``: a test that navigates
somewhere without checking it fails at teardown.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.serving import BaseWSGIServer, make_server

from awards import create_app
from awards.clock import utcnow
from awards.contest.models import Category, Edition
from awards.extensions import db, limiter
from tests.browser.mailbox import Mailbox
from tests.conftest import skip_or_fail, test_config

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives a browser."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- the database of the live server -------------------------------------------------------
@pytest.fixture(scope="session")
def live_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database of its own: ``<name>_browser`` beside TEST_DATABASE_URL, else a SQLite file."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('live-db') / 'live.sqlite'}"
        return
    url = make_url(base)
    name = f"{url.database}_browser"
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise ValueError(f"unexpected database name in TEST_DATABASE_URL: {url.database!r}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# --- mail ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def live_mailbox() -> Iterator[Mailbox]:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it receives."""
    mailbox = Mailbox()
    mailbox.start()
    try:
        yield mailbox
    finally:
        mailbox.stop()


@pytest.fixture
def mailbox(live_mailbox: Mailbox) -> Mailbox:
    """The SMTP server's messages, emptied before each test."""
    live_mailbox.clear()
    return live_mailbox


# --- the live server -----------------------------------------------------------------------
@dataclass
class LiveServer:
    """The app served over HTTP from a thread; ``url`` has no trailing slash."""

    app: Flask
    url: str
    server: BaseWSGIServer
    thread: threading.Thread = field(repr=False)

    def run_in_app(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` in an app context of the live app and commit what it changed."""
        with self.app.app_context():
            result = work()
            db.session.commit()
            return result


@pytest.fixture(scope="session")
def live_server(
    live_database_url: str,
    live_mailbox: Mailbox,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveServer]:
    """The Flask app behind werkzeug on a free loopback port, CSRF on, mail over SMTP."""
    config = test_config(
        live_database_url,
        WTF_CSRF_ENABLED=True,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=live_mailbox.port,
        MAIL_CONSOLE=False,
        MAIL_DELIVER_AFTER_COMMIT=True,
        MAIL_INLINE_ACCOUNT_MAIL=True,  # no mail worker runs beside the live server
        MAIL_SUPPRESS_SEND=False,  # Flask-Mail suppresses sending when TESTING is on
        UPLOAD_FOLDER=str(tmp_path_factory.mktemp("live-uploads")),
    )
    config.pop("SERVER_NAME", None)
    application = create_app(config)
    with application.app_context():
        db.drop_all()
        db.create_all()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # Links in mail must lead back to this server.
    application.config["SERVER_NAME"] = f"127.0.0.1:{server.server_port}"
    application.config["AWARDS_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(application, url, server, thread)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with application.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request: pytest.FixtureRequest) -> None:
    """Each journey starts with fresh rate-limit counters (they are per client IP: 127.0.0.1)."""
    if "live_server" in request.fixturenames:
        live: LiveServer = request.getfixturevalue("live_server")
        with live.app.app_context():
            limiter.reset()


@pytest.fixture(scope="session")
def open_edition(live_server: LiveServer) -> dict[str, Any]:
    """An edition in the live database whose submission phase is open now."""
    now = utcnow()

    def create() -> dict[str, Any]:
        existing = db.session.query(Edition).filter_by(year=2099).one_or_none()
        if existing is not None:
            return {"id": existing.id, "title": existing.title}
        opens = now - timedelta(days=10)
        edition = Edition(
            year=2099,
            title="WSIS Prizes 2099",
            timezone="Europe/Zurich",
            submission_opens=opens,
            submission_closes=now + timedelta(days=30),
            nomination_opens=now + timedelta(days=31),
            nomination_closes=now + timedelta(days=40),
            voting_opens=now + timedelta(days=41),
            voting_closes=now + timedelta(days=50),
            selection_opens=now + timedelta(days=51),
            selection_closes=now + timedelta(days=60),
            ceremony_at=now + timedelta(days=70),
            closes_at=None,
        )
        names = [
            (1, "C1", "The role of public governance authorities and all stakeholders"),
            (7, "C7", "ICT applications: E-health"),
            (10, "C10", "Ethical dimensions of the Information Society"),
        ]
        for number, line, name in names:
            edition.categories.append(
                Category(number=number, action_line=line, name=name, suggested_sdgs=[3, 4, 9])
            )
        db.session.add(edition)
        db.session.flush()
        return {"id": edition.id, "title": edition.title}

    return live_server.run_in_app(create)  # type: ignore[no-any-return]


# --- Chromium ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright's sync API."""
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        skip_or_fail(f"playwright cannot be imported: {exc}")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Exception as exc:  # noqa: BLE001 - any launch failure is "no usable Chromium"
        playwright.stop()
        skip_or_fail(f"Chromium does not start: {exc}")
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


class PageLog:
    """Documents loaded in one page, and which of them axe-core has checked."""

    def __init__(self) -> None:
        self.visits: list[str] = []
        self.checked: set[int] = set()

    def navigated(self, url: str) -> None:
        self.visits.append(url)

    def mark_checked(self) -> None:
        if self.visits:
            self.checked.add(len(self.visits) - 1)

    def unchecked(self) -> list[str]:
        return [url for i, url in enumerate(self.visits) if i not in self.checked]


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the live server, English preferred."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    log = PageLog()
    # "load" fires for each new document (not for #fragment jumps within one).
    browser_page.on("load", lambda loaded: log.navigated(loaded.url))
    browser_page.page_log = log
    try:
        yield browser_page
    finally:
        context.close()
    missing = [url for url in log.unchecked() if not url.startswith("about:")]
    assert not missing, f"pages visited without an axe-core check: {missing}"


def _format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node.get("target", []))) for node in violation["nodes"]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation.get('helpUrl', '')}\n  targets: {targets}"
        )
    return "\n".join(lines)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the current page (all impacts)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return list(results.response["violations"])


@pytest.fixture
def axe_check() -> Callable[[Any], None]:
    """``axe_check(page)``: fail on any serious or critical WCAG 2.1 A/AA violation."""

    def check(browser_page: Any) -> None:
        browser_page.wait_for_load_state("load")
        violations = [v for v in run_axe(browser_page) if v["impact"] in BLOCKING_IMPACTS]
        log: PageLog | None = getattr(browser_page, "page_log", None)
        if log is not None:
            log.mark_checked()
        assert not violations, (
            f"axe-core: serious or critical violations on {browser_page.url}:\n"
            + _format_violations(violations)
        )

    return check
