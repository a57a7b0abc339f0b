"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for the journeys."""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s<>\"')]+")


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the SMTP server got it."""

    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    def links(self) -> list[str]:
        """Every URL in the text part, in order."""
        return [link.rstrip(".,;") for link in LINK.findall(self.text)]


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        parsed = message_from_bytes(raw, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.box.add(ReceivedMail(tuple(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Mailbox:
    """Start/stop an SMTP server on 127.0.0.1 and wait for messages to arrive."""

    def __init__(self) -> None:
        self.port = _free_port()
        self._messages: list[ReceivedMail] = []
        self._arrived = threading.Condition()
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def add(self, mail: ReceivedMail) -> None:
        with self._arrived:
            self._messages.append(mail)
            self._arrived.notify_all()

    def clear(self) -> None:
        with self._arrived:
            self._messages.clear()

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._arrived:
            return list(self._messages)

    def wait_for(self, to: str, subject_contains: str = "", timeout: float = 10.0) -> ReceivedMail:
        """The first message to ``to`` whose subject contains the text; waits up to ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for mail in self._messages:
                    wanted = to.lower() in (r.lower() for r in mail.recipients)
                    if wanted and subject_contains.lower() in mail.subject.lower():
                        return mail
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [(m.recipients, m.subject) for m in self._messages]
                    raise AssertionError(
                        f"no mail to {to} with {subject_contains!r} in the subject within "
                        f"{timeout}s; received: {seen}"
                    )
                self._arrived.wait(remaining)
