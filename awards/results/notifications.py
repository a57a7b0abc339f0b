"""Telling the nominees' teams the published results: Winner, Champion or nominee, one e-mail
per person of each team (owner and active members), in their own language, through the outbox.

Each person's :class:`ResultNotice` is flushed with their outbox row, so whatever commits
together is sent once: a re-run after a failure skips whoever was already told. The CLI
commits after each entry (progress survives a crash); the page's button commits once.
Flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select

from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.links import external_url
from awards.outbox.services import queue_mail
from awards.results.models import ResultNotice
from awards.results.publication import publication_of
from awards.review.champions import champions_of
from awards.review.experts import require_organiser
from awards.review.nominees import nominees_of
from awards.review.winners import winners_of
from awards.submissions.models import Entry
from awards.submissions.teams import team_of

WINNER, CHAMPION, NOMINEE = "winner", "champion", "nominee"


def kinds_of(edition: Edition) -> list[tuple[Entry, str]]:
    """Every nominee of the edition with what it became, by category then entry id."""
    winners = {e.id for e in winners_of(edition).values()}
    champions = {c.entry_id for rows in champions_of(edition).values() for c in rows}
    result = []
    for _category_id, entries in sorted(nominees_of(edition).items()):
        for entry in sorted(entries, key=lambda e: e.id):
            kind = WINNER if entry.id in winners else CHAMPION if entry.id in champions else NOMINEE
            result.append((entry, kind))
    return result


def _told(edition: Edition) -> set[tuple[int, int]]:
    rows = db.session.execute(
        select(ResultNotice.entry_id, ResultNotice.user_id).where(
            ResultNotice.edition_id == edition.id
        )
    )
    return {(entry_id, user_id) for entry_id, user_id in rows}


def notification_progress(edition: Edition) -> tuple[int, int]:
    """(people told, people to tell) for the edition's published results."""
    if publication_of(edition) is None:
        return 0, 0
    total = sum(len(team_of(entry)) for entry, _ in kinds_of(edition))
    done = db.session.scalar(
        select(func.count(ResultNotice.id)).where(ResultNotice.edition_id == edition.id)
    )
    return int(done or 0), total


def _mail(edition: Edition, entry: Entry, kind: str, user: User, now: datetime) -> None:
    queue_mail(
        user.email,
        f"results_{kind}",
        user.locale or "en",
        name=user.name,
        title=entry.title,
        edition=edition.title,
        url=external_url("results.edition", year=edition.year),
    )
    db.session.add(
        ResultNotice(
            edition_id=edition.id, entry_id=entry.id, user_id=user.id, kind=kind, queued_at=now
        )
    )
    db.session.flush()


def notify_entry(edition: Edition, entry: Entry, kind: str, now: datetime) -> int:
    """Queue the results e-mail to each person of ``entry``'s team not told yet; how many."""
    told = _told(edition)
    queued = 0
    for user in team_of(entry):
        if (entry.id, user.id) not in told:
            _mail(edition, entry, kind, user, now)
            queued += 1
    return queued


def require_published(edition: Edition, actor: User) -> None:
    require_organiser(actor, edition.id)
    if publication_of(edition) is None:
        raise RuleViolation("Publish the results before telling the nominees.")


def notify_results(
    edition: Edition,
    *,
    actor: User,
    now: datetime,
    after_entry: Callable[[Entry, int], None] | None = None,
) -> int:
    """Queue the results e-mails still owed (organisers, once published). ``after_entry``
    is called after each entry (the CLI commits and moves its progress bar there)."""
    require_published(edition, actor)
    queued = 0
    for entry, kind in kinds_of(edition):
        count = notify_entry(edition, entry, kind, now)
        queued += count
        if after_entry is not None:
            after_entry(entry, count)
    if queued:
        record(
            "results.notified",
            edition,
            f"Results of edition {edition.year}: {queued} e-mails queued",
            actor_id=actor.id,
            edition_id=edition.id,
            changes={"queued": queued},
        )
    return queued
