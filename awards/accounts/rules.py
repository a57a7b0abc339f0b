"""Pure rules about accounts: identity of e-mail addresses, roles."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from awards.accounts.models import Role


def email_key(address: str) -> str:
    """The identity of an e-mail address: NFKC-normalised, case-folded, trimmed.

    ``Ana@Example.org``, ``ana@EXAMPLE.ORG`` and a decomposed-Unicode spelling of the same
    address all give one key, so they can never make two accounts.
    """
    return unicodedata.normalize("NFKC", address.strip()).casefold()


def holds_role(
    grants: Iterable[tuple[Role | str, int | None]], role: Role, edition_id: int | None
) -> bool:
    """Whether the grants include ``role`` for ``edition_id``.

    A grant without an edition applies to every edition. Admins hold every role.
    """
    role = Role(role)
    for granted, granted_edition in grants:
        granted = Role(granted)
        if granted is Role.ADMIN:
            return True
        if granted is role and (granted_edition is None or granted_edition == edition_id):
            return True
    return False
