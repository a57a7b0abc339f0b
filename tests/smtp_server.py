"""A real SMTP server on loopback for the outbox tests (the browser journeys share its Mailbox).

``smtp_server`` starts an aiosmtpd server on 127.0.0.1 on a free port for one test and collects
what it receives; ``smtp_mail`` also points the app's Flask-Mail at it (unsuppressed, so mail
really goes over SMTP even though the app is in testing mode).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from tests.browser.mailbox import Mailbox, ReceivedMail, _Handler

__all__ = ["ReceivedMail", "SmtpServer", "smtp_mail", "smtp_server"]


class SmtpServer(Mailbox):
    """A :class:`Mailbox` that can be stopped and started again on its port (SMTP down, up)."""

    def stop(self) -> None:
        super().stop()
        # aiosmtpd's controller cannot start twice: prepare a fresh one on the same port.
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """An aiosmtpd server on 127.0.0.1 (``.port``), stopped after the test."""
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(AssertionError, RuntimeError):
            server.stop()  # unless the test stopped it already


@pytest.fixture
def smtp_mail(app: Flask, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> SmtpServer:
    """Flask-Mail sends to ``smtp_server`` for this test."""
    state = app.extensions["mail"]
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", smtp_server.port)
    monkeypatch.setattr(state, "suppress", False)
    monkeypatch.setitem(app.config, "MAIL_CONSOLE", False)
    return smtp_server
