"""E-mail domains refused for accounts: the maintained disposable list, and the organisers' own.

:func:`refuse_disposable` is the one check, called where an address becomes an account's:
sign-up, a change of address, and a jury invitation accepted with a new account. The pure
decision is :mod:`awards.accounts.disposable`; this module reads the organisers' domains and
changes them (flush, never commit; audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from awards.accounts.disposable import (
    display_domain,
    domain_of,
    is_disposable,
    listed_domain,
    parents,
    valid_domain,
)
from awards.accounts.models import BlockedDomain, User
from awards.audit.services import record
from awards.errors import Conflict, RuleViolation
from awards.extensions import db

REASON_MAX = 500


class DisposableAddress(RuleViolation):
    """The address is at a disposable e-mail service: shown on the form (400)."""

    status_code = 400


def organisers_domains_for(domain: str) -> set[str]:
    """The organisers' blocked domains among ``domain`` and the domains it belongs to."""
    candidates = list(parents(domain)) if domain else []
    if not candidates:
        return set()
    query = select(BlockedDomain.domain).where(BlockedDomain.domain.in_(candidates))
    return set(db.session.scalars(query))


def disposable_message(address: str) -> str:
    """What a person is told when ``address`` is refused, naming its domain."""
    return _(
        "Addresses at %(domain)s are disposable and cannot be used for an account. Use an "
        "email address you will keep: we write to it about your entries and votes.",
        domain=display_domain(domain_of(address)),
    )


def is_refused(address: str) -> bool:
    """Whether ``address`` is at a disposable service: the maintained list's or ours."""
    return is_disposable(address, organisers_domains_for(domain_of(address)))


def refuse_disposable(address: str, *, field: str | None = "email") -> None:
    """Raise :class:`DisposableAddress` (on ``field``) if ``address`` may not be an account's."""
    if is_refused(address):
        raise DisposableAddress(disposable_message(address), field=field)


@dataclass(frozen=True)
class DomainCheck:
    """Whether a domain is refused, and by which listed domain (itself or a parent)."""

    domain: str
    #: The listed domain that refuses it (as people read it), or None: accepted.
    listed: str | None
    #: Whether the maintained list refuses it (else the organisers' list, if ``listed``).
    by_package: bool


def check_domain(text: str) -> DomainCheck | None:
    """Whether addresses at the domain ``text`` are refused; ``None`` if ``text`` is none."""
    domain = valid_domain(text)
    if domain is None:
        return None
    in_package = listed_domain(domain)
    listed = in_package or listed_domain(domain, organisers_domains_for(domain))
    return DomainCheck(
        domain=display_domain(domain),
        listed=display_domain(listed) if listed else None,
        by_package=in_package is not None,
    )


# --- the organisers' list ---------------------------------------------------------------------


def blocked_domains() -> list[BlockedDomain]:
    """Every domain the organisers block, alphabetically."""
    return list(db.session.scalars(select(BlockedDomain).order_by(BlockedDomain.domain)))


def find_blocked(domain_id: int) -> BlockedDomain | None:
    return db.session.get(BlockedDomain, domain_id)


def _check_new(domain: str) -> None:
    in_package = listed_domain(domain)
    if in_package is not None:
        raise Conflict(
            _(
                "%(domain)s is refused already: the maintained list of disposable e-mail "
                "services has %(listed)s.",
                domain=display_domain(domain),
                listed=display_domain(in_package),
            ),
            field="domain",
        )
    ours = listed_domain(domain, organisers_domains_for(domain))
    if ours is not None:
        raise Conflict(
            _(
                "%(domain)s is refused already: %(listed)s is on this list.",
                domain=display_domain(domain),
                listed=display_domain(ours),
            ),
            field="domain",
        )


def block_domain(text: str, reason: str, *, actor: User, now: datetime) -> BlockedDomain:
    """Refuse sign-up from the domain ``text`` and its subdomains, for ``reason``."""
    domain = valid_domain(text)
    if domain is None:
        raise RuleViolation(_("Enter a domain name, like mail.example.org."), field="domain")
    reason = reason.strip()
    if not reason:
        raise RuleViolation(_("Say why addresses at this domain are refused."), field="reason")
    if len(reason) > REASON_MAX:
        raise RuleViolation(_("Reason must be 500 characters or fewer."), field="reason")
    _check_new(domain)
    row = BlockedDomain(domain=domain, reason=reason, added_by_id=actor.id, added_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError as exc:  # added by another organiser in the meantime
        message = _("%(domain)s is on this list already.", domain=display_domain(domain))
        raise Conflict(message, field="domain") from exc
    record(
        "domain.blocked",
        row,
        f"Sign-up from {domain} refused: {reason}",
        actor_id=actor.id,
        changes={"domain": domain, "reason": reason},
    )
    return row


def unblock_domain(row: BlockedDomain, *, actor: User) -> str:
    """Accept the domain again (unless the maintained list has it); return the domain."""
    domain = row.domain
    record(
        "domain.unblocked",
        row,
        f"Sign-up from {domain} accepted again",
        actor_id=actor.id,
        changes={"domain": domain, "reason": row.reason},
    )
    db.session.delete(row)
    db.session.flush()
    return domain
