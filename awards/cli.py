"""`flask awards ...`: thin commands over the services; each command is one commit point."""

from __future__ import annotations

import time
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from awards import clock
from awards import demo as demo_data
from awards.accounts.grants import create_organiser as create
from awards.contest import services
from awards.contest.models import Edition
from awards.contest.rules import Phase, next_milestone
from awards.contest.services import list_editions
from awards.contest.timefmt import MILESTONE_LABELS, format_deadline, is_known_zone
from awards.errors import RuleViolation
from awards.outbox.services import deliver as deliver_due
from awards.review import assignment_services
from awards.review.assignment import Infeasible
from awards.review.conflict_services import active_conflicts, detect_conflicts
from awards.review.reminders import remind_jury
from awards.transaction import commit, rollback

awards_cli = AppGroup("awards", help="Run the contest from the command line.")
mail_cli = AppGroup("mail", help="The outbox: deliver queued e-mail.")
awards_cli.add_command(mail_cli)

PHASE_CHOICES = ("submission", "nomination", "voting", "selection", "ceremony")


def register_cli(app: Flask) -> None:
    """Attach the command group to the app."""
    app.cli.add_command(awards_cli)


def _refuse(exc: RuleViolation) -> NoReturn:
    rollback()
    raise click.ClickException(exc.message)


@awards_cli.command("version")
def version() -> None:
    """Print the version."""
    click.echo("awards 0.1.0")


@awards_cli.command("create-edition")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--title", help='Defaults to "WSIS Prizes YEAR".')
@click.option("--timezone", "zone", help="IANA zone of the deadlines (default AWARDS_TIMEZONE).")
@click.option("--wsis-categories", is_flag=True, help="Load the 18 WSIS categories.")
@click.option(
    "--calendar",
    type=click.Choice(["2021", "relative"]),
    default="2021",
    show_default=True,
    help="2021: the 2021 calendar placed in YEAR; relative: submission opens now.",
)
def create_edition(
    year: int, title: str | None, zone: str | None, wsis_categories: bool, calendar: str
) -> None:
    """Create the edition of YEAR with its calendar (and the WSIS categories)."""

    zone = zone or current_app.config["AWARDS_TIMEZONE"]
    if not is_known_zone(zone):
        raise click.BadParameter(f"Unknown time zone: {zone}", param_hint="--timezone")
    now = clock.utcnow()
    if calendar == "relative":
        dates = services.calendar_with_phase_now(Phase.SUBMISSION, now, zone)
    else:
        dates = services.calendar_2021(year, zone)
    try:
        edition = services.create_edition(
            year, title or f"WSIS Prizes {year}", zone, dates, wsis_categories=wsis_categories
        )
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    click.echo(
        f"Created {edition.title} (id {edition.id}) with {len(edition.categories)} categories; "
        f"phase now: {edition.phase(now).value}."
    )


@awards_cli.command("create-organiser")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, help="Prompted if absent."
)
def create_organiser(email: str, name: str, password: str) -> None:
    """Create a verified organiser account (or give an existing account the role)."""

    try:
        user = create(name, email, password, now=clock.utcnow())
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    click.echo(f"Organiser ready: {user.email} (id {user.id}).")


@awards_cli.command("demo")
@click.option(
    "--phase",
    type=click.Choice(PHASE_CHOICES),
    default="submission",
    show_default=True,
    help="Place the demo calendar so that this phase is current now.",
)
@click.option("--if-missing", is_flag=True, help="Do nothing when the demo edition exists.")
@click.option("--allow-production", is_flag=True, help="Load even when AWARDS_ENV is production.")
def demo(phase: str, if_missing: bool, allow_production: bool) -> None:
    """Load the "WSIS Prizes 2021" demo edition, accounts and entries."""

    if current_app.config["AWARDS_ENV"] == "production" and not allow_production:
        raise click.ClickException(
            "The demo creates accounts with a published password; refusing in production "
            "(use --allow-production for a throwaway database)."
        )
    if if_missing and demo_data.find_demo_edition() is not None:
        click.echo("The demo edition exists already; nothing to do.")
        return
    now = clock.utcnow()
    result = demo_data.load_demo(phase, now=now)
    commit()
    verb = "Loaded" if result.created else "Moved"
    click.echo(f"{verb} {result.edition.title}: phase now {result.edition.phase(now).value}.")
    if result.entries:
        click.echo(f"{result.entries} fake entries.")
    click.echo("Demo accounts (password for all: " + result.password + "):")
    for address, role in result.accounts:
        click.echo(f"  {address:<24} {role}")


