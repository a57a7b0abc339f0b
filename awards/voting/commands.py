"""Public voting's commands (``flask awards ...``), attached by ``awards/cli.py``."""

from __future__ import annotations

import click
from sqlalchemy import select

from awards import clock
from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.transaction import commit, rollback
from awards.voting import tallies
from awards.voting.retention import reduce_evidence
from awards.voting.settings import save_voting_settings, voting_settings_of


def _edition(year: int) -> Edition:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        raise click.ClickException(f"No edition {year}.")
    return edition


@click.command("voting-settings")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--organiser", "email", help="The organiser changing them (omit to print).")
@click.option("--allow-change/--final", default=None, help="Whether a vote may be changed.")
@click.option("--email-receipts/--no-email-receipts", default=None, help="E-mail receipts.")
@click.option("--retention-days", type=int, help="Days the full evidence is kept.")
def voting_settings_command(
    year: int,
    email: str | None,
    allow_change: bool | None,
    email_receipts: bool | None,
    retention_days: int | None,
) -> None:
    """Print or change an edition's voting settings."""

    edition = _edition(year)
    settings = voting_settings_of(edition)
    if email:
        actor = db.session.scalar(select(User).where(User.email_key == email_key(email)))
        if actor is None:
            raise click.ClickException(f"No account {email}.")
        try:
            settings = save_voting_settings(
                edition,
                allow_change=settings.allow_change if allow_change is None else allow_change,
                email_receipts=(
                    settings.email_receipts if email_receipts is None else email_receipts
                ),
                retention_days=retention_days or settings.retention_days,
                actor=actor,
                now=clock.utcnow(),
            )
        except RuleViolation as exc:
            rollback()
            raise click.ClickException(exc.message) from exc
        commit()
    click.echo(
        f"Votes {'may be changed until voting closes' if settings.allow_change else 'are final'}; "
        f"receipts {'e-mailed' if settings.email_receipts else 'on screen only'}; "
        f"evidence kept {settings.retention_days} days after voting closes."
    )


@click.command("reduce-vote-evidence")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def reduce_vote_evidence_command(year: int) -> None:
    """Reduce the votes' evidence once the edition's retention period is over.

    The IP address is cut to its network; the user agent and Accept-Language are removed.
    Safe to run every day: before the period ends it says when, and does nothing.
    """
    edition = _edition(year)
    try:
        reduced = reduce_evidence(edition, clock.utcnow())
    except RuleViolation as exc:
        rollback()
        raise click.ClickException(exc.message) from exc
    commit()
    click.echo(f"Evidence of {reduced} votes of edition {year} reduced.")


@click.command("tally-votes")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--rebuild", is_flag=True, help="Count every vote again from the start.")
def tally_votes_command(year: int, rebuild: bool) -> None:
    """Add the latest votes to the running tallies (the organisers' pages do it too)."""
    edition = _edition(year)
    if rebuild:
        tallies.rebuild(edition.id)
    mark = tallies.seal(edition.id, clock.utcnow())
    commit()
    click.echo(f"{mark.votes} votes of edition {year} tallied.")


#: Attached to ``flask awards`` by ``awards/cli.py``; append new commands here.
voting_commands: list[click.Command] = [
    voting_settings_command,
    reduce_vote_evidence_command,
    tally_votes_command,
]
