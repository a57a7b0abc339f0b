"""An edition's voting settings: final votes or changeable ones, e-mailed receipts, retention.

Flush, never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select

from awards.access.gate import actor_of
from awards.access.rules import Action, Target, can
from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import NotAllowed, RuleViolation
from awards.extensions import db
from awards.voting.models import VotingSettings

#: An edition's settings until an organiser saves some (WSIS practice: a vote is final).
DEFAULT_ALLOW_CHANGE = False
DEFAULT_EMAIL_RECEIPTS = False
DEFAULT_RETENTION_DAYS = 180


#: Read by every voting page and the ballot of a loaded entry: built once.
_SETTINGS = select(VotingSettings).where(VotingSettings.edition_id == bindparam("edition_id"))


def voting_settings_of(edition: Edition) -> VotingSettings:
    """The edition's voting settings (the defaults, unsaved, when none are stored)."""
    stored = db.session.scalar(_SETTINGS, {"edition_id": edition.id})
    return stored or VotingSettings(
        edition_id=edition.id,
        allow_change=DEFAULT_ALLOW_CHANGE,
        email_receipts=DEFAULT_EMAIL_RECEIPTS,
        retention_days=DEFAULT_RETENTION_DAYS,
    )


def save_voting_settings(
    edition: Edition,
    *,
    allow_change: bool,
    email_receipts: bool,
    retention_days: int,
    actor: User,
    now: datetime,
) -> VotingSettings:
    """Store the edition's voting settings (organisers; the vote rule only before voting opens)."""
    if not can(actor_of(actor), Action.ORGANISE, Target(edition_id=edition.id)):
        raise NotAllowed("Only an organiser of this edition may do this.")
    if retention_days < 1:
        raise RuleViolation("Keep the evidence for at least one day.")
    settings = voting_settings_of(edition)
    if allow_change != settings.allow_change and now >= edition.voting_opens:
        raise RuleViolation("Whether votes are final cannot change once voting has opened.")
    old = (settings.allow_change, settings.email_receipts, settings.retention_days)
    settings.allow_change = allow_change
    settings.email_receipts = email_receipts
    settings.retention_days = retention_days
    db.session.add(settings)
    db.session.flush()
    record(
        "voting.settings_saved",
        settings,
        f"Voting settings of edition {edition.year}",
        actor_id=actor.id,
        edition_id=edition.id,
        changes={
            "allow_change": [old[0], allow_change],
            "email_receipts": [old[1], email_receipts],
            "retention_days": [old[2], retention_days],
        },
    )
    return settings