@awards_cli.command("phase")
def phase() -> None:
    """Print each edition's current phase and next deadline."""

    now = clock.utcnow()
    editions = list_editions()
    if not editions:
        click.echo("No edition yet: create one with `flask awards create-edition YEAR`.")
    for edition in editions:
        upcoming = next_milestone(edition.schedule(), now)
        line = f"{edition.year} {edition.title}: {edition.phase(now).value}"
        if upcoming:
            when = format_deadline(upcoming.at, edition.timezone, "UTC", "en")
            line += f"; next: {MILESTONE_LABELS[upcoming.field]} {when}"
        click.echo(line)


@mail_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped (a worker process).")
@click.option("--interval", type=click.FloatRange(min=0.1), default=5.0, show_default=True)
def deliver(loop: bool, interval: float) -> None:
    """Send the due messages of the outbox (retrying failed ones with back-off)."""

    try:
        while True:
            sent, failed = deliver_due()
            if sent or failed or not loop:
                click.echo(f"sent {sent}, failed {failed}")
            if not loop:
                return
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("stopped")


def _edition_of(year: int) -> Edition:
    edition = next((e for e in list_editions() if e.year == year), None)
    if edition is None:
        raise click.ClickException(f"No edition {year}.")
    return edition


@awards_cli.command("detect-conflicts")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def detect_conflicts_command(year: int) -> None:
    """Store the automatic conflicts of interest between experts and eligible entries."""

    edition = _edition_of(year)
    created = detect_conflicts(edition, clock.utcnow())
    commit()
    click.echo(
        f"{len(created)} new conflicts of interest; "
        f"{len(active_conflicts(edition))} active in {edition.year}."
    )


def _print_plan(plan: assignment_services.Plan) -> None:
    for figures in plan.categories:
        click.echo(
            f"  {figures.number:>3} {figures.name[:40]:<40} {figures.entries:>4} entries "
            f"{figures.reviews:>5} reviews  load {figures.min_load}-{figures.max_load}"
        )
    entries = sum(f.entries for f in plan.categories)
    click.echo(
        f"Total: {entries} entries, {plan.reviews} reviews, {len(plan.loads)} experts, "
        f"load per expert {plan.min_load}-{plan.max_load}."
    )


def _explain(edition: Edition, exc: Infeasible) -> NoReturn:
    rollback()
    names = {c.id: f"{c.number} {c.name}" for c in edition.categories}
    lines = ["The assignment cannot be made; nothing was written."]
    for short in exc.shortfalls:
        lines.append(
            f"  Category {names.get(short.category, short.category)}: "
            f"{len(short.entry_ids)} entries have only {short.eligible} experts without a "
            f"conflict, {short.needed} needed (entries {', '.join(map(str, short.entry_ids))})."
        )
    if exc.capacity < exc.needed:
        lines.append(f"  The experts' caps hold {exc.capacity} reviews of the {exc.needed} needed.")
    raise click.ClickException("\n".join(lines))


@awards_cli.command("assign")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option(
    "--per-entry", type=click.IntRange(min=1), help="Reviews per entry (default: the edition's)."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Breaks ties reproducibly.")
@click.option("--dry-run", is_flag=True, help="Show the assignment without storing it.")
def assign_command(year: int, per_entry: int | None, seed: int, dry_run: bool) -> None:
    """Assign the eligible entries of an edition to its experts (round 1)."""

    edition = _edition_of(year)
    try:
        if dry_run:
            plan = assignment_services.preview(edition, per_entry, seed)
        else:
            outcome = assignment_services.run(edition, per_entry, seed, None, clock.utcnow())
            plan = outcome.plan
    except Infeasible as exc:
        _explain(edition, exc)
    except RuleViolation as exc:
        _refuse(exc)
    _print_plan(plan)
    if dry_run:
        rollback()
        click.echo("Dry run: nothing was stored.")
        return
    commit()
    click.echo(f"Stored: {len(outcome.assigned)} assigned, {len(outcome.withdrawn)} withdrawn.")


@awards_cli.command("remind-jury")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def remind_jury_command(year: int) -> None:
    """E-mail each expert with reviews still to finish in the current round."""

    edition = _edition_of(year)
    try:
        reminded = remind_jury(edition, actor=None, now=clock.utcnow())
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    for user, count in reminded:
        click.echo(f"  {user.name} <{user.email}>: {count} reviews to finish")
    click.echo(f"Reminded {len(reminded)} experts of {edition.year}.")
