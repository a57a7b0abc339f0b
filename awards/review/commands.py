"""The Expert Group's commands (``flask awards ...``): conflicts, assignment, the rubric.

``awards/cli.py`` attaches every command of :data:`review_commands` to the ``awards`` group.
Each command is one unit of work: one commit, or a rollback with the reason.
"""

from __future__ import annotations

from typing import NoReturn

import click
from sqlalchemy import select

from awards import clock
from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.contest.models import Edition
from awards.contest.services import list_editions
from awards.errors import RuleViolation
from awards.extensions import db
from awards.review import assignment_services
from awards.review.assignment import Infeasible
from awards.review.champions import stub_champions_from_jury
from awards.review.conflict_services import active_conflicts, detect_conflicts
from awards.review.nominations import CategoryProposal, confirm_nominees, proposals
from awards.review.reminders import remind_jury
from awards.review.rubric_services import rubric_of
from awards.review.selection import assign_second_round
from awards.review.winners import CategoryResult, category_results
from awards.transaction import commit, rollback


def _refuse(exc: RuleViolation) -> NoReturn:
    rollback()
    raise click.ClickException(exc.message)


def edition_of(year: int) -> Edition:
    edition = next((e for e in list_editions() if e.year == year), None)
    if edition is None:
        raise click.ClickException(f"No edition {year}.")
    return edition


@click.command("detect-conflicts")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def detect_conflicts_command(year: int) -> None:
    """Store the automatic conflicts of interest between experts and eligible entries."""

    edition = edition_of(year)
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


