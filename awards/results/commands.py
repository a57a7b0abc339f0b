"""Results' commands (``flask awards tally``, ``verify-tally``), attached by ``awards/cli.py``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from sqlalchemy import select

from awards import clock
from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.contest.models import Category, Edition
from awards.errors import RuleViolation
from awards.extensions import db
from awards.results.certificates import certificate_pdf, certificates_of
from awards.results.notifications import kinds_of, notify_results, require_published
from awards.results.snapshots import (
    latest_snapshot,
    record_champions_from,
    take_snapshot,
    verify_snapshot,
)
from awards.transaction import commit, rollback


def _edition(year: int) -> Edition:
    edition = db.session.scalar(select(Edition).where(Edition.year == year))
    if edition is None:
        raise click.ClickException(f"No edition {year}.")
    return edition


def _organiser(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email_key == email_key(email)))
    if user is None:
        raise click.ClickException(f"No account {email}.")
    return user


@click.command("tally")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--organiser", "email", required=True, help="The organiser taking the tally.")
@click.option(
    "--record-champions/--no-record-champions",
    default=True,
    show_default=True,
    help="Make the tally's Champions the categories' Champions (replacing the jury stub).",
)
def tally_command(year: int, email: str, record_champions: bool) -> None:
    """Count the valid votes of an edition and store a checksummed snapshot."""

    edition = _edition(year)
    actor = _organiser(email)
    started = time.perf_counter()
    try:
        with click.progressbar(
            length=len(edition.categories),
            label="Tallying",
            file=sys.stderr,
        ) as bar:

            def step(_: Category) -> None:
                bar.update(1)

            snapshot = take_snapshot(edition, actor=actor, now=clock.utcnow(), progress=step)
        champions = (
            record_champions_from(snapshot, actor=actor, now=clock.utcnow())
            if record_champions
            else 0
        )
    except RuleViolation as exc:
        rollback()
        raise click.ClickException(exc.message) from exc
    commit()
    total = sum(c["valid_votes"] for c in snapshot.data.values())
    click.echo(
        f"Snapshot {snapshot.id}: {total} valid votes in {len(snapshot.data)} categories, "
        f"checksum {snapshot.inputs_checksum} ({time.perf_counter() - started:.1f} s)."
    )
    for number, stored in sorted(snapshot.data.items(), key=lambda kv: int(kv[0])):
        if stored["unresolved"]:
            click.echo(
                f"  Category {number}: a tie at the boundary needs the organisers' decision "
                f"(entries {', '.join(map(str, stored['unresolved']))})."
            )
    if record_champions:
        click.echo(f"{champions} Champions recorded from the valid votes.")


@click.command("verify-tally")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def verify_tally_command(year: int) -> None:
    """Recompute the latest snapshot from the votes; exit 1 naming each category that differs."""

    edition = _edition(year)
    snapshot = latest_snapshot(edition)
    if snapshot is None:
        raise click.ClickException(f"Edition {year} has no tally yet: run `flask awards tally`.")
    mismatches = verify_snapshot(snapshot)
    rollback()
    if not mismatches:
        click.echo(f"Snapshot {snapshot.id} matches the votes ({snapshot.inputs_checksum}).")
        return
    for mismatch in mismatches:
        where = f"Category {mismatch.category_number}" if mismatch.category_number else "Snapshot"
        click.echo(f"{where}: {mismatch.what}.", err=True)
    raise SystemExit(1)


@click.command("certificates")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="The folder to write the PDF files to (made if missing).",
)
def certificates_command(year: int, out: Path) -> None:
    """Write every certificate of a published edition as PDF files."""

    edition = _edition(year)
    started = time.perf_counter()
    certificates = certificates_of(edition)
    if not certificates:
        raise click.ClickException(f"Edition {year} has no published results: no certificates.")
    out.mkdir(parents=True, exist_ok=True)
    for certificate in certificates:
        (out / certificate.archive_name).write_bytes(certificate_pdf(certificate))
    rollback()
    click.echo(
        f"{len(certificates)} certificates written to {out} "
        f"({time.perf_counter() - started:.1f} s)."
    )


@click.command("notify-results")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--organiser", "email", required=True, help="The organiser sending the e-mails.")
def notify_results_command(year: int, email: str) -> None:
    """E-mail each nominee's team its published result (Winner, Champion, nominee), once.

    Committed after each entry: after a failure, run it again; nobody is told twice."""

    edition = _edition(year)
    actor = _organiser(email)
    try:
        require_published(edition, actor)
    except RuleViolation as exc:
        rollback()
        raise click.ClickException(exc.message) from exc
    entries = len(kinds_of(edition))
    with click.progressbar(length=entries, label="Notifying", file=sys.stderr) as bar:

        def step(_entry: object, _count: int) -> None:
            commit()
            bar.update(1)

        queued = notify_results(edition, actor=actor, now=clock.utcnow(), after_entry=step)
    commit()
    click.echo(f"{queued} e-mails queued for the nominees of {year}.")


#: Attached to ``flask awards`` by ``awards/cli.py``; append new commands here.
results_commands: list[click.Command] = [
    tally_command,
    verify_tally_command,
    certificates_command,
    notify_results_command,
]
