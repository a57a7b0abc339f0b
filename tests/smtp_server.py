"""A real SMTP server on loopback for the outbox tests (the browser journeys share its Mailbox).

``smtp_server`` starts an aiosmtpd server on 127.0.0.1 on a free port for one test and collects
what it receives; ``smtp_mail`` also points the app's Flask-Mail at it (unsuppressed, so mail
really goes over SMTP even though the app is in testing mode).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.browser.mailbox import Mailbox, ReceivedMail

__all__ = ["Mailbox", "ReceivedMail", "smtp_mail", "smtp_server"]


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """An aiosmtpd server on 127.0.0.1 (``.port``), stopped after the test."""
    server = Mailbox()
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(AssertionError, RuntimeError):
            server.stop()  # unless the test stopped it already


@pytest.fixture
def smtp_mail(app: Flask, smtp_server: Mailbox, monkeypatch: pytest.MonkeyPatch) -> Mailbox:
    """Flask-Mail sends to ``smtp_server`` for this test."""
    state = app.extensions["mail"]
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", smtp_server.port)
    monkeypatch.setattr(state, "suppress", False)
    monkeypatch.setitem(app.config, "MAIL_CONSOLE", False)
    return smtp_server
