"""Domain errors: exceptions services raise with a message fit for the user (a leaf module)."""

from __future__ import annotations


class RuleViolation(Exception):
    """A request that the contest's rules refuse. Carries a message fit for the user."""

    status_code = 409

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(RuleViolation):
    """The user may not do this (403)."""

    status_code = 403


class Conflict(RuleViolation):
    """Someone else changed the thing first, or it already exists (409)."""

    status_code = 409


class NotFound(RuleViolation):
    """No such thing here (404): unknown, or another edition's."""

    status_code = 404