@click.command("assign")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option(
    "--per-entry", type=click.IntRange(min=1), help="Reviews per entry (default: the edition's)."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Breaks ties reproducibly.")
@click.option("--dry-run", is_flag=True, help="Show the assignment without storing it.")
def assign_command(year: int, per_entry: int | None, seed: int, dry_run: bool) -> None:
    """Assign the eligible entries of an edition to its experts (round 1)."""

    edition = edition_of(year)
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


@click.command("rubric")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def rubric_command(year: int) -> None:
    """Print the rubric the experts of an edition score with."""

    rubric = rubric_of(edition_of(year))
    click.echo(f"Scale {rubric.low}-{rubric.high}.")
    for criterion in rubric.criteria:
        click.echo(f"  {criterion.key:<16} weight {criterion.weight:g}  {criterion.name}")
    for band in rubric.bands:
        click.echo(f"  {band.low:>2}-{band.high:<2} {band.label}")


def _organiser(email: str) -> User:
    actor = db.session.scalar(select(User).where(User.email_key == email_key(email)))
    if actor is None:
        raise click.ClickException(f"No account {email}.")
    return actor


@click.command("champions-from-jury")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--organiser", "email", required=True, help="The organiser recording them.")
def champions_from_jury_command(year: int, email: str) -> None:
    """STUB until public voting: make the best-scored nominees of each category Champions."""

    edition = edition_of(year)
    actor = _organiser(email)
    try:
        count = stub_champions_from_jury(edition, actor=actor, now=clock.utcnow())
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    click.echo(f"{count} Champions recorded from the jury's scores (no public votes yet).")


@click.command("remind-jury")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def remind_jury_command(year: int) -> None:
    """E-mail each expert with reviews still to finish in the current round."""

    edition = edition_of(year)
    try:
        reminded = remind_jury(edition, actor=None, now=clock.utcnow())
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    for user, count in reminded:
        click.echo(f"  {user.name} <{user.email}>: {count} reviews to finish")
    click.echo(f"Reminded {len(reminded)} experts of {edition.year}.")


def _print_proposal(plan: CategoryProposal) -> None:
    category = plan.category
    state = "confirmed" if plan.confirmed else "not confirmed"
    click.echo(
        f"Category {category.number} {category.name[:40]}: {len(plan.reviewed_ids)} reviewed "
        f"of {len(plan.rows)} eligible, top {plan.limit} proposed: {len(plan.proposed_ids)} "
        f"({state})."
    )
    if plan.proposed_ids:
        click.echo(f"  proposed: {', '.join(map(str, plan.proposed_ids))}")
    if plan.tied_at_boundary:
        click.echo(f"  tied at the boundary: {', '.join(map(str, plan.tied_at_boundary))}")


@click.command("nominate")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--category", "number", type=int, help="Only this category (its number).")
@click.option(
    "--confirm-proposal",
    is_flag=True,
    help="Confirm the proposal of each unconfirmed category without a tie at the boundary.",
)
@click.option("--organiser", "email", help="The organiser confirming (with --confirm-proposal).")
def nominate_command(
    year: int, number: int | None, confirm_proposal: bool, email: str | None
) -> None:
    """Print the proposed nominees per category; optionally confirm the clear-cut ones."""

    edition = edition_of(year)
    plans = [p for p in proposals(edition) if number is None or p.category.number == number]
    if number is not None and not plans:
        raise click.ClickException(f"No category {number} in {edition.year}.")
    for plan in plans:
        _print_proposal(plan)
    if not confirm_proposal:
        return
    if not email:
        raise click.ClickException("--confirm-proposal needs --organiser EMAIL.")
    actor = db.session.scalar(select(User).where(User.email_key == email_key(email)))
    if actor is None:
        raise click.ClickException(f"No account {email}.")
    confirmed, waiting = [], []
    try:
        for plan in plans:
            if plan.confirmed or not plan.proposed_ids:
                continue
            if plan.tied_at_boundary:
                waiting.append(plan.category.number)
                continue
            confirm_nominees(
                edition, plan.category, plan.proposed_ids, "", actor=actor, now=clock.utcnow()
            )
            confirmed.append(plan.category.number)
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    click.echo(f"Confirmed the proposal of categories: {', '.join(map(str, confirmed)) or 'none'}.")
    if waiting:
        click.echo(
            "Tied at the boundary, for an organiser to decide on the nomination page: "
            f"categories {', '.join(map(str, waiting))}."
        )


@click.command("second-round")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
@click.option("--organiser", "email", required=True, help="The organiser assigning it.")
def second_round_command(year: int, email: str) -> None:
    """Assign the Champions of every category to its experts for the second round."""

    edition = edition_of(year)
    try:
        outcome = assign_second_round(edition, actor=_organiser(email), now=clock.utcnow())
    except RuleViolation as exc:
        _refuse(exc)
    commit()
    for f in outcome.categories:
        whole = "  (whole jury: under 2 experts of its own)" if f.whole_jury else ""
        click.echo(
            f"  {f.number:>3} {f.name[:40]:<40} {f.champions:>2} Champions {f.experts:>3} experts "
            f"{f.reviews:>4} reviews (+{f.assigned} -{f.withdrawn}){whole}"
        )
        if f.unreviewed:
            click.echo(
                f"      no expert without a conflict for entries "
                f"{', '.join(map(str, f.unreviewed))}"
            )
    click.echo(f"Stored: {outcome.assigned} assigned, {outcome.withdrawn} withdrawn.")


def _score(value: float | None) -> str:
    return f"{value:5.2f}" if value is not None else "    -"


def _print_result(result: CategoryResult) -> None:
    category = result.category
    source = "jury stub" if result.from_jury_stub else "votes"
    click.echo(
        f"{category.number} {category.name}" + (f" (Champions: {source})" if result.rows else "")
    )
    if not result.rows:
        click.echo("    no Champions yet")
        return
    for row in result.rows:
        click.echo(
            f"    entry {row.entry_id:>5}  second round {_score(row.second_round)} "
            f"({row.reviews_done}/{row.reviews_total})  votes {row.valid_votes:>6}  "
            f"first round {_score(row.first_round)}  {row.entry.title[:40]}"
        )
    if result.waiting:
        click.echo(
            f"    waiting: no second-round review of entries {', '.join(map(str, result.waiting))}"
        )
    elif result.tied:
        click.echo(f"    tie between entries {', '.join(map(str, result.tied))}: organisers decide")
    elif result.proposed is not None:
        click.echo(f"    proposed Winner: entry {result.proposed}")
    if result.decision is not None:
        stale = " (no longer the rule's result)" if result.stale else ""
        click.echo(f"    confirmed Winner: entry {result.decision.entry_id}{stale}")


@click.command("winners")
@click.option("--edition", "year", type=int, required=True, help="The edition's year.")
def winners_command(year: int) -> None:
    """Print each category's Champions, second-round means, and proposed Winner or tie."""

    edition = edition_of(year)
    for category in edition.categories:
        _print_result(category_results(edition, category))


#: Attached to ``flask awards`` by ``awards/cli.py``; append new commands here.
review_commands: list[click.Command] = [
    detect_conflicts_command,
    assign_command,
    rubric_command,
    champions_from_jury_command,
    remind_jury_command,
    nominate_command,
    second_round_command,
    winners_command,
]
