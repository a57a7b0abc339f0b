"""Normalisation keys: folded titles, entity names and websites, to compare entries."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)


def text_key(text: str | None) -> str:
    """Fold ``text`` for comparison: no diacritics, case-folded, punctuation as spaces.

    ``"  Smart   Villages: e-Health, Côte d'Ivoire "`` and ``"smart villages e health cote d
    ivoire"`` give the same key.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def title_key(title: str | None) -> str:
    """The normalised title used for duplicate detection and past-winner matching."""
    return text_key(title)[:200]


def entity_key(name: str | None) -> str:
    """The normalised entity name used for the one-entry-per-entity-per-category rule."""
    return text_key(name)[:200]


def website_key(url: str | None) -> str:
    """Host (without ``www.``) and path (without trailing slash), lower case; "" if no URL.

    ``https://WWW.Example.org/Project/`` and ``http://example.org/project`` share the key
    ``example.org/project``. Query and fragment are ignored.
    """
    if not url or not url.strip():
        return ""
    value = url.strip()
    if "://" not in value:
        value = "http://" + value
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    if not host:
        return ""
    path = parts.path.rstrip("/").lower()
    return f"{host}{path}"[:500]
