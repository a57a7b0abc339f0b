"""Shape checks of what is typed: web addresses and e-mail addresses (pure)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from awards.accounts.email_address import is_email_address

_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def is_valid_url(url: str | None) -> bool:
    """Whether ``url`` is an absolute http(s) address with a real-looking host name."""
    if not url or len(url) > 500 or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for an invalid port
    except ValueError:
        return False
    if parts.scheme not in {"http", "https"} or not host or parts.username is not None:
        return False
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False
    labels = ascii_host.split(".")
    return (
        len(labels) >= 2
        and all(_HOST_LABEL.match(label) for label in labels)
        and bool(_TLD.match(labels[-1]))
    )


def is_valid_email(address: str | None) -> bool:
    """Whether ``address`` is an e-mail address, by the platform's one check."""
    return bool(address) and is_email_address(address or "")


def completed_url(text: str | None) -> str | None:
    """``https://`` + ``text`` when ``text`` is a bare domain (``example.org/path``), else None."""
    text = (text or "").strip()
    if not text or "://" in text or text.startswith(("/", "//")) or ":" in text.split("/")[0]:
        return None
    candidate = f"https://{text}"
    return candidate if is_valid_url(candidate) else None
