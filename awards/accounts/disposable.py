"""Is an address at a disposable e-mail service? Pure: no Flask, no database.

The maintained list is the ``disposable-email-domains`` package (lower-case ASCII domains,
punycode for the international ones); organisers add domains of their own, passed in as
``extra_domains``. A domain is refused when it, or any domain it belongs to, is listed:
``x.mailinator.com`` is refused with ``mailinator.com``, ``xmailinator.com`` is not.
Domains are compared after IDNA (UTS 46) normalisation, so case, full-width letters and the
Unicode or punycode spelling of a name make no difference.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

import idna
from disposable_email_domains import blocklist

#: The maintained list, as shipped by the package.
PACKAGE_DOMAINS: frozenset[str] = frozenset(blocklist)

DOMAIN_MAX = 253
LABEL_MAX = 63


def normalise_domain(text: str) -> str:
    """``text`` as a lower-case ASCII domain (punycode), no trailing dot; ``''`` if empty.

    IDNA 2008 with the UTS 46 mapping first (case, full-width forms); names it refuses (an
    emoji, an underscore) fall back to IDNA 2003, then to plain case folding, so that every
    text still compares with the list.
    """
    text = text.strip().rstrip(".").strip()
    if not text:
        return ""
    try:
        return idna.encode(text, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        pass
    try:
        return text.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return text.casefold()


def domain_of(address: str) -> str:
    """The normalised domain of an e-mail address (after its last ``@``); ``''`` if none."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return ""
    return normalise_domain(domain)


def parents(domain: str) -> Iterator[str]:
    """``domain`` and every domain it belongs to: ``a.b.c``, ``b.c``, ``c``."""
    labels = domain.split(".")
    for start in range(len(labels)):
        yield ".".join(labels[start:])


def listed_domain(domain: str, extra_domains: Collection[str] = ()) -> str | None:
    """The listed domain that ``domain`` is or belongs to (the package's or an extra one)."""
    domain = normalise_domain(domain)
    if not domain:
        return None
    extra = {normalise_domain(d) for d in extra_domains}
    for candidate in parents(domain):
        if candidate in PACKAGE_DOMAINS or candidate in extra:
            return candidate
    return None


def in_package_list(domain: str) -> bool:
    """Whether the maintained list refuses ``domain`` already (itself or a parent domain)."""
    return listed_domain(domain) is not None


def is_disposable(address: str, extra_domains: Collection[str] = ()) -> bool:
    """Whether ``address`` is at a disposable service: listed by the package or in ``extra``."""
    domain = domain_of(address)
    return bool(domain) and listed_domain(domain, extra_domains) is not None


def valid_domain(text: str) -> str | None:
    """``text`` as a normalised domain an organiser may block, or ``None`` if it is none.

    At least two labels of letters, digits and hyphens (no hyphen at either end), 63
    characters a label, 253 in all; a leading ``@`` or ``*.`` is forgiven (subdomains are
    blocked with their domain anyway).
    """
    text = text.strip().removeprefix("@").removeprefix("*.")
    try:
        domain = idna.encode(text.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    labels = domain.split(".")
    if len(domain) > DOMAIN_MAX or len(labels) < 2:
        return None
    for label in labels:
        if not 0 < len(label) <= LABEL_MAX or label.startswith("-") or label.endswith("-"):
            return None
        if not all(c.isascii() and (c.isalnum() or c == "-") for c in label):
            return None
    if labels[-1].isdigit():
        return None  # an IP address, not a domain
    return domain


def display_domain(domain: str) -> str:
    """A normalised domain as people read it: ``xn--d-bga.net`` is ``dé.net``."""
    try:
        return idna.decode(domain)
    except (idna.IDNAError, UnicodeError, ValueError):
        return domain
