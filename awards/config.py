"""Settings read from the environment, with explicit types.

Every variable is documented in ``.env.example``. ``SECRET_KEY`` is required outside
development; ``make run`` generates one into ``instance/secret_key`` on first start.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from awards.links import check_base_url

LANGUAGES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ar": "العربية",
    "zh": "中文",
    "ru": "Русский",
}
RTL_LANGUAGES = frozenset({"ar"})


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"not a boolean: {value!r}")


def _int(value: str | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"not an integer: {value!r}") from exc


def _secret_key(env: Mapping[str, str], instance_path: Path, environment: str) -> str:
    key = env.get("SECRET_KEY", "")
    if key:
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if environment in {"development", "testing"}:
        raise ConfigError(
            "SECRET_KEY is not set and instance/secret_key is missing: run `make run`, "
            "or set SECRET_KEY"
        )
    raise ConfigError("SECRET_KEY must be set in production")


def _base_url(env: Mapping[str, str], environment: str) -> str:
    """The public address that mail links point to (``awards.links``); required in production."""
    value = env.get("AWARDS_BASE_URL", "").strip()
    if not value:
        if environment == "production":
            raise ConfigError(
                "AWARDS_BASE_URL must be set in production (e.g. https://prizes.example.org): "
                "links in mail are built from it, never from a request's Host header"
            )
        value = "http://127.0.0.1:5000"
    try:
        return check_base_url(value)
    except ValueError as exc:
        raise ConfigError(f"AWARDS_BASE_URL: {exc}") from exc


def _trusted_hosts(env: Mapping[str, str], production: bool) -> list[str]:
    """``AWARDS_TRUSTED_HOSTS`` (comma-separated), else in production AWARDS_BASE_URL's host.

    Empty means no check (development and testing by default).
    """
    listed = [h.strip().lower() for h in env.get("AWARDS_TRUSTED_HOSTS", "").split(",")]
    if any(listed):
        return [h for h in listed if h]
    host = urlsplit(env.get("AWARDS_BASE_URL", "")).hostname
    return [host] if production and host else []


def load_config(env: Mapping[str, str], instance_path: Path) -> dict[str, Any]:
    """Build the Flask config mapping from environment variables."""
    environment = env.get("AWARDS_ENV", "production")
    if environment not in {"production", "development", "testing"}:
        raise ConfigError(f"AWARDS_ENV must be production, development or testing: {environment}")
    timezone = env.get("AWARDS_TIMEZONE", "Europe/Zurich")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"AWARDS_TIMEZONE is not a known time zone: {timezone}") from exc
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'awards.sqlite'}"
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    redis_url = env.get("REDIS_URL", "")
    mail_server = env.get("MAIL_SERVER", "")
    production = environment == "production"
    return {
        "AWARDS_ENV": environment,
        "SECRET_KEY": _secret_key(env, instance_path, environment),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "REDIS_URL": redis_url,
        "AWARDS_TIMEZONE": timezone,
        "AWARDS_BASE_URL": _base_url(env, environment),
        "AWARDS_TRUSTED_HOSTS": _trusted_hosts(env, production),
        # How many reverse proxies in front append to X-Forwarded-For / set X-Forwarded-Proto.
        "AWARDS_PROXY_HOPS": _int(env.get("AWARDS_PROXY_HOPS"), 0),
        # Mail bodies carry live tokens: the Outbox page shows them only on a developer's machine.
        "OUTBOX_SHOW_BODIES": environment == "development",
        "AWARDS_EXTRA_TERRITORIES": env.get("AWARDS_EXTRA_TERRITORIES", "PS,VA"),
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": _int(env.get("MAIL_PORT"), 25),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS"), False),
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL"), False),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "WSIS Prizes <noreply@localhost>"),
        "MAIL_TIMEOUT": _int(env.get("MAIL_TIMEOUT"), 10),
        # Without an SMTP server, mail is printed to the console and kept in the outbox page.
        "MAIL_CONSOLE": not mail_server,
        "MAIL_DELIVER_AFTER_COMMIT": _bool(env.get("MAIL_DELIVER_AFTER_COMMIT"), True),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        # Off: a refused request gets its Retry-After from awards.error_pages.retry_after.
        "RATELIMIT_HEADERS_ENABLED": False,
        "RATELIMIT_LOGIN": env.get("RATELIMIT_LOGIN") or "10 per minute; 50 per hour",
        "RATELIMIT_REGISTER": env.get("RATELIMIT_REGISTER") or "5 per minute; 20 per hour",
        "RATELIMIT_REGISTER_ADDRESS": env.get("RATELIMIT_REGISTER_ADDRESS")
        or "3 per hour; 10 per day",
        "RATELIMIT_RESET": env.get("RATELIMIT_RESET") or "3 per minute; 10 per hour",
        "RATELIMIT_RESEND": env.get("RATELIMIT_RESEND") or "3 per minute; 10 per hour",
        "RATELIMIT_RECEIPT": env.get("RATELIMIT_RECEIPT") or "10 per minute; 60 per hour",
        # Casting votes: per address (one NAT may hide a whole venue) and per account.
        "RATELIMIT_VOTE": env.get("RATELIMIT_VOTE") or "60 per minute; 600 per hour",
        "RATELIMIT_VOTE_ACCOUNT": env.get("RATELIMIT_VOTE_ACCOUNT")
        or "20 per minute; 100 per hour",
        # Seconds each worker keeps the nominees' cards (0: rebuilt for every page, as in tests).
        "VOTING_CARDS_CACHE_SECONDS": _int(
            env.get("VOTING_CARDS_CACHE_SECONDS"), 0 if environment == "testing" else 60
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), production),
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": LANGUAGES,
        "PASSWORD_HASH_TIME_COST": _int(env.get("PASSWORD_HASH_TIME_COST"), 3),
        "PASSWORD_HASH_MEMORY_KIB": _int(env.get("PASSWORD_HASH_MEMORY_KIB"), 65536),
        "TOKEN_MAX_AGE_SECONDS": _int(env.get("TOKEN_MAX_AGE_SECONDS"), 2 * 24 * 3600),
        "INVITATION_MAX_AGE_SECONDS": _int(env.get("INVITATION_MAX_AGE_SECONDS"), 14 * 24 * 3600),
        "UPLOAD_FOLDER": env.get("UPLOAD_FOLDER") or str(instance_path / "uploads"),
        "MAX_CONTENT_LENGTH": _int(env.get("MAX_UPLOAD_BYTES"), 12 * 1024 * 1024),
        "MAX_IMAGE_BYTES": _int(env.get("MAX_IMAGE_BYTES"), 5 * 1024 * 1024),
        "MAX_IMAGE_PIXELS": _int(env.get("MAX_IMAGE_PIXELS"), 25_000_000),
    }
