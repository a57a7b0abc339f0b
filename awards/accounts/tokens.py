"""Signed, expiring, single-use links (verification, reset, e-mail change, invitations).

A token is signed with the app's secret and a salt per purpose, so a token made for one purpose
is forged for every other. It carries a *fingerprint* of the state it is meant to change (for
a reset: the account and its security stamp); once that state changes, the fingerprint no
longer matches and the token counts as used. No table of issued tokens is needed.

Time is passed in (``now``), never read here, so tests expire a token without sleeping.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import UTC, datetime
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer


class Purpose(enum.StrEnum):
    """What a token may be used for; each purpose signs with its own salt."""

    VERIFY_EMAIL = "verify-email"
    RESET_PASSWORD = "reset-password"  # noqa: S105 - a salt name, not a password
    CHANGE_EMAIL = "change-email"
    JURY_INVITATION = "jury-invitation"
    TEAM_INVITATION = "team-invitation"


class TokenError(Exception):
    """The token cannot be used: ``reason`` is invalid, expired, used, revoked or replaced."""

    reason = "invalid"

    def __init__(self, purpose: Purpose) -> None:
        super().__init__(f"{purpose.value} token {self.reason}")
        self.purpose = purpose


class TokenInvalid(TokenError):
    """Forged, mangled, or made for another purpose."""

    reason = "invalid"


class TokenExpired(TokenError):
    """Signed by us but older than the allowed age."""

    reason = "expired"


class TokenUsed(TokenError):
    """Valid, but the state it was made for has changed already (it was used)."""

    reason = "used"


class TokenRevoked(TokenError):
    """Valid, but what it offered was withdrawn (a revoked jury invitation)."""

    reason = "revoked"


class TokenReplaced(TokenError):
    """Valid, but a newer link was sent in its place (a resent jury invitation)."""

    reason = "replaced"


def fingerprint(*parts: object) -> str:
    """A short digest of the state a token is bound to (order matters)."""
    joined = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


class _Signer(TimestampSigner):
    """A timestamp signer whose clock is passed in instead of read."""

    def __init__(self, *args: Any, now: datetime | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._now = now

    def get_timestamp(self) -> int:
        if self._now is None:
            return super().get_timestamp()
        return int(self._now.astimezone(UTC).timestamp())


def _serializer(secret_key: str, purpose: Purpose, now: datetime | None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        secret_key,
        salt=f"awards.{purpose.value}",
        signer=_Signer,
        signer_kwargs={"now": now},
    )


def make_token(
    secret_key: str, purpose: Purpose, payload: dict[str, Any], *, now: datetime | None = None
) -> str:
    """Sign ``payload`` for ``purpose``, dated ``now``."""
    return str(_serializer(secret_key, purpose, now).dumps(payload))


def read_token(
    secret_key: str,
    purpose: Purpose,
    token: str,
    *,
    max_age: int,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The payload of ``token``; raise :class:`TokenExpired` or :class:`TokenInvalid`."""
    try:
        payload = _serializer(secret_key, purpose, now).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise TokenExpired(purpose) from exc
    except BadSignature as exc:
        raise TokenInvalid(purpose) from exc
    if not isinstance(payload, dict):
        raise TokenInvalid(purpose)
    return payload


def check_fingerprint(purpose: Purpose, payload: dict[str, Any], current: str) -> None:
    """Raise :class:`TokenUsed` unless the token's fingerprint matches the current state."""
    if payload.get("f") != current:
        raise TokenUsed(purpose)
