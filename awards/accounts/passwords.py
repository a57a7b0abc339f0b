"""Password hashing with Argon2id (memory-hard)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context


def _hasher() -> PasswordHasher:
    if has_app_context():
        return PasswordHasher(
            time_cost=current_app.config["PASSWORD_HASH_TIME_COST"],
            memory_cost=current_app.config["PASSWORD_HASH_MEMORY_KIB"],
        )
    return PasswordHasher()


def hash_password(password: str) -> str:
    """Hash ``password`` with Argon2id and the configured cost."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; never raises on a bad hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: A hash to verify against when the account does not exist, so both answers take as long.
_DUMMY: dict[str, str] = {}


def verify_dummy(password: str) -> None:
    """Spend the same time as a real verification (unknown e-mail answers like a wrong one)."""
    key = "hash"
    if key not in _DUMMY:
        _DUMMY[key] = hash_password("not-a-real-password")
    verify_password(_DUMMY[key], password)
