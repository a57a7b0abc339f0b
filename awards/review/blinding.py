"""Blind review (pure): take the team's identity out of what an expert reads.

In blind mode the pages never hand the entity, contacts, website, team or images to the
template at all (``review/review_page.py``); what remains is the team's own prose (title,
description, answers), which may name them. :func:`redact` replaces every mention of the
identifying strings in such text by a marker, whole words only and whatever the case, so an
answer that says "At Ministry of Health we..." reads "At [withheld] we...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

#: Shorter strings (initials, "UN") would strike ordinary words; they are left alone.
MIN_LENGTH = 3


def website_forms(website: str) -> list[str]:
    """The ways a website is written in prose: as given, without the scheme, its host (with
    and without ``www.``)."""
    text = website.strip()
    if not text:
        return []
    forms = [text, re.sub(r"^[a-z][a-z0-9+.-]*://", "", text, flags=re.I).rstrip("/")]
    host = urlsplit(text if "://" in text else f"//{text}").hostname or ""
    if host:
        forms += [host, host.removeprefix("www.")]
    return forms


def identifying_strings(
    entity_name: str,
    website: str,
    people: Iterable[tuple[str, str]],
) -> tuple[str, ...]:
    """What would give the team away: the entity's name, its website, and each person's name
    and e-mail address (contacts and team members), longest first, each once."""
    found = [entity_name, *website_forms(website)]
    for name, email in people:
        found += [name, email]
    unique = {s.strip().casefold(): s.strip() for s in found if len(s.strip()) >= MIN_LENGTH}
    return tuple(sorted(unique.values(), key=lambda s: (-len(s), s)))


@lru_cache(maxsize=256)
def _pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    if not secrets:
        return None
    alternatives = "|".join(re.escape(s) for s in secrets)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def redact(text: str, secrets: tuple[str, ...], marker: str) -> str:
    """``text`` with every whole-word mention of ``secrets`` replaced by ``marker``."""
    if not text:
        return text
    folded = text.casefold()
    # Most texts name no one: a substring test spares compiling a pattern for them.
    present = tuple(s for s in secrets if s.casefold() in folded)
    pattern = _pattern(present)
    return pattern.sub(marker, text) if pattern is not None else text
